// The store's past test-prompt runs (CallStore::runs, runHeader): what the runs browser and `costdash runs` list,
// as golden figures over calls written through the runner's door (beginRun, appendRunCall, finishRun).
#include "StoreFiles.h"
#include "store/CallStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::store;

namespace {

// 2025-03-01T10:00:00Z: the bundled catalog prices gpt-4o-mini at 0.15 / 0.60 USD per million tokens.
constexpr timeutil::Millis kT0 = 1740823200000;

CallRecord callOf(const QString& model, const QString& runId, std::int64_t in, std::int64_t out, timeutil::Millis at)
{
    CallRecord c;
    c.timestampMs = at;
    c.model = model;
    c.inputTokens = in;
    c.outputTokens = out;
    c.latencyMs = 120;
    c.taskType = QStringLiteral("chat");
    c.tag = runId;
    c.prompt = QStringLiteral("hello");
    return c;
}

} // namespace

// Takes a store back to schema version 4: drops what migrations 5 to 9 add.
void downgradeToVersion4(const QString& path)
{
    for (const char* sql : {"ALTER TABLE rollup DROP COLUMN spend_rows", "ALTER TABLE imports DROP COLUMN rows_idle",
                            "DROP INDEX calls_by_trace", "ALTER TABLE calls DROP COLUMN trace_id",
                            "ALTER TABLE calls DROP COLUMN aggregate_requests",
                            "ALTER TABLE rollup DROP COLUMN usage_unknown_calls",
                            "ALTER TABLE rollup DROP COLUMN usage_unknown_uncosted",
                            "ALTER TABLE rollup DROP COLUMN aggregate_calls",
                            "ALTER TABLE rollup DROP COLUMN aggregate_logged_nusd",
                            "ALTER TABLE rollup DROP COLUMN aggregate_catalog_nusd", "DROP TABLE latency_runs",
                            "ALTER TABLE rollup DROP COLUMN class_rows", "ALTER TABLE rollup DROP COLUMN classless_rows",
                            "ALTER TABLE rollup DROP COLUMN request_rows", "ALTER TABLE rollup DROP COLUMN failed_calls",
                            "ALTER TABLE rollup DROP COLUMN uncached_tokens",
                            "ALTER TABLE rollup DROP COLUMN cache_write_tokens",
                            "ALTER TABLE rollup DROP COLUMN cached_tokens",
                            "ALTER TABLE rollup DROP COLUMN input_less_cached_tokens",
                            "ALTER TABLE rollup DROP COLUMN plain_output_tokens",
                            "ALTER TABLE rollup DROP COLUMN reasoning_tokens",
                            "DELETE FROM meta WHERE key = 'call_stats'", "PRAGMA user_version = 4"})
        QVERIFY2(testing::execOn(path, QLatin1String(sql)), sql);
}

// Records a run of one gpt-4o-mini call (100 in, 20 out), and with `cutShort` a second one of unknown usage.
void recordRun(const QString& path, const QString& runId, bool cutShort)
{
    QString error;
    auto store = CallStore::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    RunHeader run;
    run.runId = runId;
    run.startedMs = kT0;
    const auto id = store->beginRun(run, &error);
    QVERIFY2(id, qPrintable(error));
    const ImportCounts counts{cutShort ? 2 : 1, cutShort ? 2 : 1, 0, 0, 0};
    QVERIFY2(store->appendRunCall(*id, callOf(QStringLiteral("gpt-4o-mini"), runId, 100, 20, kT0),
                                  {runId, QStringLiteral("p1"), 0, 1, {}, true, true, QStringLiteral("ok")}, counts,
                                  &error),
             qPrintable(error));
    if (cutShort)
        QVERIFY2(store->appendRunCall(*id, callOf(QStringLiteral("gpt-4o-mini"), runId, 0, 0, kT0 + 1000),
                                      {runId, QStringLiteral("p2"), 0, 1, {}, false, {}, QString()}, counts, &error),
                 qPrintable(error));
    QVERIFY2(store->finishRun(*id, counts, run, &error), qPrintable(error));
}

class TestStoreRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsAreListedNewestFirstWithTheirFigures();
    void anUnknownRunHasNoHeader();
    void runsOfAnOlderStoreAreAdopted();
    void unknownUsageOfAnOlderStoreIsCounted();
};

void TestStoreRuns::runsAreListedNewestFirstWithTheirFigures()
{
    QTemporaryDir dir;
    QString error;
    auto store = CallStore::open(dir.filePath(QStringLiteral("runs.db")), &error);
    QVERIFY2(store, qPrintable(error));

    RunHeader first;
    first.runId = QStringLiteral("run-a");
    first.suite = QStringLiteral("demo");
    first.endpoint = QStringLiteral("http://127.0.0.1:9/v1");
    first.models = {QStringLiteral("gpt-4o-mini"), QStringLiteral("mystery-model")};
    first.prompts = {QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3")};
    first.startedMs = kT0;
    const auto firstId = store->beginRun(first, &error);
    QVERIFY2(firstId, qPrintable(error));
    ImportCounts counts;
    auto append = [&](std::int64_t importId, const CallRecord& c, const RunCallExtra& extra) {
        ++counts.read;
        ++counts.imported;
        QVERIFY2(store->appendRunCall(importId, c, extra, counts, &error), qPrintable(error));
    };
    // Two priced calls (one passed, one failed its expectation), one of unknown usage, one unpriced model.
    append(*firstId, callOf(QStringLiteral("gpt-4o-mini"), first.runId, 100, 20, kT0), {first.runId, QStringLiteral("p1"), 0, 1, {}, true, true, QStringLiteral("ok")});
    append(*firstId, callOf(QStringLiteral("gpt-4o-mini"), first.runId, 200, 40, kT0 + 1), {first.runId, QStringLiteral("p2"), 0, 2, {}, true, false, QStringLiteral("no")});
    CallRecord cut = callOf(QStringLiteral("gpt-4o-mini"), first.runId, 0, 0, kT0 + 2);
    cut.success = false;
    cut.error = QStringLiteral("cancelled in flight");
    append(*firstId, cut, {first.runId, QStringLiteral("p3"), 0, 1, {}, false, {}, {}});
    append(*firstId, callOf(QStringLiteral("mystery-model"), first.runId, 100, 20, kT0 + 3), {first.runId, QStringLiteral("p1"), 0, 1, {}, true, {}, QStringLiteral("ok")});
    first.finishedMs = kT0 + 5000;
    first.cancelled = true;
    first.estimatedWorstCase = 900000;
    first.spent = 120000;
    first.skipped = {{QStringLiteral("mystery-model"), 2}};
    QVERIFY2(store->finishRun(*firstId, counts, first, &error), qPrintable(error));

    RunHeader second;
    second.runId = QStringLiteral("run-b");
    second.suite = QStringLiteral("mine");
    second.models = {QStringLiteral("gpt-4o-mini")};
    second.startedMs = kT0 + 60000; // newer; never finished (a killed run)
    const auto secondId = store->beginRun(second, &error);
    QVERIFY2(secondId, qPrintable(error));

    const QList<RunListing> runs = store->runs();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).header.runId, QStringLiteral("run-b"));
    QCOMPARE(runs.at(0).calls, 0);
    QVERIFY(runs.at(0).header.prompts.isEmpty());
    QVERIFY(!runs.at(0).header.finishedMs);
    QVERIFY(!runs.at(0).passRate());
    const RunListing& a = runs.at(1);
    QCOMPARE(a.header.runId, QStringLiteral("run-a"));
    QCOMPARE(a.header.suite, QStringLiteral("demo"));
    QCOMPARE(a.header.endpoint, QStringLiteral("http://127.0.0.1:9/v1"));
    QCOMPARE(a.header.models, first.models);
    QCOMPARE(a.header.prompts, first.prompts);
    QCOMPARE(a.header.startedMs, kT0);
    QCOMPARE(a.header.finishedMs, std::optional<timeutil::Millis>(kT0 + 5000));
    QVERIFY(a.header.cancelled);
    QCOMPARE(a.header.estimatedWorstCase, 900000);
    QCOMPARE(a.header.spent, 120000);
    QCOMPARE(a.header.skipped.value(QStringLiteral("mystery-model")), 2);
    QCOMPARE(a.calls, 4);
    // 100 in + 20 out = $0.000027; 200 in + 40 out = $0.000054; the cut call and the unpriced one are not $0.
    QCOMPARE(a.cost, 27000 + 54000);
    QCOMPARE(a.unpricedCalls, 2);
    QCOMPARE(a.judged, 2);
    QCOMPARE(a.passed, 1);
    QCOMPARE(*a.passRate(), 0.5);
    // The header alone, as `costdash runs show` reads it.
    const auto header = store->runHeader(QStringLiteral("run-a"));
    QVERIFY(header);
    QCOMPARE(header->suite, QStringLiteral("demo"));
    QCOMPARE(header->skipped, first.skipped);
}

void TestStoreRuns::anUnknownRunHasNoHeader()
{
    QTemporaryDir dir;
    QString error;
    auto store = CallStore::open(dir.filePath(QStringLiteral("none.db")), &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(store->runs().isEmpty());
    QVERIFY(!store->runHeader(QStringLiteral("run-x")));
}

void TestStoreRuns::runsOfAnOlderStoreAreAdopted()
{
    // A store of schema 3 (run_calls, no runs table) with one run: migration 4 gives it a runs row from its calls.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    recordRun(path, QStringLiteral("run-old"), false);
    if (QTest::currentTestFailed())
        return;
    QString error;
    // What schema version 3 had: no runs table, nor the columns later migrations add.
    downgradeToVersion4(path);
    QVERIFY(testing::execOn(path, QStringLiteral("DROP TABLE runs")));
    QVERIFY(testing::execOn(path, QStringLiteral("PRAGMA user_version = 3")));
    auto store = CallStore::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->schemaVersion(), 9);
    const QList<RunListing> runs = store->runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).header.runId, QStringLiteral("run-old"));
    QCOMPARE(runs.at(0).header.models, QStringList{QStringLiteral("gpt-4o-mini")}); // from its calls
    QVERIFY(runs.at(0).header.finishedMs);
    QCOMPARE(runs.at(0).calls, 1);
    QCOMPARE(runs.at(0).cost, 27000);
}

void TestStoreRuns::unknownUsageOfAnOlderStoreIsCounted()
{
    // A schema 4 store with a run call of unknown usage: migration 5 counts it in the rollup's new columns.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    recordRun(path, QStringLiteral("run-cut"), true);
    if (QTest::currentTestFailed())
        return;
    QString error;
    downgradeToVersion4(path);
    auto store = CallStore::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->schemaVersion(), 9);
    const Summary s = store->summarize({}, store->catalog());
    QCOMPARE(s.calls, 2);
    QCOMPARE(s.usageUnknownCalls, 1);
    QCOMPARE(s.usageUnknownUncosted, 1);
    QCOMPARE(s.unpricedCalls, 1); // not in the cost, never $0
    QCOMPARE(s.cost, 27000);
    QCOMPARE(testing::column(path, "SELECT COUNT(*) FROM calls WHERE input_tokens IS NULL"), QStringList{QStringLiteral("1")});
}

QTEST_GUILESS_MAIN(TestStoreRuns)
#include "tst_store_runs.moc"
