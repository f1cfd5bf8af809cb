// The Overview's cost by token class and latency and error rate per model (store/Breakdowns.h). A store whose
// rollup holds the call stats of every call (meta 'call_stats') answers from the rollup and latency_runs, when
// no price of the catalog starts within a day: each (day, model) then has one price. Otherwise every row in
// range is read. Both give the same figures.
#include "store/LatencyRuns.h"
#include "store/QueryRange.h"
#include "store/StoreImpl.h"

#include <algorithm>
#include <map>

namespace costdash::store {
namespace {

using detail::ClassTokens;
using detail::DayRange;
using detail::Statement;

__extension__ using Int128 = __int128; // sums of pico-USD over a month overflow int64

// Pico-USD summed per class, rounded once per class at the end.
struct ClassPicos {
    Int128 input = 0, cachedInput = 0, output = 0, reasoning = 0;

    void add(const pricing::Price& price, const ClassTokens& t)
    {
        input += Int128(t.uncached) * price.input + Int128(t.cacheWrite) * price.cacheWrite.value_or(price.input);
        cachedInput += Int128(t.cached) * price.cachedInput.value_or(price.input);
        output += Int128(t.plainOutput) * price.output;
        reasoning += Int128(t.reasoning) * price.output;
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

// What both paths gather, by model id - 1, before models are keyed as `summary` keys them.
struct Gathered {
    explicit Gathered(const QStringList& modelNames, const pricing::PriceCatalog& catalog)
        : models(modelNames)
        , catalog(catalog)
        , pricer(catalog, &modelNames)
        , health(std::size_t(modelNames.size()))
        , latencies(std::size_t(modelNames.size()))
    {
    }

    // The price of model index `m` (model id - 1) at t.
    const pricing::Price* priceAt(std::size_t m, timeutil::Millis t) { return pricer.priceAt(std::int32_t(m + 1), t); }

    // `rows` rows of known usage within the limits, summing `tokens`, priced at `price` (none: unpriced).
    void addClassRows(std::int64_t rows, const ClassTokens& tokens, const pricing::Price* price)
    {
        TokenClassCosts& t = stats.tokenClasses;
        if (!price) {
            t.unpricedCalls += rows;
            return;
        }
        t.pricedCalls += rows;
        picos.add(*price, tokens);
        t.outOfRange |= money::addOverflows(t.inputTokens, tokens.inputLessCached);
        t.outOfRange |= money::addOverflows(t.cachedInputTokens, tokens.cached);
        t.outOfRange |= money::addOverflows(t.outputTokens, tokens.plainOutput + tokens.reasoning);
        t.outOfRange |= money::addOverflows(t.reasoningTokens, tokens.reasoning);
    }

    CallStats finish();

    const QStringList& models;
    const pricing::PriceCatalog& catalog;
    detail::CatalogPricer pricer;
    std::vector<ModelHealth> health;
    std::vector<std::vector<std::int64_t>> latencies;
    ClassPicos picos;
    CallStats stats;
};

CallStats Gathered::finish()
{
    TokenClassCosts& t = stats.tokenClasses;
    t.input = nanosOf(picos.input, &t.outOfRange);
    t.cachedInput = nanosOf(picos.cachedInput, &t.outOfRange);
    t.output = nanosOf(picos.output, &t.outOfRange);
    t.reasoning = nanosOf(picos.reasoning, &t.outOfRange);

    // Logged names that resolve to one catalog id are one model, as in `summary --by model`.
    const QStringList keys = detail::modelKeysOf(models, catalog);
    std::map<QString, std::pair<ModelHealth, std::vector<std::int64_t>>> byKey;
    for (std::size_t m = 0; m < health.size(); ++m) {
        if (health[m].calls == 0 && health[m].aggregateRequests == 0)
            continue;
        auto& [h, ms] = byKey[keys.at(qsizetype(m))];
        h.model = keys.at(qsizetype(m));
        h.calls += health[m].calls;
        h.failed += health[m].failed;
        h.timedCalls += qsizetype(latencies[m].size());
        h.aggregateRequests += health[m].aggregateRequests;
        ms.insert(ms.end(), latencies[m].begin(), latencies[m].end());
    }
    for (auto& [key, entry] : byKey) {
        entry.first.p50Ms = percentile(entry.second, 50);
        entry.first.p95Ms = percentile(entry.second, 95);
        stats.models << entry.first;
    }
    std::stable_sort(stats.models.begin(), stats.models.end(),
                     [](const ModelHealth& a, const ModelHealth& b) {
                         return a.calls + a.aggregateRequests > b.calls + b.aggregateRequests;
                     });
    return std::move(stats);
}

// Every row in range.
void gatherRows(sqlite3* db, const DayRange& range, Gathered& g)
{
    Statement s(db, "SELECT timestamp_ms, model_id, input_tokens, cached_tokens, cache_write_tokens, "
                    "output_tokens, reasoning_tokens, latency_ms, success, aggregate_requests FROM calls "
                    "WHERE timestamp_ms >= ? AND timestamp_ms < ?");
    detail::bindMillis(s, range);
    while (s.next()) {
        const auto m = std::size_t(s.integer(1) - 1);
        if (m >= g.health.size())
            continue;
        ModelHealth& h = g.health[m];
        if (!s.isNull(9) && s.integer(9) == 0) // a spend row: no request, no tokens
            continue;
        if (!s.isNull(9)) { // an aggregate row has no status or latency of a request: its requests apart
            h.aggregateRequests += s.integer(9);
        } else {
            ++h.calls;
            h.failed += !s.isNull(8) && s.integer(8) == 0;
            if (!s.isNull(7))
                g.latencies[m].push_back(s.integer(7));
        }
        const pricing::TokenCounts tokens{s.integer(2), s.integer(3), s.integer(4), s.integer(5)};
        if (s.isNull(2) || !pricing::withinLimits(tokens)) {
            ++g.stats.tokenClasses.unpricedCalls;
            continue;
        }
        g.addClassRows(1, detail::classTokensOf(tokens, s.integer(6)), g.priceAt(m, s.integer(0))); // NULL reasoning: 0
    }
}

// The rollup's sums and the latency runs of the days in range; the day's price for each (day, model).
bool gatherRollup(sqlite3* db, const DayRange& range, Gathered& g)
{
    Statement s(db, "SELECT day, model_id, class_rows, classless_rows, request_rows, failed_calls, uncached_tokens, "
                    "cache_write_tokens, cached_tokens, input_less_cached_tokens, plain_output_tokens, "
                    "reasoning_tokens, aggregate_calls FROM rollup WHERE day BETWEEN ? AND ?");
    detail::bindDays(s, range);
    while (s.next()) {
        const auto m = std::size_t(s.integer(1) - 1);
        if (m >= g.health.size())
            continue;
        g.health[m].calls += s.integer(4);
        g.health[m].failed += s.integer(5);
        g.health[m].aggregateRequests += s.integer(12);
        g.stats.tokenClasses.unpricedCalls += s.integer(3);
        const ClassTokens tokens{s.integer(6), s.integer(7), s.integer(8), s.integer(9), s.integer(10), s.integer(11)};
        const timeutil::Millis dayStart = s.integer(0) * timeutil::kMillisPerDay;
        if (s.integer(2) > 0)
            g.addClassRows(s.integer(2), tokens, g.priceAt(m, dayStart));
    }
    Statement runs(db, "SELECT model_id, latencies FROM latency_runs WHERE day BETWEEN ? AND ?");
    detail::bindDays(runs, range);
    while (runs.next()) {
        const auto m = std::size_t(runs.integer(0) - 1);
        const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(runs.get(), 1));
        const auto size = std::size_t(sqlite3_column_bytes(runs.get(), 1));
        if (m >= g.latencies.size() || !detail::decodeLatencies({bytes, size}, g.latencies[m]))
            return false;
    }
    return runs.lastResult() == SQLITE_DONE;
}

// True when every price of the catalog starts at a midnight (UTC): a day then has one price per model.
bool pricesStartAtMidnight(const pricing::PriceCatalog& catalog)
{
    const QList<pricing::PriceEntry> entries = catalog.entries();
    return std::all_of(entries.begin(), entries.end(), [](const pricing::PriceEntry& e) {
        return e.effectiveFrom % timeutil::kMillisPerDay == 0;
    });
}

} // namespace

CallStats CallStore::callStats(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const
{
    const QStringList models = detail::loadNames(d->handle, "SELECT name FROM models ORDER BY id");
    const DayRange range = detail::rangeOf(query);
    const bool fromRollup = detail::queryText(d->handle, "SELECT value FROM meta WHERE key = 'call_stats'") == "1"
        && pricesStartAtMidnight(catalog);
    if (fromRollup) {
        Gathered g(models, catalog);
        if (gatherRollup(d->handle, range, g))
            return g.finish();
    }
    Gathered g(models, catalog);
    gatherRows(d->handle, range, g);
    return g.finish();
}

} // namespace costdash::store
