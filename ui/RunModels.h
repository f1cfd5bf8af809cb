#pragma once
// The Test prompts page's tables: the live per-model figures of a run, and the answers side by side per prompt.
#include "api/PromptRunner.h"

#include <QAbstractTableModel>

namespace costdash::ui {

class RunStatsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Model, Done, Failed, Retries, P50, P95, Ttft, InputTokens, OutputTokens, Cost, PassRate, ColumnCount };

    explicit RunStatsModel(QObject* parent = nullptr);

    void setStats(const QList<api::ModelStats>& stats);
    const QList<api::ModelStats>& stats() const { return m_stats; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const api::ModelStats& s, int column) const;
    QVariant raw(const api::ModelStats& s, int column) const;
    QList<api::ModelStats> m_stats;
};

// Rows: prompt (and repeat), columns: the prompt id, then one per model. A cell shows the answer's first line;
// its tooltip the whole answer; its background whether it passed.
class AnswersModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int PassedRole = Qt::UserRole + 1; // QVariant(bool), invalid when not judged

    explicit AnswersModel(QObject* parent = nullptr);

    void reset(const QStringList& models);
    void addCall(const api::RunCallResult& call);
    void addCalls(const QList<api::RunCallResult>& calls);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Cell {
        QString text;
        std::optional<bool> passed;
        bool failed = false;
    };
    struct Row {
        QString label; // "cls-1" or "cls-1 #2"
        QList<Cell> cells;
    };
    QStringList m_models;
    QList<Row> m_rows;
    QList<QPair<int, int>> m_keys; // (prompt index, repeat) of each row, sorted: rows stay in prompt order
};

} // namespace costdash::ui
