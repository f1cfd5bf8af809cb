// PromptRunner against the loopback server without a store: the per-model rate limit and the budget while
// calls are in flight.
#include "LoopbackServer.h"
#include "api/Endpoint.h"
#include "api/PromptRunner.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
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

} // namespace

class TestPromptRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ratePerModel();
    void budgetCountsCallsInFlight();
};

void TestPromptRunner::ratePerModel()
{
    LoopbackServer server([](const HttpRequest& r, int) { return completionReply(r.model(), QStringLiteral("ok")); });
    QString error;
    api::ChatClient client(*api::parseEndpoint(server.baseUrl(), false, &error), {});
    api::PromptRunner runner(&client, nullptr, pricing::PriceCatalog::bundled());
    api::RunOptions options;
    options.models = {QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")};
    options.concurrency = 12;
    options.requestsPerMinute = 2;
    options.rateWindowMs = 400; // 2 requests per 400 ms per model
    QElapsedTimer t;
    t.start();
    const api::RunSummary s = QCoro::waitFor(runner.run(suiteOf(6, 4), options));
    // 6 calls per model at 2 a window: starts at 0, 400 and 800 ms; both models at once.
    QVERIFY2(t.elapsed() >= 780 && t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(s.models.at(0).ok, 6);
    QCOMPARE(s.models.at(1).ok, 6);
    QCOMPARE(server.requestCount(), 12);
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

QTEST_GUILESS_MAIN(TestPromptRunner)
#include "tst_prompt_runner.moc"
