#pragma once
// Tables of the what-if page, each over one part of a whatif::Projection.
#include "whatif/Projection.h"
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"
#include "whatif/Scenario.h"

#include <QAbstractTableModel>

namespace costdash::ui {

// Baseline vs projected per task type (or per day).
class ComparisonModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Calls, Baseline, Projected, Savings, SavingsShare, ColumnCount };

    explicit ComparisonModel(QString keyTitle, QObject* parent = nullptr);
    void setRows(const QList<whatif::BaselineVsProjected>& rows);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_keyTitle;
    QList<whatif::BaselineVsProjected> m_rows;
};

// The (task type -> new model) moves, labelled "tested" when the store holds successful calls of that pair.
class MovesModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TaskType, Model, Calls, Savings, Evidence, ColumnCount };

    explicit MovesModel(QObject* parent = nullptr);
    void setMoves(const QList<whatif::Move>& moves);
    // What test-prompt runs covered: "tested: N calls, pass P %" for those pairs.
    void setRunEvidence(const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog);
    // The move's evidence and its sample calls, a line each: "“Classify this ticket…” logged $1.25 → $0.0003".
    QString samplesText(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString evidenceText(const whatif::Move& move) const;
    QList<whatif::Move> m_moves;
    QList<store::RunEvidence> m_evidence;
    pricing::PriceCatalog m_catalog;
};

// Routed calls per tier, with the model each tier maps to.
class TiersModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Tier, Model, RoutedCalls, ColumnCount };

    explicit TiersModel(QObject* parent = nullptr);
    // Tiers of the router (all of them, also those no call reached) with the projection's counts.
    void setTiers(const std::optional<whatif::Router>& router, const QMap<QString, std::int64_t>& counts);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString tier;
        QString model;
        std::int64_t calls = 0;
    };
    QList<Row> m_rows;
};

} // namespace costdash::ui
