#include "pages/CallsModel.h"

#include "Format.h"
#include "Palette.h"

#include <QBrush>
#include <QPalette>
#include <cstdlib>

namespace costdash::ui {
namespace {

store::CallSort sortOf(int column)
{
    switch (column) {
    case CallsModel::Model: return store::CallSort::Model;
    case CallsModel::Task: return store::CallSort::Task;
    case CallsModel::Status: return store::CallSort::Status;
    case CallsModel::InputTokens: return store::CallSort::InputTokens;
    case CallsModel::OutputTokens: return store::CallSort::OutputTokens;
    case CallsModel::Latency: return store::CallSort::Latency;
    case CallsModel::Cost: return store::CallSort::Cost;
    default: return store::CallSort::Time;
    }
}

QString countOrDash(const std::optional<std::int64_t>& value)
{
    return value ? formatCount(*value) : QStringLiteral("\u2013");
}

QString statusOf(const store::CallRow& call)
{
    if (call.aggregateRequests == 0) // a spend line: a cost, no request
        return QObject::tr("spend line");
    if (call.aggregateRequests) // a bucket has no status of its own
        return QObject::tr("aggregate of %1").arg(formatCount(*call.aggregateRequests));
    const bool hasCode = call.httpStatus && *call.httpStatus > 0 && *call.httpStatus != 200;
    const QString code = hasCode ? QStringLiteral(" (HTTP %1)").arg(*call.httpStatus) : QString();
    if (!call.success)
        return QObject::tr("unknown") + code;
    return (*call.success ? QObject::tr("ok") : QObject::tr("failed")) + code;
}

QString display(const store::CallRow& call, int column)
{
    switch (column) {
    case CallsModel::Time: return formatCallTime(call.timestampMs);
    case CallsModel::Model: return call.model;
    case CallsModel::Task: return call.task;
    case CallsModel::Status: return statusOf(call);
    case CallsModel::InputTokens: return countOrDash(call.inputTokens);
    case CallsModel::OutputTokens: return countOrDash(call.outputTokens);
    case CallsModel::Latency: return call.latencyMs ? QStringLiteral("%1 ms").arg(formatCount(*call.latencyMs)) : QStringLiteral("\u2013");
    case CallsModel::Cost: return call.cost() ? formatUsdAmount(*call.cost()) : QObject::tr("unpriced");
    default: return {};
    }
}

} // namespace

QString formatCallTime(timeutil::Millis t)
{
    return timeutil::formatIso(t).left(19).replace(u'T', u' ');
}

CallsModel::CallsModel(services::StoreService* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_ids(std::make_shared<const std::vector<std::int64_t>>())
{
    connect(m_store, &services::StoreService::callsListed, this, &CallsModel::onListed);
    connect(m_store, &services::StoreService::callsFetched, this, &CallsModel::onFetched);
}

void CallsModel::setQuery(const store::CallQuery& query)
{
    m_query = query;
    m_listing = true;
    m_listTimer.start();
    m_store->listCalls(m_query, ++m_request);
}

void CallsModel::sort(int column, Qt::SortOrder order)
{
    store::CallQuery query = m_query;
    query.sort = sortOf(column);
    query.descending = order == Qt::DescendingOrder;
    setQuery(query);
}

void CallsModel::onListed(quint64 request, const services::StoreService::CallIds& ids, const QString& error)
{
    if (request != m_request)
        return; // an older query's answer
    m_listing = false;
    m_lastListMs = m_listTimer.elapsed();
    beginResetModel();
    m_ids = ids;
    m_pages.clear();
    m_pending.clear();
    endResetModel();
    Q_EMIT listed(qint64(m_ids->size()), error);
}

void CallsModel::onFetched(quint64 request, int page, const QList<store::CallRow>& rows)
{
    if (request != m_request)
        return;
    m_pending.remove(page);
    if (m_pages.size() >= kCachedPages) { // forget the page farthest from this one
        int farthest = m_pages.begin().key();
        for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
            if (std::abs(it.key() - page) > std::abs(farthest - page))
                farthest = it.key();
        }
        m_pages.remove(farthest);
    }
    m_pages.insert(page, rows);
    const int first = page * kPageSize;
    const int last = std::min(rowCount(), first + kPageSize) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void CallsModel::requestPage(int page) const
{
    if (m_pending.contains(page))
        return;
    m_pending.insert(page);
    const auto begin = m_ids->begin() + std::ptrdiff_t(page) * kPageSize;
    const auto end = m_ids->begin() + std::min<std::ptrdiff_t>(std::ptrdiff_t(m_ids->size()), std::ptrdiff_t(page + 1) * kPageSize);
    m_store->fetchCalls(m_request, page, std::vector<std::int64_t>(begin, end));
}

const store::CallRow* CallsModel::call(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const int page = row / kPageSize;
    const auto it = m_pages.constFind(page);
    if (it == m_pages.cend()) {
        requestPage(page);
        return nullptr;
    }
    const int offset = row % kPageSize;
    return offset < it->size() ? &it->at(offset) : nullptr;
}

int CallsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids->size());
}

int CallsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const store::CallRow* row = call(index.row());
    if (role == Qt::DisplayRole || (role == Qt::ToolTipRole && row)) // the tip: a cell cut short, whole
        return row ? display(*row, index.column()) : (index.column() == Time ? tr("loading\u2026") : QString());
    if (role == Qt::TextAlignmentRole && index.column() >= InputTokens)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && row && index.column() == Cost && !row->cost())
        return QBrush(QColor(palette::onWindow(palette::kWarning))); // unpriced, never $0
    return {};
}

QVariant CallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList names{tr("Time (UTC)"), tr("Model"), tr("Task"), tr("Status"), tr("Input tokens"),
                                   tr("Output tokens"), tr("Latency"), tr("Cost")};
    return names.value(section);
}

} // namespace costdash::ui
