#include "pages/PricesModel.h"

#include "Palette.h"

#include <QBrush>
#include <QColor>

namespace costdash::ui {

QString formatPrice(money::MicrosPerMillion micros)
{
    // Micro-dollars to nano-dollars, then as many decimals as the price has (2 to 6).
    int decimals = 6;
    while (decimals > 2 && micros % 10 == 0) {
        micros /= 10;
        --decimals;
    }
    std::int64_t scale = 1;
    for (int i = decimals; i < 6; ++i)
        scale *= 10;
    return money::formatUsd(micros * scale * 1000, decimals);
}

void PricesModel::setCatalog(const pricing::PriceCatalog& catalog, const QStringList& unpricedModels)
{
    beginResetModel();
    m_unpriced = unpricedModels;
    m_entries = catalog.entries();
    endResetModel();
}

const pricing::PriceEntry* PricesModel::entry(int row) const
{
    const int at = row - int(m_unpriced.size());
    return at >= 0 && at < m_entries.size() ? &m_entries.at(at) : nullptr;
}

int PricesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_unpriced.size() + m_entries.size());
}

int PricesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PricesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const pricing::PriceEntry* e = entry(index.row());
    const QString model = e ? e->model : m_unpriced.value(index.row());
    if (role == ModelRole)
        return model;
    if (role == UnpricedRole)
        return e == nullptr;
    if (!e) {
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(palette::onWindow(palette::kWarning)));
        if (role == Qt::DisplayRole)
            return index.column() == Model ? model
                 : index.column() == Source ? tr("unpriced in this store: add a price") : QString();
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Input && index.column() <= Batch)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const pricing::Price& p = e->price;
    switch (index.column()) {
    case Model: return e->model;
    case Provider: return e->provider;
    case Aliases: return e->aliases.join(QStringLiteral(", "));
    case From: return timeutil::formatDay(timeutil::dayOf(e->effectiveFrom));
    case Input: return formatPrice(p.input);
    case Cached: return formatPrice(p.cachedInput.value_or(p.input));
    case CacheWrite: return formatPrice(p.cacheWrite.value_or(p.input));
    case Output: return formatPrice(p.output);
    case Batch: return p.batchDiscountPpm ? QStringLiteral("%1 % off").arg(double(p.batchDiscountPpm) / 10000.0) : QStringLiteral("\u2013");
    case Source: return e->source;
    default: return {};
    }
}

QVariant PricesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList names{tr("Model"), tr("Provider"), tr("Aliases"), tr("From"), tr("Input"), tr("Cached"),
                                   tr("Cache write"), tr("Output"), tr("Batch"), tr("Source")};
    return names.value(section);
}

} // namespace costdash::ui
