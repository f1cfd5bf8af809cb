// The store's read side: summaries (from the rollup, or from the rows when asked with another catalog) and the
// columnar load the what-if engine builds its snapshot from.
#include "platform/HelperThread.h"
#include "store/StoreImpl.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <new>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

namespace costdash::store {
namespace {

using detail::Statement;
using detail::loadNames;

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
                    "logged_cost_nusd, catalog_cost_nusd, unpriced_calls, usage_unknown_calls, usage_unknown_uncosted, "
                    "aggregate_calls, aggregate_logged_nusd, aggregate_catalog_nusd FROM rollup WHERE day BETWEEN ? AND ?");
    s.bind(1, range.from);
    s.bind(2, range.to);
    while (s.next()) {
        const detail::RollupKey key{s.integer(0), std::int32_t(s.integer(1)), std::int32_t(s.integer(2)),
                                    std::int32_t(s.integer(3))};
        detail::RollupSums& sums = map[key];
        sums = {s.integer(4),  s.integer(5),  s.integer(6),  s.integer(7),  s.integer(8), s.integer(9),
                s.integer(10), s.integer(11), s.integer(12), s.integer(13), s.integer(14)};
        // SQLite turns an integer sum that overflows into a REAL; a negative cost is one that wrapped before
        // sums were checked.
        for (int column = 4; column <= 14; ++column)
            sums.outOfRange |= sqlite3_column_type(s.get(), column) != SQLITE_INTEGER;
        sums.outOfRange |= sums.loggedCost < 0 || sums.catalogCost < 0;
    }
    return map;
}

// Binds the range's first instant and the instant after its last day to parameters 1 and 2 of `s`.
void bindMillis(Statement& s, const DayRange& range)
{
    const auto dayStart = [](std::int64_t day) {
        const std::int64_t limit = std::numeric_limits<std::int64_t>::max() / timeutil::kMillisPerDay;
        return std::clamp(day, -limit, limit) * timeutil::kMillisPerDay;
    };
    s.bind(1, dayStart(range.from));
    s.bind(2, range.to == std::numeric_limits<std::int64_t>::max() ? range.to : dayStart(range.to + 1));
}

// The slow path, for a catalog other than the one the rollup was priced with: every row in range.
detail::RollupMap aggregateCalls(sqlite3* db, const DayRange& range, const pricing::PriceCatalog& catalog,
                                 const QStringList& models)
{
    detail::RollupMap map;
    detail::CatalogPricer pricer(catalog, &models);
    Statement s(db, "SELECT timestamp_ms, model_id, task_id, provider_id, input_tokens, cached_tokens, "
                    "cache_write_tokens, output_tokens, cost_nusd, aggregate_requests FROM calls WHERE timestamp_ms >= ? "
                    "AND timestamp_ms < ?");
    bindMillis(s, range);
    while (s.next()) {
        const auto t = s.integer(0);
        const detail::RollupKey key{timeutil::dayOf(t), std::int32_t(s.integer(1)), std::int32_t(s.integer(2)),
                                    std::int32_t(s.integer(3))};
        std::optional<money::Nanos> logged;
        if (!s.isNull(8))
            logged = s.integer(8);
        if (s.isNull(4)) { // usage unknown: its logged cost, else unpriced, never $0
            detail::addUsageUnknownCall(map, key, logged);
            continue;
        }
        const pricing::TokenCounts tokens{s.integer(4), s.integer(5), s.integer(6), s.integer(7)};
        if (s.isNull(9))
            detail::addCall(map, pricer, key, t, tokens, logged);
        else
            detail::addAggregate(map, pricer, key, t, tokens, logged, s.integer(9));
    }
    return map;
}

// Calls with a trace id, and those of them whose trace had an earlier attempt (retries, fallbacks), through the
// partial index calls_by_trace.
std::pair<std::int64_t, std::int64_t> tracedAndRetries(sqlite3* db, const DayRange& range)
{
    Statement s(db, "SELECT COUNT(*), COUNT(*) - COUNT(DISTINCT trace_id) FROM calls "
                    "WHERE trace_id IS NOT NULL AND timestamp_ms >= ? AND timestamp_ms < ?");
    bindMillis(s, range);
    return s.next() ? std::pair{s.integer(0), s.integer(1)} : std::pair<std::int64_t, std::int64_t>{0, 0};
}

// Rows come in rowid order; imports are usually in time order already, so this runs only for logs that are not.
void sortByTime(CallColumns& c)
{
    std::vector<std::uint32_t> order(c.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return c.timestampMs[a] < c.timestampMs[b]; });
    c.permute(order);
}

// Appends the first column of each row as UTF-8 bytes, as stored: no QString per prompt.
void appendTexts(Statement& s, TextArena& out)
{
    while (s.next()) {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
        out.append(std::string_view(data ? data : "", std::size_t(sqlite3_column_bytes(s.get(), 0))));
    }
}

constexpr const char* kCallSink = "costdash::store::CallColumns";

// costdash_take_call(columns, id, timestamp_ms, ...): appends one call to the CallColumns bound as a pointer.
// The values come as function arguments because sqlite3_value_int64() skips what sqlite3_column_int64() does
// per value (connection mutex, error state).
void takeCall(sqlite3_context* context, int, sqlite3_value** v)
{
    auto* c = static_cast<CallColumns*>(sqlite3_value_pointer(v[0], kCallSink));
    if (!c)
        return sqlite3_result_error(context, "costdash_take_call: no columns bound", -1);
    try {
        c->rowId.push_back(sqlite3_value_int64(v[1]));
        c->timestampMs.push_back(sqlite3_value_int64(v[2]));
        c->modelId.push_back(std::int32_t(sqlite3_value_int64(v[3]) - 1));
        c->taskId.push_back(std::int32_t(sqlite3_value_int64(v[4]) - 1));
        c->promptId.push_back(std::int32_t(sqlite3_value_int64(v[5]) - 1)); // NULL reads as 0: kNoPrompt
        c->inputTokens.push_back(sqlite3_value_type(v[6]) == SQLITE_NULL ? kUnknownTokens : sqlite3_value_int64(v[6]));
        c->cachedInputTokens.push_back(sqlite3_value_int64(v[7]));
        c->cacheWriteTokens.push_back(sqlite3_value_int64(v[8]));
        c->outputTokens.push_back(sqlite3_value_int64(v[9]));
        c->loggedCost.push_back(sqlite3_value_type(v[10]) == SQLITE_NULL ? kNoLoggedCost : sqlite3_value_int64(v[10]));
        c->success.push_back(std::uint8_t(sqlite3_value_int64(v[11]) != 0));
    } catch (const std::bad_alloc&) { // never through SQLite's C frames
        sqlite3_result_error_nomem(context);
    }
}

// On each connection that reads calls. Replacing it fails while a statement runs on the connection, and then
// the function registered before is the same one: the result is not checked.
void registerTakeCall(sqlite3* db)
{
    static_assert(kNoPrompt == -1);
    sqlite3_create_function_v2(db, "costdash_take_call", 12, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr, takeCall,
                               nullptr, nullptr, nullptr);
}

// Appends the calls with id in (after, upTo], in id order; false on a SQLite error.
bool appendCalls(sqlite3* db, std::int64_t after, std::int64_t upTo, CallColumns& c)
{
    Statement s(db, "SELECT costdash_take_call(?, id, timestamp_ms, model_id, task_id, prompt_id, input_tokens, "
                    "cached_tokens, cache_write_tokens, output_tokens, cost_nusd, success) "
                    "FROM calls WHERE id > ? AND id <= ? AND aggregate_requests IS NULL");
    if (!s.ok())
        return false;
    sqlite3_bind_pointer(s.get(), 1, &c, kCallSink, nullptr);
    s.bind(2, after);
    s.bind(3, upTo);
    while (s.next()) {
    }
    return s.lastResult() == SQLITE_DONE;
}

void reserveCalls(CallColumns& c, std::size_t n)
{
    for (auto* v : {&c.rowId, &c.timestampMs, &c.inputTokens, &c.cachedInputTokens, &c.cacheWriteTokens,
                    &c.outputTokens, &c.loggedCost})
        v->reserve(n);
    for (auto* v : {&c.modelId, &c.taskId, &c.promptId})
        v->reserve(n);
    c.success.reserve(n);
}

void appendColumns(CallColumns& to, const CallColumns& from)
{
    auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    cat(to.rowId, from.rowId);
    cat(to.timestampMs, from.timestampMs);
    cat(to.modelId, from.modelId);
    cat(to.taskId, from.taskId);
    cat(to.promptId, from.promptId);
    cat(to.inputTokens, from.inputTokens);
    cat(to.cachedInputTokens, from.cachedInputTokens);
    cat(to.cacheWriteTokens, from.cacheWriteTokens);
    cat(to.outputTokens, from.outputTokens);
    cat(to.loggedCost, from.loggedCost);
    cat(to.success, from.success);
}

// Id ranges of calls for the two readers: the caller takes them from the front, the helper from the back, until
// they meet. Small ranges, so a reader slowed by other work (the helper reads the prompts first) takes fewer.
class IdRanges {
public:
    IdRanges(std::int64_t after, std::int64_t upTo) : m_front(after), m_back(upTo) {}
    struct Range {
        std::int64_t after = 0;
        std::int64_t upTo = 0;
    };
    std::optional<Range> takeFront()
    {
        const std::lock_guard lock(m_mutex);
        if (m_front >= m_back)
            return std::nullopt;
        const Range r{m_front, std::min(m_back, m_front + kIds)};
        m_front = r.upTo;
        return r;
    }
    std::optional<Range> takeBack()
    {
        const std::lock_guard lock(m_mutex);
        if (m_front >= m_back)
            return std::nullopt;
        const Range r{std::max(m_front, m_back - kIds), m_back};
        m_back = r.after;
        return r;
    }
    std::int64_t front() const
    {
        const std::lock_guard lock(m_mutex);
        return m_front;
    }

private:
    static constexpr std::int64_t kIds = 32'768;
    mutable std::mutex m_mutex;
    std::int64_t m_front;
    std::int64_t m_back;
};

// What the helper thread reads through a read-only connection of its own: all prompt texts, then ranges of calls
// from the back. It starts after the caller's read transaction, so it sees at least the caller's rows (rows are
// only appended); if it fails, the caller reads what is missing: the calls in (front, doneAfter], the prompts.
struct HelperResult {
    TextArena prompts;
    std::vector<CallColumns> parts; // descending ids
    std::int64_t doneAfter = 0;     // the parts hold the calls in (doneAfter, upTo]
};

HelperResult readAsHelper(const QString& uri, IdRanges& ranges, std::int64_t upTo, const PromptsRead& promptsRead)
{
    HelperResult result;
    result.doneAfter = upTo;
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (sqlite3_open_v2(uri.toUtf8().constData(), &db, flags, nullptr) == SQLITE_OK) {
        registerTakeCall(db);
        detail::exec(db, "BEGIN", nullptr); // one snapshot for the prompts and the calls
        const auto count = std::size_t(detail::queryInt(db, "SELECT max(id) FROM prompts").value_or(0));
        result.prompts.reserve(count, count * 100); // prompts average about 100 bytes; the buffer grows by realloc
        Statement s(db, "SELECT text FROM prompts ORDER BY id");
        appendTexts(s, result.prompts);
        if (s.lastResult() != SQLITE_DONE)
            result.prompts = {}; // the caller reads them
        else if (promptsRead)
            promptsRead(result.prompts);
        while (const auto range = ranges.takeBack()) {
            CallColumns part;
            reserveCalls(part, std::size_t(range->upTo - range->after));
            if (!appendCalls(db, range->after, range->upTo, part))
                break;
            result.parts.push_back(std::move(part));
            result.doneAfter = range->after;
        }
        detail::exec(db, "COMMIT", nullptr);
    }
    sqlite3_close(db);
    return result;
}

// The rollup when it was priced with `catalog`, else the rows summed again.
detail::RollupMap rollupRows(sqlite3* db, const DayRange& range, const pricing::PriceCatalog& catalog,
                             const QStringList& models)
{
    return detail::rollupFingerprint(db) == catalog.fingerprint() ? readRollup(db, range)
                                                                   : aggregateCalls(db, range, catalog, models);
}

// Models group under their catalog id, so "openai/gpt-4o-2024-08-06" and "gpt-4o" are one line; unknown
// models keep their logged name. Indexed by model id - 1.
QStringList modelKeysOf(const QStringList& models, const pricing::PriceCatalog& catalog)
{
    QStringList keys;
    for (const QString& name : models)
        keys << catalog.resolve(name).value_or(name);
    return keys;
}

// The `keep` biggest keys of `totals`, the rest folded into "Other" (only when that folds more than one key).
// Keys that spent nothing draw nothing and are left out.
QStringList keptKeys(const std::map<QString, money::Nanos>& totals, int keep, bool* folded)
{
    QStringList keys;
    for (const auto& [key, total] : totals) {
        if (total != 0)
            keys << key;
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [&totals](const QString& a, const QString& b) { return totals.at(a) > totals.at(b); });
    *folded = keys.size() > keep + 1;
    if (*folded)
        keys.resize(keep);
    return keys;
}

// The `p`th percentile (nearest rank) of `values`, which it reorders.
std::optional<std::int64_t> percentile(std::vector<std::int64_t>& values, int p)
{
    if (values.empty())
        return std::nullopt;
    const std::size_t rank = (std::size_t(p) * values.size() + 99) / 100; // ceil(p% of n), at least 1
    const auto at = values.begin() + std::ptrdiff_t(std::max<std::size_t>(rank, 1) - 1);
    std::nth_element(values.begin(), at, values.end());
    return *at;
}

__extension__ using Int128 = __int128; // sums of pico-USD over a month overflow int64

// Pico-USD summed per class, rounded once per class at the end.
struct ClassPicos {
    Int128 input = 0, cachedInput = 0, output = 0, reasoning = 0;

    void add(const pricing::Price& price, const pricing::TokenCounts& tokens, std::int64_t reasoningTokens)
    {
        const std::int64_t uncached = std::max<std::int64_t>(0, tokens.input - tokens.cached - tokens.cacheWrite);
        const std::int64_t thinking = std::clamp<std::int64_t>(reasoningTokens, 0, tokens.output);
        input += Int128(uncached) * price.input + Int128(tokens.cacheWrite) * price.cacheWrite.value_or(price.input);
        cachedInput += Int128(tokens.cached) * price.cachedInput.value_or(price.input);
        output += Int128(tokens.output - thinking) * price.output;
        reasoning += Int128(thinking) * price.output;
    }
};

money::Nanos nanosOf(Int128 picos, bool* outOfRange)
{
    const Int128 nanos = (picos + 500) / 1000; // picos >= 0: half away from zero
    if (nanos > std::numeric_limits<std::int64_t>::max()) {
        *outOfRange = true;
        return 0;
    }
    return money::Nanos(nanos);
}

} // namespace

DaySplit CallStore::spendByDay(const SummaryQuery& query, const pricing::PriceCatalog& catalog, int keep) const
{
    const QStringList models = loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    const QStringList providers = loadNames(d->handle, "SELECT name FROM providers ORDER BY id");
    const detail::RollupMap rows = rollupRows(d->handle, rangeOf(query), catalog, models);
    const QStringList modelKeys = modelKeysOf(models, catalog);
    DaySplit split;
    if (rows.empty())
        return split;
    std::map<QString, std::map<std::int64_t, money::Nanos>> cells;
    std::map<QString, money::Nanos> totals;
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    for (const auto& [key, sums] : rows) {
        const QString k = query.by == GroupBy::Provider ? providers.value(key.providerId - 1)
                                                        : modelKeys.value(key.modelId - 1);
        first = std::min(first, key.day);
        last = std::max(last, key.day);
        money::Nanos& cell = cells[k][key.day];
        split.outOfRange |= sums.outOfRange | money::addOverflows(cell, sums.loggedCost)
            | money::addOverflows(cell, sums.catalogCost) | money::addOverflows(totals[k], sums.loggedCost)
            | money::addOverflows(totals[k], sums.catalogCost);
    }
    split.keys = keptKeys(totals, keep, &split.folded);
    for (std::int64_t day = first; day <= last; ++day)
        split.days << timeutil::formatDay(day);
    const auto row = [&](const QString& key) { // a day without calls of `key` spent nothing
        QList<money::Nanos> amounts(last - first + 1, 0);
        for (const auto& [day, amount] : cells[key])
            amounts[day - first] = amount;
        return amounts;
    };
    for (const QString& key : split.keys)
        split.amounts << row(key);
    if (split.folded) {
        QList<money::Nanos> other(split.days.size(), 0);
        for (const auto& [key, total] : totals) {
            if (split.keys.contains(key))
                continue;
            const QList<money::Nanos> amounts = row(key);
            for (qsizetype i = 0; i < other.size(); ++i)
                split.outOfRange |= money::addOverflows(other[i], amounts.at(i));
        }
        split.keys << QStringLiteral("Other");
        split.amounts << other;
    }
    return split;
}

CallStats CallStore::callStats(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const
{
    const QStringList models = loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    std::vector<std::optional<QList<pricing::PriceEntry>>> histories(std::size_t(models.size()));
    std::vector<ModelHealth> health(std::size_t(models.size()));
    std::vector<std::vector<std::int64_t>> latencies(std::size_t(models.size()));
    ClassPicos picos;
    CallStats stats;
    TokenClassCosts& t = stats.tokenClasses;
    Statement s(d->handle, "SELECT timestamp_ms, model_id, input_tokens, cached_tokens, cache_write_tokens, "
                           "output_tokens, reasoning_tokens, latency_ms, success FROM calls WHERE timestamp_ms >= ? "
                           "AND timestamp_ms < ?");
    bindMillis(s, rangeOf(query));
    while (s.next()) {
        const auto m = std::size_t(s.integer(1) - 1);
        if (m >= health.size())
            continue;
        ModelHealth& h = health[m];
        ++h.calls;
        h.failed += !s.isNull(8) && s.integer(8) == 0;
        if (!s.isNull(7)) {
            ++h.timedCalls;
            latencies[m].push_back(s.integer(7));
        }
        if (!histories[m]) {
            const auto canonical = catalog.resolve(models.at(qsizetype(m)));
            histories[m] = canonical ? catalog.history(*canonical) : QList<pricing::PriceEntry>();
        }
        const pricing::TokenCounts tokens{s.integer(2), s.integer(3), s.integer(4), s.integer(5)};
        const pricing::Price* price = pricing::PriceCatalog::priceIn(*histories[m], s.integer(0));
        if (s.isNull(2) || !price || !pricing::withinLimits(tokens)) {
            ++t.unpricedCalls;
            continue;
        }
        ++t.pricedCalls;
        const std::int64_t reasoning = s.integer(6); // NULL reads as 0
        picos.add(*price, tokens, reasoning);
        t.outOfRange |= money::addOverflows(t.inputTokens, tokens.input - tokens.cached);
        t.outOfRange |= money::addOverflows(t.cachedInputTokens, tokens.cached);
        t.outOfRange |= money::addOverflows(t.outputTokens, tokens.output);
        t.outOfRange |= money::addOverflows(t.reasoningTokens, std::clamp<std::int64_t>(reasoning, 0, tokens.output));
    }
    t.input = nanosOf(picos.input, &t.outOfRange);
    t.cachedInput = nanosOf(picos.cachedInput, &t.outOfRange);
    t.output = nanosOf(picos.output, &t.outOfRange);
    t.reasoning = nanosOf(picos.reasoning, &t.outOfRange);

    // Logged names that resolve to one catalog id are one model, as in `summary --by model`.
    const QStringList keys = modelKeysOf(models, catalog);
    std::map<QString, std::pair<ModelHealth, std::vector<std::int64_t>>> byKey;
    for (std::size_t m = 0; m < health.size(); ++m) {
        if (health[m].calls == 0)
            continue;
        auto& [h, ms] = byKey[keys.at(qsizetype(m))];
        h.model = keys.at(qsizetype(m));
        h.calls += health[m].calls;
        h.failed += health[m].failed;
        h.timedCalls += health[m].timedCalls;
        ms.insert(ms.end(), latencies[m].begin(), latencies[m].end());
    }
    for (auto& [key, entry] : byKey) {
        entry.first.p50Ms = percentile(entry.second, 50);
        entry.first.p95Ms = percentile(entry.second, 95);
        stats.models << entry.first;
    }
    std::stable_sort(stats.models.begin(), stats.models.end(),
                     [](const ModelHealth& a, const ModelHealth& b) { return a.calls > b.calls; });
    return stats;
}

Summary CallStore::summarize(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const
{
    const QStringList models = loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    const QStringList tasks = loadNames(d->handle, "SELECT name FROM tasks ORDER BY id");
    const QStringList providers = loadNames(d->handle, "SELECT name FROM providers ORDER BY id");
    const DayRange range = rangeOf(query);
    const detail::RollupMap rows = rollupRows(d->handle, range, catalog, models);
    const QStringList modelKeys = modelKeysOf(models, catalog);
    QStringList resolved; // per model, its catalog id ("" when the catalog does not know it)
    for (const QString& name : models)
        resolved << catalog.resolve(name).value_or(QString());
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
    bool outOfRange = false;
    for (const auto& [key, sums] : rows) {
        const QString k = groupKey(key);
        SummaryGroup& g = groups[k];
        g.key = k;
        if (query.by == GroupBy::Model) {
            const QString& logged = models.value(key.modelId - 1);
            if (!g.loggedModels.contains(logged))
                g.loggedModels.insert(std::lower_bound(g.loggedModels.begin(), g.loggedModels.end(), logged), logged);
            g.resolvedModel = resolved.value(key.modelId - 1);
        }
        g.calls += sums.calls;
        outOfRange |= sums.outOfRange | money::addOverflows(g.inputTokens, sums.inputTokens)
            | money::addOverflows(g.outputTokens, sums.outputTokens) | money::addOverflows(g.cost, sums.loggedCost)
            | money::addOverflows(g.cost, sums.catalogCost);
        g.unpricedCalls += sums.unpricedCalls;
        g.usageUnknownCalls += sums.usageUnknownCalls;
        g.usageUnknownUncosted += sums.usageUnknownUncosted;
        g.aggregateCalls += sums.aggregateCalls;
        outOfRange |= money::addOverflows(g.aggregateCost, sums.aggregateLogged)
            | money::addOverflows(g.aggregateCost, sums.aggregateCatalog);
        if (sums.unpricedCalls > sums.usageUnknownUncosted) // a model the catalog cannot price
            unpricedModels.insert(models.value(key.modelId - 1));
    }
    for (const auto& [k, g] : groups) {
        summary.calls += g.calls;
        outOfRange |= money::addOverflows(summary.cost, g.cost);
        summary.unpricedCalls += g.unpricedCalls;
        summary.usageUnknownCalls += g.usageUnknownCalls;
        summary.usageUnknownUncosted += g.usageUnknownUncosted;
        summary.aggregateCalls += g.aggregateCalls;
        outOfRange |= money::addOverflows(summary.aggregateCost, g.aggregateCost);
        summary.groups << g;
    }
    summary.outOfRange = outOfRange;
    if (query.by != GroupBy::Day) {
        std::sort(summary.groups.begin(), summary.groups.end(), [](const SummaryGroup& a, const SummaryGroup& b) {
            return a.cost != b.cost ? a.cost > b.cost : a.key < b.key;
        });
    }
    summary.unpricedModels = QStringList(unpricedModels.begin(), unpricedModels.end());
    std::tie(summary.tracedCalls, summary.retryCalls) = tracedAndRetries(d->handle, range);
    return summary;
}

namespace {

// Adds one call to a reprice group; false when a sum leaves int64.
bool addToReprice(RepriceGroup& g, std::optional<money::Nanos> logged, std::optional<money::Nanos> then,
                  std::optional<money::Nanos> now, bool usageKnown)
{
    bool overflow = false;
    ++g.calls;
    if (logged) {
        ++g.loggedCalls;
        overflow |= money::addOverflows(g.logged, *logged) | money::addOverflows(g.counted, *logged);
    } else if (then) {
        overflow |= money::addOverflows(g.counted, *then);
    } else {
        ++g.uncountedCalls;
    }
    if (!usageKnown)
        ++g.usageUnknownCalls;
    else if (now)
        overflow |= money::addOverflows(g.repriced, *now);
    else
        ++g.unpricedCalls;
    return !overflow;
}

} // namespace

Reprice CallStore::reprice(const SummaryQuery& query, const pricing::PriceCatalog& catalog, timeutil::Millis at) const
{
    const QStringList models = loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    detail::CatalogPricer pricer(catalog, &models);
    Statement s(d->handle, "SELECT timestamp_ms, model_id, input_tokens, cached_tokens, cache_write_tokens, "
                           "output_tokens, cost_nusd, aggregate_requests FROM calls WHERE timestamp_ms >= ? AND "
                           "timestamp_ms < ?");
    bindMillis(s, rangeOf(query));
    QStringList keys; // per model id - 1: the catalog model, else the logged name
    for (const QString& name : models)
        keys << catalog.resolve(name).value_or(name);
    Reprice out;
    std::map<QString, RepriceGroup> groups;
    std::set<QString> unpriced;
    while (s.next()) {
        const auto modelId = std::int32_t(s.integer(1));
        const QString& name = models.at(modelId - 1);
        RepriceGroup& g = groups[keys.at(modelId - 1)];
        std::optional<money::Nanos> logged;
        if (!s.isNull(6))
            logged = s.integer(6);
        const bool usageKnown = !s.isNull(2);
        const pricing::TokenCounts tokens{s.integer(2), s.integer(3), s.integer(4), s.integer(5)};
        const bool exact = !usageKnown || pricing::withinLimits(tokens);
        out.outOfRange |= !exact;
        const auto then = usageKnown && exact && !logged ? pricer.cost(modelId, s.integer(0), tokens) : std::nullopt;
        const auto now = usageKnown && exact ? pricer.cost(modelId, at, tokens) : std::nullopt;
        if (usageKnown && !now)
            unpriced.insert(name);
        out.outOfRange |= !addToReprice(g, logged, then, now, usageKnown);
        if (!s.isNull(7)) { // an aggregate row: its requests count as calls (priced as one, with its summed tokens)
            const std::int64_t more = s.integer(7) - 1;
            g.calls += more;
            g.loggedCalls += logged ? more : 0;
            g.uncountedCalls += !logged && !then ? more : 0;
            g.unpricedCalls += usageKnown && !now ? more : 0;
        }
    }
    for (auto& [model, g] : groups) {
        g.model = model;
        RepriceGroup& t = out.total;
        t.calls += g.calls, t.loggedCalls += g.loggedCalls, t.uncountedCalls += g.uncountedCalls;
        t.unpricedCalls += g.unpricedCalls, t.usageUnknownCalls += g.usageUnknownCalls;
        out.outOfRange |= money::addOverflows(t.logged, g.logged) | money::addOverflows(t.counted, g.counted)
            | money::addOverflows(t.repriced, g.repriced);
        out.groups << g;
    }
    std::sort(out.groups.begin(), out.groups.end(), [](const RepriceGroup& a, const RepriceGroup& b) {
        return a.counted != b.counted ? a.counted > b.counted : a.model < b.model;
    });
    out.unpricedModels = QStringList(unpriced.begin(), unpriced.end());
    return out;
}

std::optional<CallColumns> CallStore::loadColumns(QString* error, const PromptsRead& promptsRead) const
{
    sqlite3* h = d->handle;
    registerTakeCall(h);
    detail::exec(h, "BEGIN", nullptr); // one snapshot for the names and the calls
    // Two readers, each through its own connection: this thread reads calls from the first ids; a helper thread
    // reads the prompt texts (and hands them to promptsRead), then calls from the last ids, until they meet.
    // A thread of its own rather than the shared pool: callers often run this on a pool thread themselves.
    const std::int64_t firstId = detail::queryInt(h, "SELECT min(id) FROM calls").value_or(1) - 1;
    const std::int64_t lastId = detail::queryInt(h, "SELECT max(id) FROM calls").value_or(0);
    IdRanges ranges(firstId, lastId);
    platform::HelperThread<HelperResult> helper(
        [uri = d->readerUri, &ranges, lastId, &promptsRead] { return readAsHelper(uri, ranges, lastId, promptsRead); });
    CallColumns c;
    c.models = loadNames(h, "SELECT name FROM models ORDER BY id");
    c.tasks = loadNames(h, "SELECT name FROM tasks ORDER BY id");
    reserveCalls(c, std::size_t(callCount()));
    bool ok = true;
    while (const auto range = ok ? ranges.takeFront() : std::nullopt)
        ok = appendCalls(h, range->after, range->upTo, c);
    HelperResult helped = helper.take();
    ok = ok && appendCalls(h, ranges.front(), helped.doneAfter, c); // what the helper took but could not read
    for (auto part = helped.parts.rbegin(); part != helped.parts.rend(); ++part)
        appendColumns(c, std::exchange(*part, {}));
    if (!ok && error)
        *error = detail::lastError(h);
    c.prompts = std::move(helped.prompts);
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
