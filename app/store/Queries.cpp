// The store's read side: summaries (from the rollup, or from the rows when asked with another catalog), the
// Overview's spend by day and the reprice; token classes and latencies are in CallStats.cpp, the columnar load
// in ColumnLoad.cpp.
#include "store/QueryRange.h"
#include "store/StoreImpl.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace costdash::store {
namespace {

using detail::Statement;
using detail::loadNames;
using detail::DayRange;
using detail::bindMillis;
using detail::modelKeysOf;
using detail::rangeOf;

detail::RollupMap readRollup(sqlite3* db, const DayRange& range)
{
    detail::RollupMap map;
    Statement s(db, "SELECT day, model_id, task_id, provider_id, calls, input_tokens, output_tokens, "
                    "logged_cost_nusd, catalog_cost_nusd, unpriced_calls, usage_unknown_calls, usage_unknown_uncosted, "
                    "aggregate_calls, aggregate_logged_nusd, aggregate_catalog_nusd, spend_rows FROM rollup "
                    "WHERE day BETWEEN ? AND ?");
    detail::bindDays(s, range);
    while (s.next()) {
        const detail::RollupKey key{s.integer(0), std::int32_t(s.integer(1)), std::int32_t(s.integer(2)),
                                    std::int32_t(s.integer(3))};
        detail::RollupSums& sums = map[key];
        sums = {s.integer(4),  s.integer(5),  s.integer(6),  s.integer(7),  s.integer(8), s.integer(9),
                s.integer(10), s.integer(11), s.integer(12), s.integer(13), s.integer(14), s.integer(15), false, {}};
        // SQLite turns an integer sum that overflows into a REAL; a negative cost is one that wrapped before
        // sums were checked.
        for (int column = 4; column <= 15; ++column)
            sums.outOfRange |= sqlite3_column_type(s.get(), column) != SQLITE_INTEGER;
        sums.outOfRange |= sums.loggedCost < 0 || sums.catalogCost < 0;
    }
    return map;
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
        if (!s.isNull(9) && s.integer(9) == 0) { // a spend row: its cost, no call
            detail::addSpendRow(map, key, logged.value_or(0));
            continue;
        }
        if (s.isNull(4)) { // usage unknown: its logged cost, else unpriced, never $0
            detail::addUsageUnknownCall(map, key, logged, s.isNull(9) ? 0 : s.integer(9));
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

// The rollup when it was priced with `catalog`, else the rows summed again.
detail::RollupMap rollupRows(sqlite3* db, const DayRange& range, const pricing::PriceCatalog& catalog,
                             const QStringList& models)
{
    return detail::rollupFingerprint(db) == catalog.fingerprint() ? readRollup(db, range)
                                                                   : aggregateCalls(db, range, catalog, models);
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

OpenAiOverlapDays CallStore::openAiDoubleCountedDays() const
{
    // Test-prompt calls went through another endpoint's bill: they do not count as OpenAI calls logged one by one.
    std::map<std::int64_t, std::int64_t> testedByDay;
    Statement tested(d->handle, "SELECT c.timestamp_ms FROM run_calls t JOIN calls c ON c.id = t.call_id "
                                "JOIN providers p ON p.id = c.provider_id WHERE p.name = 'openai'");
    while (tested.next())
        ++testedByDay[timeutil::dayOf(tested.integer(0))];
    // rollup.calls counts an aggregate's requests (aggregate_calls) and no spend line: the rest were logged one by one.
    Statement s(d->handle, "SELECT r.day, SUM(r.spend_rows) > 0, SUM(r.aggregate_calls) > 0, "
                           "SUM(r.calls) - SUM(r.aggregate_calls) FROM rollup r JOIN providers p ON p.id = r.provider_id "
                           "WHERE p.name = 'openai' GROUP BY r.day ORDER BY r.day");
    OpenAiOverlapDays days;
    while (s.next()) {
        const std::int64_t day = s.integer(0);
        const bool spend = s.integer(1) != 0;
        const bool buckets = s.integer(2) != 0;
        const auto runs = testedByDay.find(day);
        const bool calls = s.integer(3) > (runs == testedByDay.end() ? 0 : runs->second);
        if (spend && buckets)
            days.spendAndBuckets.push_back(day);
        if (spend && calls)
            days.spendAndCalls.push_back(day);
        if (buckets && calls)
            days.bucketsAndCalls.push_back(day);
    }
    return days;
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
        g.spendRows += sums.spendRows;
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
        summary.spendRows += g.spendRows;
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
        if (!s.isNull(7) && s.integer(7) == 0) { // a spend row: its cost is logged and counted; no call to reprice
            out.outOfRange |= money::addOverflows(g.logged, logged.value_or(0))
                | money::addOverflows(g.counted, logged.value_or(0));
            ++g.spendRows;
            continue;
        }
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
        t.unpricedCalls += g.unpricedCalls, t.usageUnknownCalls += g.usageUnknownCalls, t.spendRows += g.spendRows;
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

} // namespace costdash::store
