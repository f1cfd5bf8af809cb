#include "SummaryTableModel.h"

#include "Format.h"

namespace costdash::ui {

QVariant alignmentFor(bool text)
{
    return static_cast<int>(text ? (Qt::AlignLeft | Qt::AlignVCenter) : (Qt::AlignRight | Qt::AlignVCenter));
}

SummaryTableModel::SummaryTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SummaryTableModel::setSummary(const store::Summary& summary, store::GroupBy by)
{
    beginResetModel();
    m_summary = summary;
    m_by = by;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, Key, Key);
}

int SummaryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_summary.groups.size());
}

int SummaryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SummaryTableModel::display(const store::SummaryGroup& group, int column) const
{
    switch (column) {
    case Key:
        if (group.key.isEmpty()) // a provider neither the log nor the catalog names
            return m_by == store::GroupBy::Provider ? tr("unknown") : tr("(none)");
        return group.key;
    case Calls:
        return formatCount(group.calls);
    case InputTokens:
        return formatCount(group.inputTokens);
    case OutputTokens:
        return formatCount(group.outputTokens);
    case Cost:
        // A wholly unpriced group has no cost, not a $0 one.
        if (group.whollyUnpriced())
            return tr("unpriced");
        return formatUsdCents(group.cost);
    case Share:
        if (group.whollyUnpriced())
            return QStringLiteral("\u2013"); // no share of a total it is not part of
        return formatShare(group.cost, m_summary.cost);
    case Unpriced:
        return group.unpricedCalls == 0 ? QString() : formatCount(group.unpricedCalls);
    default:
        return {};
    }
}

QVariant SummaryTableModel::raw(const store::SummaryGroup& group, int column) const
{
    switch (column) {
    case Key:
        return group.key;
    case Calls:
        return static_cast<qlonglong>(group.calls);
    case InputTokens:
        return static_cast<qlonglong>(group.inputTokens);
    case OutputTokens:
        return static_cast<qlonglong>(group.outputTokens);
    case Cost:
    case Share:
        return static_cast<qlonglong>(group.cost);
    case Unpriced:
        return static_cast<qlonglong>(group.unpricedCalls);
    default:
        return {};
    }
}

QVariant SummaryTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::SummaryGroup& group = m_summary.groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(group, index.column());
    case SortRole:
        return raw(group, index.column());
    case Qt::TextAlignmentRole:
        return alignmentFor(index.column() == Key);
    case Qt::ToolTipRole:
        return index.column() == Cost ? QVariant(money::formatUsdExact(group.cost) + QStringLiteral(" USD"))
                                      : QVariant();
    default:
        return {};
    }
}

QVariant SummaryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Key:
        switch (m_by) {
        case store::GroupBy::Model: return tr("Model");
        case store::GroupBy::Task: return tr("Task type");
        case store::GroupBy::Day: return tr("Day");
        case store::GroupBy::Provider: return tr("Provider");
        }
        return {};
    case Calls: return tr("Calls");
    case InputTokens: return tr("Input tokens");
    case OutputTokens: return tr("Output tokens");
    case Cost: return tr("Cost");
    case Share: return tr("Share");
    case Unpriced: return tr("Unpriced calls");
    default: return {};
    }
}

} // namespace costdash::ui
