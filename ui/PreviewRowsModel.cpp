#include "PreviewRowsModel.h"

#include "Format.h"

namespace costdash::ui {
namespace {

// Every digit the row holds, but no trailing zeros past the cents: "$0.25", "$0.000431".
QString exactUsd(money::Nanos amount)
{
    QString text = money::formatUsd(amount, 9);
    while (text.endsWith(u'0') && text.indexOf(u'.') < text.size() - 3)
        text.chop(1);
    return text;
}

} // namespace

void PreviewRowsModel::setRows(const QList<CallRecord>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int PreviewRowsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PreviewRowsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PreviewRowsModel::text(const CallRecord& c, int column) const
{
    const auto tokens = [&c](std::int64_t n) { return c.usageKnown ? formatCount(n) : tr("unknown"); };
    switch (Column(column)) {
    case Time: return timeutil::formatIso(c.timestampMs);
    case Model: return c.model;
    case Provider: return c.provider;
    case Input: return tokens(c.inputTokens);
    case Cached: return tokens(c.cachedInputTokens);
    case CacheWrite: return tokens(c.cacheWriteTokens);
    case Output: return tokens(c.outputTokens);
    case Reasoning: return tokens(c.reasoningTokens);
    case Latency: return c.latencyMs ? tr("%1 ms").arg(formatCount(*c.latencyMs)) : QString();
    case Cost: return c.loggedCost ? exactUsd(*c.loggedCost) : tr("from catalog");
    case Task: return c.taskType;
    case User: return c.user;
    case Status:
        return (c.success ? tr("ok") : tr("failed"))
            + (c.httpStatus ? QStringLiteral(" (%1)").arg(c.httpStatus) : QString())
            + (c.error.isEmpty() ? QString() : QStringLiteral(" ") + c.error);
    case RequestId: return c.requestId;
    case Requests:
        if (c.isSpendRow())
            return tr("spend line");
        return c.aggregateRequests ? tr("aggregate of %1").arg(formatCount(*c.aggregateRequests)) : tr("1");
    case ColumnCount: break;
    }
    return {};
}

QVariant PreviewRowsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return text(m_rows.at(index.row()), index.column());
    if (role == Qt::TextAlignmentRole && index.column() >= Input && index.column() <= Cost)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant PreviewRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kTitles[ColumnCount]{"Time (UTC)", "Model", "Provider", "Input", "Cached", "Cache write",
                                                  "Output", "Reasoning", "Latency", "Cost (logged)", "Task", "User",
                                                  "Status", "Request id", "Requests"};
    return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
}

} // namespace costdash::ui
