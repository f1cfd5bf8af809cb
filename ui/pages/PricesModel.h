#pragma once
// The price catalog as a table: the store's unpriced models first (highlighted, "add a price"), then every
// dated entry of the catalog (bundled snapshot plus the store's own prices).
#include "pricing/PriceCatalog.h"

#include <QAbstractTableModel>

namespace costdash::ui {

class PricesModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Model, Provider, Aliases, From, Input, Cached, CacheWrite, Output, Batch, Source, ColumnCount };
    enum Role { ModelRole = Qt::UserRole, UnpricedRole };

    using QAbstractTableModel::QAbstractTableModel;
    void setCatalog(const pricing::PriceCatalog& catalog, const QStringList& unpricedModels);
    // The entry shown on `row`, nullptr for an unpriced model's row.
    const pricing::PriceEntry* entry(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_unpriced;
    QList<pricing::PriceEntry> m_entries;
};

// "$2.50" per 1M tokens, with the digits a price needs ("$0.075", "$0.0375").
QString formatPrice(money::MicrosPerMillion micros);

} // namespace costdash::ui
