#pragma once
// Per (day, model, task, provider) sums: what `summary` reads instead of a million rows. Calls without a logged
// cost are priced with the catalog call by call (pricing::callCost, rounded per call) so rollup totals equal
// the what-if baseline to the nano-dollar.
#include "model/CallRecord.h"
#include "model/Hash.h"
#include "pricing/PriceCatalog.h"

#include <QStringList>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace costdash::store::detail {

struct RollupKey {
    std::int64_t day = 0;
    std::int32_t modelId = 0;
    std::int32_t taskId = 0;
    std::int32_t providerId = 0;
    bool operator==(const RollupKey&) const = default;
};

struct RollupKeyHash {
    std::size_t operator()(const RollupKey& k) const noexcept
    {
        const std::uint64_t words[3] = {std::uint64_t(k.day),
                                        std::uint64_t(std::uint32_t(k.modelId)) << 32 | std::uint32_t(k.taskId),
                                        std::uint64_t(std::uint32_t(k.providerId))};
        return std::size_t(hashBytes(words, sizeof words));
    }
};

// A call's tokens by class as the Overview splits its cost (store/Breakdowns.h): cache writes are billed as
// input, reasoning is the part of the output spent thinking.
struct ClassTokens {
    std::int64_t uncached = 0;
    std::int64_t cacheWrite = 0;
    std::int64_t cached = 0;
    std::int64_t inputLessCached = 0; // input - cached: the "input tokens" shown beside the cached ones
    std::int64_t plainOutput = 0;     // output less reasoning
    std::int64_t reasoning = 0;
};

inline ClassTokens classTokensOf(const pricing::TokenCounts& t, std::int64_t reasoningTokens)
{
    const std::int64_t thinking = std::clamp<std::int64_t>(reasoningTokens, 0, t.output);
    return {std::max<std::int64_t>(0, t.input - t.cached - t.cacheWrite), t.cacheWrite, t.cached,
            t.input - t.cached, t.output - thinking, thinking};
}

// Adds `b` to `a`; true when a sum left int64.
inline bool addClassTokensOverflows(ClassTokens& a, const ClassTokens& b)
{
    bool over = money::addOverflows(a.uncached, b.uncached);
    over = money::addOverflows(a.cacheWrite, b.cacheWrite) || over;
    over = money::addOverflows(a.cached, b.cached) || over;
    over = money::addOverflows(a.inputLessCached, b.inputLessCached) || over;
    over = money::addOverflows(a.plainOutput, b.plainOutput) || over;
    return money::addOverflows(a.reasoning, b.reasoning) || over;
}

// What CallStore::callStats reads beyond the sums below (store/CallStats.cpp): token classes, failures,
// latencies. Prices are applied when read, so a catalog change leaves these alone.
struct CallStatSums {
    std::int64_t classRows = 0;     // rows of known usage within the limits (an aggregate row is one)
    std::int64_t classlessRows = 0; // rows of unknown usage or beyond the limits: in no class
    std::int64_t requestRows = 0;   // rows of one request: an aggregate row has no status or latency of its own
    std::int64_t failedCalls = 0;   // request rows logged as not successful
    std::vector<std::int64_t> latencies; // of the request rows that logged one (table latency_runs)
    ClassTokens tokens;             // summed over the class rows
    bool outOfRange = false;
};

struct RollupSums {
    std::int64_t calls = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    money::Nanos loggedCost = 0;
    money::Nanos catalogCost = 0;   // calls without a logged cost that the catalog prices
    std::int64_t unpricedCalls = 0; // calls with neither (usage unknown and no logged cost included)
    std::int64_t usageUnknownCalls = 0;  // calls whose tokens the log does not hold: in no token sum
    std::int64_t usageUnknownUncosted = 0; // of those, the ones without a logged cost (also in unpricedCalls)
    std::int64_t aggregateCalls = 0;       // requests of aggregate rows (also in calls)
    money::Nanos aggregateLogged = 0;      // their logged cost (also in loggedCost)
    money::Nanos aggregateCatalog = 0;     // their catalog cost (also in catalogCost)
    std::int64_t spendRows = 0;            // spend rows: aggregates of unknown requests, no call (cost in aggregateLogged)
    bool outOfRange = false;        // a sum left int64, or a call's counts lie beyond the limits: not a number
    CallStatSums stats;             // written by imports; the summaries' slow path leaves it empty
};

using RollupMap = std::unordered_map<RollupKey, RollupSums, RollupKeyHash>;

// Prices calls by model id (ids index `modelNames`, 1-based), resolving each model once.
class CatalogPricer {
public:
    CatalogPricer(pricing::PriceCatalog catalog, const QStringList* modelNames);

    std::optional<money::Nanos> cost(std::int32_t modelId, timeutil::Millis t, const pricing::TokenCounts& tokens);
    // The model's price in force at t; null when the catalog has none.
    const pricing::Price* priceAt(std::int32_t modelId, timeutil::Millis t)
    {
        return pricing::PriceCatalog::priceIn(historyOf(modelId), t);
    }
    // The provider the catalog gives the model ("" when unknown).
    QString providerOf(const QString& model) const;
    const pricing::PriceCatalog& catalog() const { return m_catalog; }

private:
    const QList<pricing::PriceEntry>& historyOf(std::int32_t modelId);

    pricing::PriceCatalog m_catalog;
    const QStringList* m_modelNames;
    std::vector<std::optional<QList<pricing::PriceEntry>>> m_history; // by model id; empty list = unknown
};

// Adds one spend row (a Cost CSV line): its logged cost, counted in the totals and as an aggregate's, and no call.
inline RollupSums& addSpendRow(RollupMap& map, const RollupKey& key, money::Nanos loggedCost)
{
    RollupSums& s = map[key];
    ++s.spendRows;
    s.outOfRange |= money::addOverflows(s.loggedCost, loggedCost);
    s.outOfRange |= money::addOverflows(s.aggregateLogged, loggedCost);
    return s;
}

// Adds one call of unknown usage, or an aggregate row of `aggregateRequests` such requests: its logged cost if
// it has one, else unpriced (never $0).
inline RollupSums& addUsageUnknownCall(RollupMap& map, const RollupKey& key, std::optional<money::Nanos> loggedCost,
                                       std::int64_t aggregateRequests = 0)
{
    RollupSums& s = map[key];
    const std::int64_t requests = std::max<std::int64_t>(aggregateRequests, 1);
    s.calls += requests;
    s.usageUnknownCalls += requests;
    if (loggedCost) {
        s.outOfRange |= money::addOverflows(s.loggedCost, *loggedCost);
    } else {
        s.usageUnknownUncosted += requests;
        s.unpricedCalls += requests;
    }
    if (aggregateRequests > 0) {
        s.aggregateCalls += requests;
        if (loggedCost)
            s.outOfRange |= money::addOverflows(s.aggregateLogged, *loggedCost);
    }
    return s;
}

// Adds one call to the map.
inline RollupSums& addCall(RollupMap& map, CatalogPricer& pricer, const RollupKey& key, timeutil::Millis t,
                    const pricing::TokenCounts& tokens, std::optional<money::Nanos> loggedCost)
{
    RollupSums& s = map[key];
    ++s.calls;
    s.outOfRange |= money::addOverflows(s.inputTokens, tokens.input);
    s.outOfRange |= money::addOverflows(s.outputTokens, tokens.output);
    if (loggedCost) {
        s.outOfRange |= money::addOverflows(s.loggedCost, *loggedCost);
    } else if (!pricing::withinLimits(tokens)) {
        s.outOfRange = true; // a row stored before the limits: callCost cannot price it exactly
    } else if (const auto cost = pricer.cost(key.modelId, t, tokens)) {
        s.outOfRange |= money::addOverflows(s.catalogCost, *cost);
    } else {
        ++s.unpricedCalls;
    }
    return s;
}

// Adds one aggregate row of `requests` requests (a usage bucket): priced like one call with its summed tokens,
// counted as `requests` calls, and summed apart as well.
inline RollupSums& addAggregate(RollupMap& map, CatalogPricer& pricer, const RollupKey& key, timeutil::Millis t,
                         const pricing::TokenCounts& tokens, std::optional<money::Nanos> loggedCost,
                         std::int64_t requests)
{
    RollupSums& s = map[key];
    const std::int64_t unpricedBefore = s.unpricedCalls;
    const money::Nanos catalogBefore = s.catalogCost;
    addCall(map, pricer, key, t, tokens, loggedCost);
    s.calls += requests - 1;
    s.aggregateCalls += requests;
    if (s.unpricedCalls > unpricedBefore)
        s.unpricedCalls += requests - 1; // every request of the row is unpriced
    if (loggedCost)
        s.outOfRange |= money::addOverflows(s.aggregateLogged, *loggedCost);
    else
        s.outOfRange |= money::addOverflows(s.aggregateCatalog, s.catalogCost - catalogBefore);
    return s;
}

// Adds what callStats needs of one stored row. A spend row adds nothing: no request, no tokens.
inline void addCallStats(CallStatSums& s, const CallRecord& r)
{
    if (r.isSpendRow())
        return;
    if (!r.aggregateRequests) {
        ++s.requestRows;
        s.failedCalls += r.success ? 0 : 1;
        if (r.latencyMs)
            s.latencies.push_back(*r.latencyMs);
    }
    const pricing::TokenCounts tokens{r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens};
    if (!r.usageKnown || !pricing::withinLimits(tokens)) {
        ++s.classlessRows;
        return;
    }
    ++s.classRows;
    s.outOfRange |= addClassTokensOverflows(s.tokens, classTokensOf(tokens, r.reasoningTokens));
}

// True when any of the map's sums is out of range.
inline bool anyOutOfRange(const RollupMap& map)
{
    for (const auto& entry : map) {
        if (entry.second.outOfRange || entry.second.stats.outOfRange)
            return true;
    }
    return false;
}

} // namespace costdash::store::detail
