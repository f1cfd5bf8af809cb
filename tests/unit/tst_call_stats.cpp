// CallStore::callStats (the Overview's token classes, latency and error rate per model): from the rollup and
// the latency runs where the store has them for every call, from the rows otherwise, and the two agree.
#include "store/CallStore.h"
#include "store/LatencyRuns.h"
#include "SampleMonth.h"
#include "StoreFiles.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::store;
using namespace costdash::testing;

namespace {

// Several days and models (two logged names of one catalog id, one the catalog does not know), cached, cache
// write and reasoning tokens, calls of unknown usage, failures, calls without a latency, aggregate rows, and spend
// lines (a Cost CSV's: a cost without requests or tokens), drawn apart so the other rows stay as they were.
std::vector<CallRecord> randomRows(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    const char* models[] = {"gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "mystery-model", "deepseek-reasoner"};
    std::vector<CallRecord> rows;
    for (int i = 0; i < n; ++i) {
        CallRecord r = call("2025-03-01T00:00:00Z", models[rng.bounded(5)], rng.bounded(2) ? "qa" : "code",
                            rng.bounded(1, 5000), rng.bounded(0, 2000));
        r.timestampMs += std::int64_t(rng.bounded(6 * 86'400)) * 1000;
        r.cachedInputTokens = rng.bounded(3) ? 0 : rng.bounded(std::int32_t(r.inputTokens / 2 + 1));
        r.cacheWriteTokens = rng.bounded(5) ? 0 : rng.bounded(std::int32_t(r.inputTokens / 4 + 1));
        r.reasoningTokens = rng.bounded(4) ? 0 : rng.bounded(std::int32_t(r.outputTokens + 50)); // some beyond output
        r.success = rng.bounded(10) != 0;
        if (rng.bounded(8) != 0)
            r.latencyMs = rng.bounded(30'000);
        if (rng.bounded(12) == 0) {
            r.usageKnown = false;
            r.inputTokens = r.cachedInputTokens = r.cacheWriteTokens = r.outputTokens = r.reasoningTokens = 0;
        }
        if (rng.bounded(15) == 0)
            r.aggregateRequests = rng.bounded(2, 200);
        if (rng.bounded(3) == 0)
            r.loggedCost = rng.bounded(1, 1'000'000);
        rows.push_back(r);
    }
    QRandomGenerator spend(seed + 1);
    for (CallRecord& r : rows) {
        if (spend.bounded(20) != 0)
            continue;
        r.aggregateRequests = 0;
        r.usageKnown = false;
        r.inputTokens = r.cachedInputTokens = r.cacheWriteTokens = r.outputTokens = r.reasoningTokens = 0;
        r.latencyMs.reset();
        r.loggedCost = spend.bounded(1, 1'000'000);
    }
    return rows;
}

// What `summary` reads from the rollup and from the rows (another catalog's fingerprint) agree, spend lines too.
void compareSummaries(const Summary& a, const Summary& b)
{
    QCOMPARE(a.calls, b.calls);
    QCOMPARE(a.cost, b.cost);
    QCOMPARE(a.unpricedCalls, b.unpricedCalls);
    QCOMPARE(a.usageUnknownCalls, b.usageUnknownCalls);
    QCOMPARE(a.aggregateCalls, b.aggregateCalls);
    QCOMPARE(a.spendRows, b.spendRows);
    QCOMPARE(a.aggregateCost, b.aggregateCost);
    QCOMPARE(a.groups.size(), b.groups.size());
    for (qsizetype i = 0; i < a.groups.size(); ++i) {
        QCOMPARE(a.groups[i].key, b.groups[i].key);
        QCOMPARE(a.groups[i].calls, b.groups[i].calls);
        QCOMPARE(a.groups[i].cost, b.groups[i].cost);
        QCOMPARE(a.groups[i].spendRows, b.groups[i].spendRows);
        QCOMPARE(a.groups[i].aggregateCost, b.groups[i].aggregateCost);
    }
}

void compareStats(const CallStats& a, const CallStats& b)
{
    const TokenClassCosts& x = a.tokenClasses;
    const TokenClassCosts& y = b.tokenClasses;
    QCOMPARE(x.input, y.input);
    QCOMPARE(x.cachedInput, y.cachedInput);
    QCOMPARE(x.output, y.output);
    QCOMPARE(x.reasoning, y.reasoning);
    QCOMPARE(x.inputTokens, y.inputTokens);
    QCOMPARE(x.cachedInputTokens, y.cachedInputTokens);
    QCOMPARE(x.outputTokens, y.outputTokens);
    QCOMPARE(x.reasoningTokens, y.reasoningTokens);
    QCOMPARE(x.pricedCalls, y.pricedCalls);
    QCOMPARE(x.unpricedCalls, y.unpricedCalls);
    QCOMPARE(x.outOfRange, y.outOfRange);
    QCOMPARE(a.models.size(), b.models.size());
    for (qsizetype i = 0; i < a.models.size(); ++i) {
        QCOMPARE(a.models[i].model, b.models[i].model);
        QCOMPARE(a.models[i].calls, b.models[i].calls);
        QCOMPARE(a.models[i].failed, b.models[i].failed);
        QCOMPARE(a.models[i].timedCalls, b.models[i].timedCalls);
        QCOMPARE(a.models[i].p50Ms, b.models[i].p50Ms);
        QCOMPARE(a.models[i].p95Ms, b.models[i].p95Ms);
        QCOMPARE(a.models[i].aggregateRequests, b.models[i].aggregateRequests);
    }
}

const SummaryQuery kRanges[] = {
    {},
    {GroupBy::Model, timeutil::dayOf(at("2025-03-02T00:00:00Z")), timeutil::dayOf(at("2025-03-04T00:00:00Z"))},
    {GroupBy::Model, timeutil::dayOf(at("2025-03-06T00:00:00Z")), timeutil::dayOf(at("2025-03-06T00:00:00Z"))},
    {GroupBy::Model, timeutil::dayOf(at("2025-04-01T00:00:00Z")), {}},
};

struct Store {
    QTemporaryDir dir;
    std::unique_ptr<CallStore> store;
    QString path() const { return dir.filePath(QStringLiteral("calls.db")); }
    void open()
    {
        store.reset();
        QString error;
        store = CallStore::open(path(), &error);
        QVERIFY2(store, qPrintable(error));
    }
    std::vector<CallStats> statsOfRanges() const
    {
        std::vector<CallStats> out;
        for (const SummaryQuery& q : kRanges)
            out.push_back(store->callStats(q, store->catalog()));
        return out;
    }
};

// The 10 columns migration 8 adds to the rollup.
const char* kStatColumns[] = {"class_rows", "classless_rows", "request_rows", "failed_calls", "uncached_tokens",
                              "cache_write_tokens", "cached_tokens", "input_less_cached_tokens",
                              "plain_output_tokens", "reasoning_tokens"};

} // namespace

class TestCallStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rollupEqualsRows();
    void aggregateRowsHaveNoHealth();
    void spendLinesCountCostNotCalls();
    void spendLinesAfterMigration();
    void priceFromNoonReadsRows();
    void olderStoreReadsRows();
    void latencyRunsRoundTrip();
};

// Three imports into one store; then the same figures with the store's marker gone (every row read).
void TestCallStats::rollupEqualsRows()
{
    Store s;
    s.open();
    const auto rows = randomRows(3000, 7);
    QVERIFY(importRows(*s.store, std::span(rows).first(1000), "aa01") > 0);
    QVERIFY(importRows(*s.store, std::span(rows).subspan(1000, 1500), "aa02") > 0);
    QVERIFY(importRows(*s.store, std::span(rows).subspan(2500), "aa03") > 0);
    const std::vector<CallStats> fromRollup = s.statsOfRanges();
    QVERIFY(fromRollup[0].tokenClasses.cachedInput > 0 && fromRollup[0].tokenClasses.reasoning > 0);
    QVERIFY(fromRollup[0].tokenClasses.unpricedCalls > 0 && fromRollup[0].models.size() == 4);
    QVERIFY(fromRollup[0].models[0].p95Ms > fromRollup[0].models[0].p50Ms);
    const Summary summaryFromRollup = s.store->summarize({}, s.store->catalog());
    QVERIFY(summaryFromRollup.spendRows > 100 && summaryFromRollup.aggregateCalls > 0);
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'call_stats'")));
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'rollup_catalog'")));
    const std::vector<CallStats> fromRows = s.statsOfRanges();
    for (std::size_t i = 0; i < fromRows.size(); ++i)
        compareStats(fromRollup[i], fromRows[i]);
    QVERIFY(fromRows.back().models.isEmpty());
    compareSummaries(summaryFromRollup, s.store->summarize({}, s.store->catalog()));
}

// An aggregate row sums requests: its tokens are in the classes, but it has no status or latency of a request.
void TestCallStats::aggregateRowsHaveNoHealth()
{
    Store s;
    s.open();
    std::vector<CallRecord> rows{call("2025-03-01T10:00:00Z", "gpt-4o", "qa", 100, 10),
                                 call("2025-03-01T11:00:00Z", "gpt-4o", "qa", 100, 10),
                                 call("2025-03-01T00:00:00Z", "gpt-4o", "", 50'000, 9'000)};
    rows[0].latencyMs = 100;
    rows[1].success = false;
    rows[1].latencyMs = 300;
    rows[2].aggregateRequests = 40;
    rows[2].latencyMs = 99'999;
    rows[2].success = false;
    rows.push_back(call("2025-03-01T00:00:00Z", "gpt-4o", "", 0, 0, 700)); // a bucket of spend without tokens
    rows[3].usageKnown = false;
    rows[3].aggregateRequests = 10;
    QVERIFY(importRows(*s.store, rows) > 0);
    const Summary summary = s.store->summarize({}, s.store->catalog());
    QCOMPARE(summary.calls, 2 + 40 + 10);
    QCOMPARE(summary.aggregateCalls, 40 + 10);
    const CallStats stats = s.store->callStats({}, s.store->catalog());
    QCOMPARE(stats.models.size(), 1);
    QCOMPARE(stats.models[0].calls, 2);
    QCOMPARE(stats.models[0].failed, 1);
    QCOMPARE(stats.models[0].timedCalls, 2);
    QCOMPARE(stats.models[0].p95Ms.value_or(-1), 300);
    QCOMPARE(stats.models[0].aggregateRequests, 40 + 10);
    QCOMPARE(stats.tokenClasses.pricedCalls, 3);
    QCOMPARE(stats.tokenClasses.unpricedCalls, 1);
    QCOMPARE(stats.tokenClasses.inputTokens, 50'200);
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'call_stats'")));
    compareStats(s.store->callStats({}, s.store->catalog()), stats);
    QCOMPARE(s.store->summarize({}, pricing::PriceCatalog()).calls, summary.calls); // the rows, not the rollup
}

// A spend line (a Cost CSV's) is a cost without requests: it counts its cost and no call, is in no token class,
// and gives its model no health figures; from the rollup and from the rows alike.
void TestCallStats::spendLinesCountCostNotCalls()
{
    Store s;
    s.open();
    std::vector<CallRecord> rows{call("2025-03-01T10:00:00Z", "gpt-4o", "qa", 100, 10),
                                 call("2025-03-01T00:00:00Z", "gpt-4o", "proj", 0, 0, 561'771'250),
                                 call("2025-03-01T00:00:00Z", "web search tool calls", "proj", 0, 0, 25'000'000)};
    rows[0].latencyMs = 100;
    for (CallRecord& r : std::span(rows).subspan(1)) {
        r.aggregateRequests = 0;
        r.usageKnown = false;
    }
    QVERIFY(importRows(*s.store, rows) > 0);
    const Summary summary = s.store->summarize({}, s.store->catalog());
    QCOMPARE(summary.calls, 1);
    QCOMPARE(summary.spendRows, 2);
    QCOMPARE(summary.aggregateCalls, 0);
    QCOMPARE(summary.aggregateCost, 561'771'250 + 25'000'000);
    QCOMPARE(summary.cost, 250'000 + 100'000 + 561'771'250 + 25'000'000); // gpt-4o: $2.50 in, $10 out per 1M
    QCOMPARE(summary.unpricedCalls, 0);
    QCOMPARE(summary.usageUnknownCalls, 0);
    const CallStats stats = s.store->callStats({}, s.store->catalog());
    QCOMPARE(stats.models.size(), 1);
    QCOMPARE(stats.models[0].calls, 1);
    QCOMPARE(stats.models[0].aggregateRequests, 0);
    QCOMPARE(stats.tokenClasses.pricedCalls, 1);
    QCOMPARE(stats.tokenClasses.unpricedCalls, 0);
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'call_stats'")));
    compareStats(s.store->callStats({}, s.store->catalog()), stats);
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'rollup_catalog'")));
    compareSummaries(s.store->summarize({}, s.store->catalog()), summary); // the rows, not the rollup
}

// A store of schema 8 (no spend_rows, no rows_idle) is migrated on open; spend lines imported then are counted,
// from the rollup as from the rows.
void TestCallStats::spendLinesAfterMigration()
{
    Store s;
    s.open();
    std::vector<CallRecord> rows{call("2025-03-01T10:00:00Z", "gpt-4o", "qa", 100, 10)};
    QVERIFY(importRows(*s.store, rows, "cc01") > 0);
    s.store.reset();
    for (const char* sql : {"ALTER TABLE rollup DROP COLUMN spend_rows", "ALTER TABLE imports DROP COLUMN rows_idle",
                            "PRAGMA user_version = 8"})
        QVERIFY2(execOn(s.path(), QLatin1String(sql)), sql);
    s.open();
    QCOMPARE(s.store->schemaVersion(), 9);
    rows = {call("2025-03-01T00:00:00Z", "gpt-4o", "proj", 0, 0, 561'771'250)};
    rows[0].aggregateRequests = 0;
    rows[0].usageKnown = false;
    QVERIFY(importRows(*s.store, rows, "cc02") > 0);
    const Summary summary = s.store->summarize({}, s.store->catalog());
    QCOMPARE(summary.calls, 1);
    QCOMPARE(summary.spendRows, 1);
    QCOMPARE(summary.cost, 250'000 + 100'000 + 561'771'250);
    QVERIFY(execOn(s.path(), QStringLiteral("DELETE FROM meta WHERE key = 'rollup_catalog'")));
    compareSummaries(s.store->summarize({}, s.store->catalog()), summary);
}

// A price that starts at noon: the day's calls before it and after it cost differently, so the rows are read.
void TestCallStats::priceFromNoonReadsRows()
{
    Store s;
    s.open();
    const std::vector<CallRecord> rows{call("2025-03-02T06:00:00Z", "house-model", "qa", 1000, 0),
                                       call("2025-03-02T18:00:00Z", "house-model", "qa", 1000, 0)};
    QVERIFY(importRows(*s.store, rows) > 0);
    pricing::PriceCatalog catalog = s.store->catalog();
    pricing::PriceEntry e;
    e.model = QStringLiteral("house-model");
    e.effectiveFrom = at("2025-03-01T00:00:00Z");
    e.price.input = 1'000'000; // 1.00 USD per 1M: 1,000 tokens cost 1,000,000 nano-USD
    e.price.output = 1'000'000;
    catalog.add(e);
    e.effectiveFrom = at("2025-03-02T12:00:00Z");
    e.price.input = 3'000'000;
    catalog.add(e);
    const CallStats stats = s.store->callStats({}, catalog);
    QCOMPARE(stats.tokenClasses.pricedCalls, 2);
    QCOMPARE(stats.tokenClasses.input, 1'000'000 + 3'000'000);
}

// A store from before migration 8 that already held calls has no stats in its rollup: it reads the rows, and
// still does after a later import.
void TestCallStats::olderStoreReadsRows()
{
    Store s;
    s.open();
    const auto rows = randomRows(800, 11);
    QVERIFY(importRows(*s.store, std::span(rows).first(500), "bb01") > 0);
    const std::vector<CallStats> before = s.statsOfRanges();
    s.store.reset();
    QStringList downgrade{QStringLiteral("DROP TABLE latency_runs"),
                          QStringLiteral("DELETE FROM meta WHERE key = 'call_stats'"),
                          QStringLiteral("ALTER TABLE rollup DROP COLUMN spend_rows"),
                          QStringLiteral("ALTER TABLE imports DROP COLUMN rows_idle")};
    for (const char* c : kStatColumns)
        downgrade << QStringLiteral("ALTER TABLE rollup DROP COLUMN %1").arg(QLatin1String(c));
    downgrade << QStringLiteral("PRAGMA user_version = 7");
    for (const QString& sql : downgrade)
        QVERIFY2(execOn(s.path(), sql), qPrintable(sql));
    s.open();
    const std::vector<CallStats> migrated = s.statsOfRanges();
    for (std::size_t i = 0; i < before.size(); ++i)
        compareStats(migrated[i], before[i]);
    QVERIFY(importRows(*s.store, std::span(rows).subspan(500), "bb02") > 0);
    const std::vector<CallStats> appended = s.statsOfRanges();
    QVERIFY(execOn(s.path(), QStringLiteral("INSERT INTO meta(key, value) VALUES('call_stats', '1')")));
    const std::vector<CallStats> partial = s.statsOfRanges(); // the rollup holds only the second import's
    QVERIFY(partial[0].models[0].calls < appended[0].models[0].calls);
}

void TestCallStats::latencyRunsRoundTrip()
{
    const std::vector<std::int64_t> values{0, 1, -1, 127, 128, 16'383, 16'384, 300'000,
                                           std::numeric_limits<std::int64_t>::max(),
                                           std::numeric_limits<std::int64_t>::min()};
    const QByteArray bytes = detail::encodeLatencies(values);
    QCOMPARE(bytes.size(), 1 + 1 + 1 + 2 + 2 + 3 + 3 + 3 + 10 + 10);
    std::vector<std::int64_t> out{42};
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    QVERIFY(detail::decodeLatencies({data, std::size_t(bytes.size())}, out));
    QCOMPARE(out.size(), values.size() + 1);
    QVERIFY(std::equal(values.begin(), values.end(), out.begin() + 1));
    // Cut inside the last value, or eleven continuation bytes: refused, and `out` as it was.
    QVERIFY(!detail::decodeLatencies({data, std::size_t(bytes.size() - 1)}, out));
    QCOMPARE(out.size(), values.size() + 1);
    const std::uint8_t endless[11] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    QVERIFY(!detail::decodeLatencies(endless, out));
    QCOMPARE(out.size(), values.size() + 1);
}

QTEST_GUILESS_MAIN(TestCallStats)
#include "tst_call_stats.moc"
