#pragma once
// The Overview's two small tables besides the groups: cost by token class, and latency and errors per model.
// Display text formatted here, raw values under SortRole.
#include "store/Breakdowns.h"

#include <QAbstractTableModel>

namespace costdash::ui {

class TokenClassModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Class, Tokens, Cost, Share, ColumnCount };
    enum Row { Input, CachedInput, Output, Reasoning, RowCount };

    explicit TokenClassModel(QObject* parent = nullptr);
    void setCosts(const store::TokenClassCosts& costs);
    const store::TokenClassCosts& costs() const { return m_costs; }
    money::Nanos total() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::pair<std::int64_t, money::Nanos> rowValues(int row) const; // tokens, cost

    store::TokenClassCosts m_costs;
};

class ModelHealthModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Model, Calls, Failed, ErrorRate, P50, P95, ColumnCount };

    explicit ModelHealthModel(QObject* parent = nullptr);
    void setModels(const QList<store::ModelHealth>& models);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<store::ModelHealth> m_models;
};

} // namespace costdash::ui
