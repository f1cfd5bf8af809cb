// PromptRunner against the loopback server: the per-model rate limits, the budget while calls are in flight, and
// the calls cancelled in flight kept in the store with their usage unknown.
#include "LoopbackServer.h"
#include "api/Endpoint.h"
#include "api/PromptRunner.h"
#include "store/CallStore.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QMutex>
#include <QTemporaryDir>
#include <QtTest>

using namespace costdash;
using namespace costdash::testing;

namespace {

api::PromptSuite suiteOf(int prompts, int maxTokens)
{
    api::PromptSuite suite;
    suite.name = QStringLiteral("t");
    for (int i = 0; i < prompts; ++i) {
        api::SuitePrompt p;
        p.id = QStringLiteral("p%1").arg(i);
        p.taskType = QStringLiteral("chat");
        p.messages = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                            {QStringLiteral("content"), QStringLiteral("hello")}}};
        p.maxTokens = maxTokens;
        suite.prompts.append(p);
    }
    return suite;
}

// A run of gpt-4o-mini and gpt-4o against `server`, 12 at once, with no store.
struct TwoModelRun {
    explicit TwoModelRun(const LoopbackServer& server)
        : client(*api::parseEndpoint(server.baseUrl(), false, nullptr), {})
        , runner(&client, nullptr, pricing::PriceCatalog::bundled())
    {
        options.models = {QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")};
        options.concurrency = 12;
    }
    api::ChatClient client;
    api::PromptRunner runner;
    api::RunOptions options;
};

} // namespace

class TestPromptRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ratePerModel();
    void rpmLimitsParse_data();
    void rpmLimitsParse();
    void eachModelItsOwnRate();
    void budgetCountsCallsInFlight();
    void callsCancelledInFlightAreStored();
};

void TestPromptRunner::ratePerModel()
{
    LoopbackServer server([](const HttpRequest& r, int) { return completionReply(r.model(), QStringLiteral("ok")); });
    TwoModelRun run(server);
    run.options.requestsPerMinute.everyModel = 2;
    run.options.rateWindowMs = 400; // 2 requests per 400 ms per model
    QElapsedTimer t;
    t.start();
    const api::RunSummary s = QCoro::waitFor(run.runner.run(suiteOf(6, 4), run.options));
    // 6 calls per model at 2 a window: starts at 0, 400 and 800 ms; both models at once.
    QVERIFY2(t.elapsed() >= 780 && t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(s.models.at(0).ok, 6);
    QCOMPARE(s.models.at(1).ok, 6);
    QCOMPARE(server.requestCount(), 12);
}

void TestPromptRunner::rpmLimitsParse_data()
{
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QString>("formatted"); // empty with an error: the error's start
    QTest::addColumn<QString>("error");
    QTest::newRow("none") << QStringList{} << QString() << QString();
    QTest::newRow("every model") << QStringList{QStringLiteral("60")} << QStringLiteral("60") << QString();
    QTest::newRow("comma list") << QStringList{QStringLiteral(" 60 , gpt-4o=10,gpt-4o-mini = 120")}
                                << QStringLiteral("60, gpt-4o=10, gpt-4o-mini=120") << QString();
    QTest::newRow("repeated") << QStringList{QStringLiteral("gpt-4o=10"), QStringLiteral("5")}
                              << QStringLiteral("5, gpt-4o=10") << QString();
    QTest::newRow("a model without a limit") << QStringList{QStringLiteral("60,gpt-4o=0")}
                                             << QStringLiteral("60, gpt-4o=0") << QString();
    QTest::newRow("not a number") << QStringList{QStringLiteral("fast")} << QString()
                                  << QStringLiteral("rpm: \"fast\" is neither N nor MODEL=N");
    QTest::newRow("negative") << QStringList{QStringLiteral("gpt-4o=-1")} << QString()
                              << QStringLiteral("rpm: \"gpt-4o=-1\" is neither");
    QTest::newRow("no model") << QStringList{QStringLiteral("=5")} << QString() << QStringLiteral("rpm: \"=5\" is");
    QTest::newRow("two defaults") << QStringList{QStringLiteral("60"), QStringLiteral("30")} << QString()
                                  << QStringLiteral("rpm: the limit for every model is given twice (60 and 30)");
    QTest::newRow("a model twice") << QStringList{QStringLiteral("gpt-4o=1,gpt-4o=2")} << QString()
                                   << QStringLiteral("rpm: gpt-4o is given two limits");
}

void TestPromptRunner::rpmLimitsParse()
{
    QFETCH(QStringList, entries);
    QFETCH(QString, formatted);
    QFETCH(QString, error);
    QString why;
    const auto limits = api::parseRpmLimits(entries, &why);
    QCOMPARE(bool(limits), error.isEmpty());
    if (!limits) {
        QVERIFY2(why.startsWith(error), qPrintable(why));
        return;
    }
    QCOMPARE(api::formatRpmLimits(*limits), formatted);
    QCOMPARE(api::formatRpmLimits(*api::parseRpmLimits({formatted}, &why)), formatted); // reads back
}

void TestPromptRunner::eachModelItsOwnRate()
{
    // gpt-4o-mini may start 3 requests a window, gpt-4o (the default) 1: the server sees mini's three at once and
    // gpt-4o's one a window apart.
    QMutex lock;
    QHash<QString, QList<qint64>> arrivals;
    QElapsedTimer since;
    since.start();
    LoopbackServer server([&](const HttpRequest& r, int) {
        const QMutexLocker locked(&lock);
        arrivals[r.model()].append(since.elapsed());
        return completionReply(r.model(), QStringLiteral("ok"));
    });
    TwoModelRun run(server);
    QString error;
    run.options.requestsPerMinute = *api::parseRpmLimits({QStringLiteral("1, gpt-4o-mini=3")}, &error);
    run.options.rateWindowMs = 400;
    const api::RunSummary s = QCoro::waitFor(run.runner.run(suiteOf(3, 4), run.options));
    QCOMPARE(s.models.at(0).ok, 3);
    QCOMPARE(s.models.at(1).ok, 3);
    const QMutexLocker locked(&lock);
    QList<qint64> mini = arrivals.value(QStringLiteral("gpt-4o-mini"));
    QList<qint64> big = arrivals.value(QStringLiteral("gpt-4o"));
    QCOMPARE(mini.size(), 3);
    QCOMPARE(big.size(), 3);
    std::sort(mini.begin(), mini.end());
    std::sort(big.begin(), big.end());
    const QString seen = QStringLiteral("mini %1/%2/%3, gpt-4o %4/%5/%6")
                             .arg(mini[0]).arg(mini[1]).arg(mini[2]).arg(big[0]).arg(big[1]).arg(big[2]);
    QVERIFY2(mini[2] - mini[0] < 300, qPrintable(seen));         // all three in the first window
    QVERIFY2(big[1] - big[0] >= 380, qPrintable(seen));          // one a window
    QVERIFY2(big[2] - big[1] >= 380, qPrintable(seen));
    QVERIFY2(std::abs(big[0] - mini[0]) < 300, qPrintable(seen)); // the models do not wait for each other
}

void TestPromptRunner::budgetCountsCallsInFlight()
{
    // Each answer takes 300 ms; the budget covers exactly 3 calls' worst case, so with 8 workers only 3 start,
    // and once they end (at their real, smaller cost) the rest fit as room frees up.
    LoopbackServer server([](const HttpRequest& r, int) {
        Reply reply = completionReply(r.model(), QStringLiteral("ok"), 5, 1);
        reply.delayMs = 300;
        return reply;
    });
    QString error;
    api::ChatClient client(*api::parseEndpoint(server.baseUrl(), false, &error), {});
    const pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    api::PromptRunner runner(&client, nullptr, catalog);
    const api::PromptSuite suite = suiteOf(8, 1000);
    api::RunOptions options;
    options.models = {QStringLiteral("gpt-4o-mini")};
    options.concurrency = 8;
    const api::RunEstimate e = api::estimateRun(suite, options, catalog, QDateTime::currentMSecsSinceEpoch());
    options.budget = e.worstCase * 3 / 8; // three calls' worst case
    int maxInFlightSeen = 0;
    QTimer probe;
    connect(&probe, &QTimer::timeout, &probe, [&] { maxInFlightSeen = std::max(maxInFlightSeen, client.inFlight()); });
    probe.start(5);
    const api::RunSummary s = QCoro::waitFor(runner.run(suite, options));
    QCOMPARE(maxInFlightSeen, 3);
    QCOMPARE(s.models.at(0).ok + s.models.at(0).skipped, 8);
    QVERIFY(s.models.at(0).ok > 3); // real costs are far below the worst case: later calls fit
    QVERIFY(s.spent <= *options.budget);
}

void TestPromptRunner::callsCancelledInFlightAreStored()
{
    // The first 3 calls are answered at once; the next 3 stall until the run is cancelled: they were sent (and
    // may be billed), so they are kept as cancelled, usage unknown, with their time in flight.
    LoopbackServer server([](const HttpRequest& r, int index) {
        Reply reply = completionReply(r.model(), QStringLiteral("ok"), 100, 20);
        if (index >= 3) {
            reply.end = Reply::End::Stall;
            reply.stallBeforeHeaders = true;
        }
        return reply;
    });
    QTemporaryDir dir;
    QString error;
    auto store = store::CallStore::open(dir.filePath(QStringLiteral("cancel.db")), &error);
    QVERIFY2(store, qPrintable(error));
    api::ChatClient client(*api::parseEndpoint(server.baseUrl(), false, &error), {});
    api::PromptRunner runner(&client, store.get(), store->catalog());
    api::RunOptions options;
    options.models = {QStringLiteral("gpt-4o-mini")};
    options.concurrency = 3;
    api::RunSummary s;
    bool done = false;
    QCoro::connect(runner.run(suiteOf(8, 50), options), &runner, [&](const api::RunSummary& summary) {
        s = summary;
        done = true;
    });
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 6, 10000);
    QTest::qWait(150); // time in flight to keep
    runner.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QVERIFY(s.cancelled);
    const api::ModelStats& mini = s.models.at(0);
    QCOMPARE(mini.ok, 3);
    QCOMPARE(mini.cancelled, 3);
    QCOMPARE(mini.usageUnknown, 3);
    QCOMPARE(mini.cost, 3 * 27000); // 100 in, 20 out at 0.15 / 0.60 per million; the cancelled ones not at $0
    const QList<store::StoredRunCall> rows = store->runCalls(s.runId);
    QCOMPARE(rows.size(), 6);
    int cancelled = 0;
    for (const store::StoredRunCall& row : rows) {
        if (row.call.success) {
            QVERIFY(row.extra.usageKnown);
            QCOMPARE(row.call.inputTokens, 100);
            continue;
        }
        ++cancelled;
        QCOMPARE(row.call.error, api::kCancelledInFlight);
        QVERIFY(!row.extra.usageKnown);
        QVERIFY(!row.extra.passed);
        QCOMPARE(row.call.inputTokens, 0); // NULL in the store
        QVERIFY2(row.call.latencyMs.value_or(0) >= 140, qPrintable(QString::number(row.call.latencyMs.value_or(-1))));
    }
    QCOMPARE(cancelled, 3);
    // The summary counts them as calls of unknown cost (unpriced), never as $0 calls.
    const store::Summary summary = store->summarize({}, store->catalog());
    QCOMPARE(summary.calls, 6);
    QCOMPARE(summary.unpricedCalls, 3);
    QCOMPARE(summary.cost, 3 * 27000);
    QVERIFY(store->imports().at(0).finished);
}

QTEST_GUILESS_MAIN(TestPromptRunner)
#include "tst_prompt_runner.moc"
