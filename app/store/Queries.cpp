// The store's read side: summaries (from the rollup, or from the rows when asked with another catalog) and the
// columnar load the what-if engine builds its snapshot from.
#include "store/StoreImpl.h"

#include <algorithm>
#include <future>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace costdash::store {
namespace {

using detail::Statement;

// Names of a dense id table, id 1 at index 0.
QStringList loadNames(sqlite3* db, const char* sql)
{
    QStringList names;
    Statement s(db, sql);
    while (s.next())
        names << s.text(0);
    return names;
}

struct DayRange {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = std::numeric_limits<std::int64_t>::max();
};

DayRange rangeOf(const SummaryQuery& q)
{
    return {q.fromDay.value_or(std::numeric_limits<std::int64_t>::min()),
            q.toDay.value_or(std::numeric_limits<std::int64_t>::max())};
}

detail::RollupMap readRollup(sqlite3* db, const DayRange& range)
{
    detail::RollupMap map;
    Statement s(db, "SELECT day, model_id, task_id, provider_id, calls, input_tokens, output_tokens, "
                    "logged_cost_nusd, catalog_cost_nusd, unpriced_calls FROM rollup WHERE day BETWEEN ? AND ?");
    s.bind(1, range.from);
    s.bind(2, range.to);
    while (s.next()) {
        const detail::RollupKey key{s.integer(0), std::int32_t(s.integer(1)), std::int32_t(s.integer(2)),
                                    std::int32_t(s.integer(3))};
        map[key] = {s.integer(4), s.integer(5), s.integer(6), s.integer(7), s.integer(8), s.integer(9)};
    }
    return map;
}

// The slow path, for a catalog other than the one the rollup was priced with: every row in range.
detail::RollupMap aggregateCalls(sqlite3* db, const DayRange& range, const pricing::PriceCatalog& catalog,
                                 const QStringList& models)
{
    const auto dayStart = [](std::int64_t day) {
        const std::int64_t limit = std::numeric_limits<std::int64_t>::max() / timeutil::kMillisPerDay;
        return std::clamp(day, -limit, limit) * timeutil::kMillisPerDay;
    };
    detail::RollupMap map;
    detail::CatalogPricer pricer(catalog, &models);
    Statement s(db, "SELECT timestamp_ms, model_id, task_id, provider_id, input_tokens, cached_tokens, "
                    "cache_write_tokens, output_tokens, cost_nusd FROM calls WHERE timestamp_ms >= ? AND "
                    "timestamp_ms < ?");
    s.bind(1, dayStart(range.from));
    s.bind(2, range.to == std::numeric_limits<std::int64_t>::max() ? range.to : dayStart(range.to + 1));
    while (s.next()) {
        const auto t = s.integer(0);
        const detail::RollupKey key{timeutil::dayOf(t), std::int32_t(s.integer(1)), std::int32_t(s.integer(2)),
                                    std::int32_t(s.integer(3))};
        const pricing::TokenCounts tokens{s.integer(4), s.integer(5), s.integer(6), s.integer(7)};
        detail::addCall(map, pricer, key, t, tokens,
                        s.isNull(8) ? std::nullopt : std::optional<money::Nanos>(s.integer(8)));
    }
    return map;
}

template<typename T>
void permute(std::vector<T>& v, const std::vector<std::uint32_t>& order)
{
    std::vector<T> out;
    out.reserve(v.size());
    for (const std::uint32_t i : order)
        out.push_back(v[i]);
    v.swap(out);
}

// Rows come in rowid order; imports are usually in time order already, so this runs only for logs that are not.
void sortByTime(CallColumns& c)
{
    std::vector<std::uint32_t> order(c.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return c.timestampMs[a] < c.timestampMs[b]; });
    permute(c.rowId, order);
    permute(c.timestampMs, order);
    permute(c.modelId, order);
    permute(c.providerId, order);
    permute(c.taskId, order);
    permute(c.promptId, order);
    permute(c.inputTokens, order);
    permute(c.cachedInputTokens, order);
    permute(c.cacheWriteTokens, order);
    permute(c.outputTokens, order);
    permute(c.loggedCost, order);
    permute(c.success, order);
}

// Appends the first column of each row as UTF-8 bytes, as stored: no QString per prompt.
void appendTexts(Statement& s, TextArena& out)
{
    while (s.next()) {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
        out.append(std::string_view(data ? data : "", std::size_t(sqlite3_column_bytes(s.get(), 0))));
    }
}

// Appends the calls with id in (after, upTo], in id order; false on a SQLite error.
bool appendCalls(sqlite3* db, std::int64_t after, std::int64_t upTo, CallColumns& c)
{
    // NULLs mapped in SQL (no prompt: id 0, no cost: INT64_MIN = kNoLoggedCost): one API call per column.
    static_assert(kNoPrompt == -1 && kNoLoggedCost == INT64_MIN);
    Statement s(db, "SELECT id, timestamp_ms, model_id, provider_id, task_id, IFNULL(prompt_id, 0), input_tokens, "
                    "cached_tokens, cache_write_tokens, output_tokens, IFNULL(cost_nusd, -9223372036854775807 - 1), "
                    "success FROM calls WHERE id > ? AND id <= ?");
    s.bind(1, after);
    s.bind(2, upTo);
    while (s.next()) {
        c.rowId.push_back(s.integer(0));
        c.timestampMs.push_back(s.integer(1));
        c.modelId.push_back(std::int32_t(s.integer(2) - 1));
        c.providerId.push_back(std::int32_t(s.integer(3) - 1));
        c.taskId.push_back(std::int32_t(s.integer(4) - 1));
        c.promptId.push_back(std::int32_t(s.integer(5) - 1));
        c.inputTokens.push_back(s.integer(6));
        c.cachedInputTokens.push_back(s.integer(7));
        c.cacheWriteTokens.push_back(s.integer(8));
        c.outputTokens.push_back(s.integer(9));
        c.loggedCost.push_back(s.integer(10));
        c.success.push_back(std::uint8_t(s.integer(11) != 0));
    }
    return s.lastResult() == SQLITE_DONE;
}

void reserveCalls(CallColumns& c, std::size_t n)
{
    for (auto* v : {&c.rowId, &c.timestampMs, &c.inputTokens, &c.cachedInputTokens, &c.cacheWriteTokens,
                    &c.outputTokens, &c.loggedCost})
        v->reserve(n);
    for (auto* v : {&c.modelId, &c.providerId, &c.taskId, &c.promptId})
        v->reserve(n);
    c.success.reserve(n);
}

void appendColumns(CallColumns& to, const CallColumns& from)
{
    auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    cat(to.rowId, from.rowId);
    cat(to.timestampMs, from.timestampMs);
    cat(to.modelId, from.modelId);
    cat(to.providerId, from.providerId);
    cat(to.taskId, from.taskId);
    cat(to.promptId, from.promptId);
    cat(to.inputTokens, from.inputTokens);
    cat(to.cachedInputTokens, from.cachedInputTokens);
    cat(to.cacheWriteTokens, from.cacheWriteTokens);
    cat(to.outputTokens, from.outputTokens);
    cat(to.loggedCost, from.loggedCost);
    cat(to.success, from.success);
}

// What the second thread reads through a read-only connection of its own: all prompt texts, then the calls
// with id in (after, upTo]. Its snapshot may be older than the caller's: `lastId` says how far it got.
struct SecondHalf {
    TextArena prompts;
    CallColumns calls;
    std::int64_t lastId = 0;
};

SecondHalf loadSecondHalf(const QString& path, std::int64_t after, std::int64_t upTo, std::size_t expectedCalls)
{
    SecondHalf half;
    half.lastId = after;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        detail::exec(db, "BEGIN", nullptr); // one snapshot for the prompts and the calls
        const auto count = std::size_t(detail::queryInt(db, "SELECT max(id) FROM prompts").value_or(0));
        half.prompts.reserve(count, count * 100); // prompts average about 100 bytes; the buffer grows by realloc
        Statement s(db, "SELECT text FROM prompts ORDER BY id");
        appendTexts(s, half.prompts);
        reserveCalls(half.calls, expectedCalls);
        if (s.lastResult() != SQLITE_DONE || !appendCalls(db, after, upTo, half.calls))
            half = SecondHalf{{}, {}, after}; // the caller reads it all
        else if (!half.calls.rowId.empty())
            half.lastId = half.calls.rowId.back();
        detail::exec(db, "COMMIT", nullptr);
    }
    sqlite3_close(db);
    return half;
}

} // namespace

Summary CallStore::summarize(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const
{
    const QStringList models = loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    const QStringList tasks = loadNames(d->handle, "SELECT name FROM tasks ORDER BY id");
    const QStringList providers = loadNames(d->handle, "SELECT name FROM providers ORDER BY id");
    const DayRange range = rangeOf(query);
    const detail::RollupMap rows = detail::rollupFingerprint(d->handle) == catalog.fingerprint()
        ? readRollup(d->handle, range)
        : aggregateCalls(d->handle, range, catalog, models);

    // Models group under their catalog id, so "openai/gpt-4o-2024-08-06" and "gpt-4o" are one line; unknown
    // models keep their logged name.
    QStringList modelKeys;
    for (const QString& name : models)
        modelKeys << catalog.resolve(name).value_or(name);
    auto groupKey = [&](const detail::RollupKey& key) {
        switch (query.by) {
        case GroupBy::Model:
            return modelKeys.value(key.modelId - 1);
        case GroupBy::Task:
            return tasks.value(key.taskId - 1);
        case GroupBy::Provider:
            return providers.value(key.providerId - 1);
        case GroupBy::Day:
            break;
        }
        return timeutil::formatDay(key.day);
    };
    Summary summary;
    std::map<QString, SummaryGroup> groups; // "YYYY-MM-DD" keys sort by day
    std::set<QString> unpricedModels;
    for (const auto& [key, sums] : rows) {
        const QString k = groupKey(key);
        SummaryGroup& g = groups[k];
        g.key = k;
        g.calls += sums.calls;
        g.inputTokens += sums.inputTokens;
        g.outputTokens += sums.outputTokens;
        g.cost += sums.loggedCost + sums.catalogCost;
        g.unpricedCalls += sums.unpricedCalls;
        if (sums.unpricedCalls > 0)
            unpricedModels.insert(models.value(key.modelId - 1));
    }
    for (const auto& [k, g] : groups) {
        summary.calls += g.calls;
        summary.cost += g.cost;
        summary.unpricedCalls += g.unpricedCalls;
        summary.groups << g;
    }
    if (query.by != GroupBy::Day) {
        std::sort(summary.groups.begin(), summary.groups.end(), [](const SummaryGroup& a, const SummaryGroup& b) {
            return a.cost != b.cost ? a.cost > b.cost : a.key < b.key;
        });
    }
    summary.unpricedModels = QStringList(unpricedModels.begin(), unpricedModels.end());
    return summary;
}

std::optional<CallColumns> CallStore::loadColumns(QString* error) const
{
    sqlite3* h = d->handle;
    detail::exec(h, "BEGIN", nullptr); // one snapshot for the names and the calls
    // Rows are only ever appended, so ids split the calls in two: this thread reads the first ids while a second
    // thread reads the prompt texts and then the last ids, through its own read-only connection. That connection
    // may see an older snapshot: calls and prompts missing from it are read here afterwards (ids only grow).
    // A thread of its own rather than the shared pool: callers often run this on a pool thread themselves.
    const std::int64_t firstId = detail::queryInt(h, "SELECT min(id) FROM calls").value_or(1) - 1;
    const std::int64_t lastId = detail::queryInt(h, "SELECT max(id) FROM calls").value_or(0);
    // Three fifths here: the second thread also reads the prompts (per-thread CPU on a demo month: even shares).
    const std::int64_t splitId = firstId + (lastId - firstId) / 5 * 3;
    const auto n = std::size_t(callCount());
    std::future<SecondHalf> second = std::async(std::launch::async, loadSecondHalf, d->path, splitId, lastId,
                                                n - std::min(n, n / 5 * 3));
    CallColumns c;
    c.models = loadNames(h, "SELECT name FROM models ORDER BY id");
    c.providers = loadNames(h, "SELECT name FROM providers ORDER BY id");
    c.tasks = loadNames(h, "SELECT name FROM tasks ORDER BY id");
    reserveCalls(c, n);
    bool ok = appendCalls(h, firstId, splitId, c);
    SecondHalf half = second.get();
    appendColumns(c, half.calls);
    half.calls = {};
    ok = ok && appendCalls(h, half.lastId, lastId, c);
    if (!ok && error)
        *error = detail::lastError(h);
    c.prompts = std::move(half.prompts);
    Statement rest(h, "SELECT text FROM prompts WHERE id > ? ORDER BY id");
    rest.bind(1, std::int64_t(c.prompts.size()));
    if (ok)
        appendTexts(rest, c.prompts);
    rest.reset();
    c.prompts.squeeze();
    detail::exec(h, "COMMIT", nullptr);
    if (!ok)
        return std::nullopt;
    if (!std::is_sorted(c.timestampMs.begin(), c.timestampMs.end()))
        sortByTime(c); // in id order now: a stable sort orders by (timestamp, id)
    return c;
}

} // namespace costdash::store
