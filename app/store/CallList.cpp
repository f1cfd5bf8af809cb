// The Calls page's queries: the SQL narrows by time, status and prompt text; models, tasks and costs are
// matched here, where the catalog resolves names and prices calls without a logged cost.
#include "store/Rollup.h"
#include "store/StoreImpl.h"

#include <algorithm>
#include <limits>

namespace costdash::store {
namespace {

using detail::Statement;

constexpr const char* kListSql =
    "SELECT id, timestamp_ms, model_id, task_id, success, input_tokens, cached_tokens, cache_write_tokens, "
    "output_tokens, latency_ms, cost_nusd FROM calls "
    "WHERE (?1 IS NULL OR timestamp_ms >= ?1) AND (?2 IS NULL OR timestamp_ms < ?2) "
    "AND (?3 IS NULL OR success = ?3) "
    "AND (?4 IS NULL OR prompt_id IN (SELECT id FROM prompts WHERE instr(lower(text), lower(?4)) > 0))";

struct Entry {
    std::int64_t id;
    std::int64_t t;
    std::int64_t key;
    bool hasKey;
};

// Which ids of a name table match `wanted` (empty: all). Models also match by their catalog id.
std::vector<char> matching(const QStringList& names, const QString& wanted, const pricing::PriceCatalog* catalog)
{
    std::vector<char> ok(std::size_t(names.size()) + 1, wanted.isEmpty() ? 1 : 0);
    for (qsizetype i = 0; i < names.size() && !wanted.isEmpty(); ++i) {
        const QString& name = names.at(i);
        const QString key = catalog ? catalog->resolve(name).value_or(name) : name;
        ok[std::size_t(i) + 1] = name.compare(wanted, Qt::CaseInsensitive) == 0
            || key.compare(wanted, Qt::CaseInsensitive) == 0;
    }
    return ok;
}

// Rank of each id when its names are sorted (id 0, none, first).
std::vector<std::int64_t> nameRanks(const QStringList& names)
{
    std::vector<std::int64_t> ids(std::size_t(names.size()));
    for (std::size_t i = 0; i < ids.size(); ++i)
        ids[i] = std::int64_t(i) + 1;
    std::stable_sort(ids.begin(), ids.end(), [&](std::int64_t a, std::int64_t b) {
        return names.at(a - 1).compare(names.at(b - 1), Qt::CaseInsensitive) < 0;
    });
    std::vector<std::int64_t> rank(ids.size() + 1, 0);
    for (std::size_t r = 0; r < ids.size(); ++r)
        rank[std::size_t(ids[r])] = std::int64_t(r) + 1;
    return rank;
}

std::optional<std::int64_t> optionalInt(const Statement& s, int column)
{
    return s.isNull(column) ? std::nullopt : std::optional<std::int64_t>(s.integer(column));
}

void bindOptionalText(Statement& s, int index, const QString& text)
{
    text.isEmpty() ? s.bindNull(index) : s.bindText(index, text);
}

std::optional<money::Nanos> priceOf(detail::CatalogPricer& pricer, std::int32_t modelId, timeutil::Millis t,
                                    const std::optional<pricing::TokenCounts>& tokens)
{
    if (!tokens || !pricing::withinLimits(*tokens))
        return std::nullopt;
    return pricer.cost(modelId, t, *tokens);
}

std::optional<pricing::TokenCounts> tokensAt(const Statement& s, int first)
{
    if (s.isNull(first))
        return std::nullopt; // usage unknown
    return pricing::TokenCounts{s.integer(first), s.integer(first + 1), s.integer(first + 2), s.integer(first + 3)};
}

} // namespace

std::optional<std::vector<std::int64_t>> CallStore::listCalls(const CallQuery& query,
                                                              const pricing::PriceCatalog& catalog,
                                                              QString* error) const
{
    const QStringList models = detail::loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    const QStringList tasks = detail::loadNames(d->handle, "SELECT name FROM tasks ORDER BY id");
    const std::vector<char> modelOk = matching(models, query.model, &catalog);
    const std::vector<char> taskOk = matching(tasks, query.task, nullptr);
    const std::vector<std::int64_t> rank = nameRanks(query.sort == CallSort::Task ? tasks : models);
    detail::CatalogPricer pricer(catalog, &models);
    Statement s(d->handle, kListSql);
    if (!s.ok()) {
        *error = s.error();
        return std::nullopt;
    }
    s.bind(1, query.fromMs);
    s.bind(2, query.toMs);
    if (query.status != CallStatus::Any)
        s.bind(3, std::int64_t(query.status == CallStatus::Succeeded));
    bindOptionalText(s, 4, query.promptContains);
    const bool needCost = query.sort == CallSort::Cost || query.minCost;
    std::vector<Entry> entries;
    while (s.next()) {
        const auto modelId = std::int32_t(s.integer(2));
        const auto taskId = std::int32_t(s.integer(3));
        if (!modelOk[std::size_t(std::clamp<std::int64_t>(modelId, 0, std::int64_t(models.size())))]
            || !taskOk[std::size_t(std::clamp<std::int64_t>(taskId, 0, std::int64_t(tasks.size())))])
            continue;
        Entry e{s.integer(0), s.integer(1), 0, true};
        std::optional<money::Nanos> cost;
        if (needCost)
            cost = s.isNull(10) ? priceOf(pricer, modelId, e.t, tokensAt(s, 5)) : optionalInt(s, 10);
        if (query.minCost && (!cost || *cost < *query.minCost))
            continue;
        std::optional<std::int64_t> key;
        switch (query.sort) {
        case CallSort::Time: key = e.t; break;
        case CallSort::Model: key = rank[std::size_t(std::clamp<std::int64_t>(modelId, 0, std::int64_t(models.size())))]; break;
        case CallSort::Task: key = rank[std::size_t(std::clamp<std::int64_t>(taskId, 0, std::int64_t(tasks.size())))]; break;
        case CallSort::Status: key = optionalInt(s, 4); break;
        case CallSort::InputTokens: key = optionalInt(s, 5); break;
        case CallSort::OutputTokens: key = optionalInt(s, 8); break;
        case CallSort::Latency: key = optionalInt(s, 9); break;
        case CallSort::Cost: key = cost; break;
        }
        e.key = key.value_or(0);
        e.hasKey = key.has_value();
        entries.push_back(e);
    }
    if (s.lastResult() != SQLITE_DONE) {
        *error = detail::lastError(d->handle);
        return std::nullopt;
    }
    // Calls without the value (unpriced, no latency) come last in either order.
    const bool down = query.descending;
    std::stable_sort(entries.begin(), entries.end(), [down](const Entry& a, const Entry& b) {
        if (a.hasKey != b.hasKey)
            return a.hasKey;
        if (a.key != b.key)
            return down ? a.key > b.key : a.key < b.key;
        return a.t != b.t ? a.t < b.t : a.id < b.id;
    });
    std::vector<std::int64_t> ids(entries.size());
    std::transform(entries.begin(), entries.end(), ids.begin(), [](const Entry& e) { return e.id; });
    return ids;
}

QList<CallRow> CallStore::callRows(const std::vector<std::int64_t>& ids, const pricing::PriceCatalog& catalog) const
{
    const QStringList models = detail::loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    detail::CatalogPricer pricer(catalog, &models);
    Statement s(d->handle,
                "SELECT c.timestamp_ms, c.model_id, m.name, p.name, t.name, c.success, c.http_status, c.input_tokens, "
                "c.cached_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens, c.latency_ms, "
                "c.cost_nusd, pr.text, c.error, c.aggregate_requests, tg.name FROM calls c "
                "LEFT JOIN models m ON m.id = c.model_id LEFT JOIN providers p ON p.id = c.provider_id "
                "LEFT JOIN tasks t ON t.id = c.task_id LEFT JOIN prompts pr ON pr.id = c.prompt_id "
                "LEFT JOIN tags tg ON tg.id = c.tag_id WHERE c.id = ?");
    QList<CallRow> rows;
    rows.reserve(qsizetype(ids.size()));
    for (const std::int64_t id : ids) {
        s.reset();
        s.bind(1, id);
        if (!s.next())
            continue;
        CallRow r;
        r.id = id;
        r.timestampMs = s.integer(0);
        r.model = s.text(2);
        r.provider = s.text(3);
        r.task = s.text(4);
        const auto success = optionalInt(s, 5);
        r.success = success ? std::optional<bool>(*success != 0) : std::nullopt;
        r.httpStatus = optionalInt(s, 6);
        r.inputTokens = optionalInt(s, 7);
        r.cachedTokens = optionalInt(s, 8);
        r.cacheWriteTokens = optionalInt(s, 9);
        r.outputTokens = optionalInt(s, 10);
        r.reasoningTokens = optionalInt(s, 11);
        r.latencyMs = optionalInt(s, 12);
        r.loggedCost = optionalInt(s, 13);
        r.catalogCost = priceOf(pricer, std::int32_t(s.integer(1)), r.timestampMs, tokensAt(s, 7));
        r.prompt = s.text(14);
        r.error = s.text(15);
        r.aggregateRequests = optionalInt(s, 16);
        r.tag = s.text(17);
        rows.append(r);
    }
    return rows;
}

} // namespace costdash::store
