#include "OverviewModels.h"

#include "Format.h"
#include "SummaryTableModel.h"

namespace costdash::ui {
namespace {

QString latencyText(const std::optional<std::int64_t>& ms)
{
    return ms ? QStringLiteral("%1 ms").arg(formatCount(*ms)) : QStringLiteral("\u2013"); // no timed call
}

} // namespace

TokenClassModel::TokenClassModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void TokenClassModel::setCosts(const store::TokenClassCosts& costs)
{
    beginResetModel();
    m_costs = costs;
    endResetModel();
}

money::Nanos TokenClassModel::total() const
{
    // Each class fits int64 (CallStore checks); their sum is checked too before it is shown as a share's whole.
    money::Nanos sum = 0;
    for (const money::Nanos part : {m_costs.input, m_costs.cachedInput, m_costs.output, m_costs.reasoning}) {
        if (money::addOverflows(sum, part))
            return 0; // shares then read "–"
    }
    return sum;
}

std::pair<std::int64_t, money::Nanos> TokenClassModel::rowValues(int row) const
{
    switch (row) {
    case Input: return {m_costs.inputTokens, m_costs.input};
    case CachedInput: return {m_costs.cachedInputTokens, m_costs.cachedInput};
    case Output: return {m_costs.outputTokens - m_costs.reasoningTokens, m_costs.output};
    default: return {m_costs.reasoningTokens, m_costs.reasoning};
    }
}

int TokenClassModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || m_costs.pricedCalls == 0 ? 0 : RowCount;
}

int TokenClassModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenClassModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    static const QStringList names = {tr("Input"), tr("Cached input"), tr("Output"), tr("Reasoning")};
    const auto [tokens, cost] = rowValues(index.row());
    if (role == Qt::TextAlignmentRole)
        return alignmentFor(index.column() == Class);
    if (role == Qt::ToolTipRole && index.column() == Cost)
        return QString(money::formatUsdExact(cost) + QStringLiteral(" USD"));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool raw = role == SortRole;
    switch (index.column()) {
    case Class: return names.at(index.row());
    case Tokens: return raw ? QVariant(qlonglong(tokens)) : QVariant(formatCount(tokens));
    case Cost: return raw ? QVariant(qlonglong(cost)) : QVariant(formatUsdCents(cost));
    case Share: return raw ? QVariant(qlonglong(cost)) : QVariant(formatShare(cost, total()));
    default: return {};
    }
}

QVariant TokenClassModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Class: return tr("Token class");
    case Tokens: return tr("Tokens");
    case Cost: return tr("Cost at catalog prices");
    case Share: return tr("Share");
    default: return {};
    }
}

ModelHealthModel::ModelHealthModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ModelHealthModel::setModels(const QList<store::ModelHealth>& models)
{
    beginResetModel();
    m_models = models;
    endResetModel();
}

int ModelHealthModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ModelHealthModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelHealthModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::ModelHealth& m = m_models.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return alignmentFor(index.column() == Model);
    if (role == SortRole) {
        switch (index.column()) {
        case Model: return m.model;
        case Calls: return qlonglong(m.calls);
        case Failed: return qlonglong(m.failed);
        case ErrorRate: return m.errorRate();
        case P50: return qlonglong(m.p50Ms.value_or(-1));
        case P95: return qlonglong(m.p95Ms.value_or(-1));
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && m.aggregateRequests > 0 && index.column() <= ErrorRate)
        return tr("%1 more requests are in aggregate rows (usage buckets, daily spend): not counted here, as they "
                  "log no status or latency per request.").arg(formatCount(m.aggregateRequests));
    if (role == Qt::ToolTipRole && (index.column() == P50 || index.column() == P95))
        return tr("Over the %1 of %2 calls that logged a latency.").arg(formatCount(m.timedCalls), formatCount(m.calls));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Model: return m.model;
    case Calls: return formatCount(m.calls);
    case Failed: return formatCount(m.failed);
    case ErrorRate: return formatShare(m.failed, m.calls);
    case P50: return latencyText(m.p50Ms);
    case P95: return latencyText(m.p95Ms);
    default: return {};
    }
}

QVariant ModelHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Model: return tr("Model");
    case Calls: return tr("Calls");
    case Failed: return tr("Failed");
    case ErrorRate: return tr("Error rate");
    case P50: return tr("Latency p50");
    case P95: return tr("Latency p95");
    default: return {};
    }
}

} // namespace costdash::ui
