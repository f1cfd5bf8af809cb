// End-to-end: `costdash run` against the loopback OpenAI-compatible server (LoopbackServer.h), the rows it leaves
// in the store, and that the key shows up nowhere.
#include "CliRunner.h"
#include "LoopbackServer.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include "api/PromptSuite.h"
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace costdash;
using namespace costdash::testing;

namespace {

const QByteArray kKey = "sk-cli-test-key-7f3a9c0d1e2b4a68";

const QByteArray kSuite = R"({"id": "p1", "task_type": "classification", "prompt": "Label: charged twice", "expected": {"exact": "billing"}, "max_tokens": 5}
{"id": "p2", "task_type": "chat", "messages": [{"role": "user", "content": "Capital of France?"}], "expected": {"contains": "paris"}, "max_tokens": 20}
{"id": "p3", "task_type": "summarization", "prompt": "Summarize: the meeting moved to Friday.", "max_tokens": 30}
)";

// 100 input tokens (40 cached), 20 output: $0.000024 on gpt-4o-mini (0.15 / 0.075 / 0.60 per million).
constexpr qint64 kMiniCallNanos = 24000;

Reply billing(const HttpRequest& r)
{
    return completionReply(r.model(), QStringLiteral("billing"), 100, 20, 40, 0);
}

QJsonObject modelOf(const QJsonObject& run, const QString& model)
{
    for (const QJsonValue& m : run.value(QLatin1StringView("models")).toArray()) {
        if (m.toObject().value(QLatin1StringView("model")).toString() == model)
            return m.toObject();
    }
    return {};
}

// A billing reply 150 ms late: long enough for a run to be stopped half-way.
Reply slowBilling(const HttpRequest& r, int)
{
    Reply reply = billing(r);
    reply.delayMs = 150;
    return reply;
}

// A suite of 40 chat prompts, ids `idPrefix`0… and prompts "`word` 0"….
QByteArray fortyPrompts(const QByteArray& idPrefix, const QByteArray& word)
{
    QByteArray suite;
    for (int i = 0; i < 40; ++i)
        suite += "{\"id\": \"" + idPrefix + QByteArray::number(i) + "\", \"task_type\": \"chat\", \"prompt\": \"" + word + ' '
            + QByteArray::number(i) + "\"}\n";
    return suite;
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void runRecordsEveryCall();
    void retriesAndFailuresAreCounted();
    void streamWithoutUsageIsNeverZeroDollars();
    void dryRunSendsNothing();
    void budgetStopsBeforeSending();
    void rpmPerModel_data();
    void rpmPerModel();
    void killedHalfWayKeepsFinishedCalls();
    void interruptCancelsAndReports();
    void runsListsAndShowsPastRuns();
    void plainHttpToAnotherHostIsRefused();
    void whatIfMovesSayWhatRunsFound();
    void demoSuiteCoversTheSeedTasks();

private:
    QProcessEnvironment env() const;
    QStringList args(const LoopbackServer& server, QStringList extra) const;
    // Starts `costdash run` of forty prompts against the slow billing server with `extra` arguments; true once
    // the server has seen six requests (the run is well under way, far from done).
    bool startFortyPromptRun(QProcess& p, const LoopbackServer& server, const char* prefix, QStringList extra);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    QString m_suite;
};

void TestCliRun::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("runs.db"));
    m_suite = writeFile(*m_dir, QStringLiteral("suite.jsonl"), kSuite);
}

QProcessEnvironment TestCliRun::env() const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("COSTDASH_API_KEY"), QString::fromLatin1(kKey));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    return e;
}

QStringList TestCliRun::args(const LoopbackServer& server, QStringList extra) const
{
    return QStringList{QStringLiteral("run"), m_suite, QStringLiteral("--endpoint"), server.baseUrl(),
                       QStringLiteral("--db"), m_db}
        + extra;
}

bool TestCliRun::startFortyPromptRun(QProcess& p, const LoopbackServer& server, const char* prefix, QStringList extra)
{
    m_suite = writeFile(*m_dir, QStringLiteral("forty.jsonl"), fortyPrompts(prefix, "hello"));
    p.setProcessEnvironment(env());
    p.start(QStringLiteral(COSTDASH_BINARY),
            args(server, QStringList{QStringLiteral("--models"), QStringLiteral("gpt-4o-mini")} + extra));
    return p.waitForStarted() && QTest::qWaitFor([&server] { return server.requestCount() >= 6; }, 20000);
}

void TestCliRun::runRecordsEveryCall()
{
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    const CliResult r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini,mystery-model"),
                                             QStringLiteral("--repeat"), QStringLiteral("2"),
                                             QStringLiteral("--reference"), QStringLiteral("gpt-4o-mini"),
                                             QStringLiteral("--json")}),
                               env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject run = r.json();
    const QString runId = run.value(QLatin1StringView("run_id")).toString();
    QVERIFY(runId.startsWith(QStringLiteral("run-")));
    QCOMPARE(server.requestCount(), 12);
    const QJsonObject mini = modelOf(run, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini.value(QLatin1StringView("calls")).toInteger(), 6);
    QCOMPARE(mini.value(QLatin1StringView("ok")).toInteger(), 6);
    QCOMPARE(mini.value(QLatin1StringView("failed")).toInteger(), 0);
    QCOMPARE(mini.value(QLatin1StringView("retries")).toInteger(), 0);
    QCOMPARE(mini.value(QLatin1StringView("input_tokens")).toInteger(), 600);
    QCOMPARE(mini.value(QLatin1StringView("output_tokens")).toInteger(), 120);
    QCOMPARE(mini.value(QLatin1StringView("cost_nusd")).toInteger(), 6 * kMiniCallNanos);
    QCOMPARE(mini.value(QLatin1StringView("pass_rate")).toDouble(), 0.5); // p1 passes, p2 fails; p3 not judged
    QVERIFY(mini.value(QLatin1StringView("p50_ms")).toInteger(-1) >= 0);
    QVERIFY(mini.value(QLatin1StringView("p95_ms")).toInteger() >= mini.value(QLatin1StringView("p50_ms")).toInteger());
    QVERIFY(mini.value(QLatin1StringView("ttft_p50_ms")).isNull()); // not streamed
    const QJsonObject mystery = modelOf(run, QStringLiteral("mystery-model"));
    QCOMPARE(mystery.value(QLatin1StringView("cost_nusd")).toInteger(), 0);
    QCOMPARE(mystery.value(QLatin1StringView("unpriced")).toInteger(), 6);
    // p1 2/2, p2 0/2, p3 agrees with the reference 2/2.
    QCOMPARE(mystery.value(QLatin1StringView("judged")).toInteger(), 6);
    QCOMPARE(mystery.value(QLatin1StringView("passed")).toInteger(), 4);

    // The calls, as the store holds them.
    QString error;
    auto store = store::CallStore::open(m_db, &error, store::CallStore::Access::Read);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->callCount(), 12);
    const auto calls = store->runCalls(runId);
    QCOMPARE(calls.size(), 12);
    for (const store::StoredRunCall& c : calls) {
        QCOMPARE(c.call.tag, runId);
        QVERIFY(c.call.success);
        QCOMPARE(c.call.httpStatus, 200);
        QCOMPARE(c.extra.response, QStringLiteral("billing"));
        QCOMPARE(c.extra.attempts, 1);
        QVERIFY(c.extra.usageKnown);
        QCOMPARE(c.call.inputTokens, 100);
        QCOMPARE(c.call.cachedInputTokens, 40);
        QCOMPARE(c.call.outputTokens, 20);
        QVERIFY(c.call.latencyMs);
        QVERIFY(!c.call.prompt.isEmpty());
    }
    // Calls are written as they finish, in no fixed order: p1's are found by their prompt key.
    const auto p1 = std::find_if(calls.cbegin(), calls.cend(), [](const store::StoredRunCall& c) { return c.extra.promptKey == u"p1"; });
    QVERIFY(p1 != calls.cend());
    QCOMPARE(p1->call.taskType, QStringLiteral("classification"));
    QCOMPARE(p1->extra.passed, std::optional<bool>(true));
    QCOMPARE(std::count_if(calls.cbegin(), calls.cend(), [](const store::StoredRunCall& c) { return c.extra.promptKey == u"p1"; }), 4);
    // p3 has no expectation: mystery-model's answers agree with the reference's, and the store keeps that verdict;
    // the reference's own p3 answers stay unjudged.
    for (const store::StoredRunCall& c : calls) {
        if (c.extra.promptKey == u"p3")
            QCOMPARE(c.extra.passed, c.call.model == u"mystery-model" ? std::optional<bool>(true) : std::nullopt);
    }
    const store::Summary summary = store->summarize({store::GroupBy::Model, {}, {}}, store->catalog());
    QCOMPARE(summary.calls, 12);
    QCOMPARE(summary.cost, 6 * kMiniCallNanos);
    QCOMPARE(summary.unpricedCalls, 6);
    QCOMPARE(store->imports().size(), 1);
    QCOMPARE(store->imports().at(0).source.format, QStringLiteral("run"));
    QVERIFY(store->imports().at(0).finished);
    store.reset();

    // The key: sent to the server, and nowhere else.
    QCOMPARE(server.requests().at(0).header("Authorization"), "Bearer " + kKey);
    QVERIFY(!r.out.contains(kKey) && !r.err.contains(kKey));
    QDirIterator files(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(kKey) && !bytes.contains(kKey.right(8)), qPrintable(f.fileName()));
        ++checked;
    }
    QVERIFY(checked >= 2); // the suite and the store at least
}

void TestCliRun::retriesAndFailuresAreCounted()
{
    LoopbackServer server([](const HttpRequest& r, int index) {
        if (index == 0)
            return errorReply(429, QStringLiteral("rate_limit_exceeded"), QStringLiteral("wait"), {{"retry-after-ms", "50"}});
        if (r.json().value(QLatin1StringView("max_tokens")).toInt() == 20) // p2
            return errorReply(401, QStringLiteral("invalid_api_key"), QStringLiteral("bad key ") + QString::fromLatin1(kKey));
        return billing(r);
    });
    const CliResult r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini"),
                                             QStringLiteral("--concurrency"), QStringLiteral("1"), QStringLiteral("--json")}),
                               env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject mini = modelOf(r.json(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini.value(QLatin1StringView("calls")).toInteger(), 3);
    QCOMPARE(mini.value(QLatin1StringView("ok")).toInteger(), 2);
    QCOMPARE(mini.value(QLatin1StringView("failed")).toInteger(), 1);
    QCOMPARE(mini.value(QLatin1StringView("retries")).toInteger(), 1);
    QCOMPARE(mini.value(QLatin1StringView("cost_nusd")).toInteger(), 2 * kMiniCallNanos);
    QCOMPARE(server.requestCount(), 4);
    QString error;
    auto store = store::CallStore::open(m_db, &error, store::CallStore::Access::Read);
    const auto calls = store->runCalls(r.json().value(QLatin1StringView("run_id")).toString());
    QCOMPARE(calls.size(), 3);
    QCOMPARE(calls[0].extra.attempts, 2);
    QCOMPARE(calls[1].call.success, false);
    QCOMPARE(calls[1].call.httpStatus, 401);
    QCOMPARE(calls[1].call.error, QStringLiteral("HTTP 401 invalid_api_key: bad key [redacted]"));
    QVERIFY(!r.out.contains(kKey));
}

void TestCliRun::streamWithoutUsageIsNeverZeroDollars()
{
    LoopbackServer server([](const HttpRequest& r, int) {
        return streamReply(r.model(), {QStringLiteral("bill"), QStringLiteral("ing")}, false);
    });
    const CliResult r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini"),
                                             QStringLiteral("--stream"), QStringLiteral("--json")}),
                               env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject mini = modelOf(r.json(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini.value(QLatin1StringView("ok")).toInteger(), 3);
    QCOMPARE(mini.value(QLatin1StringView("usage_unknown")).toInteger(), 3);
    QCOMPARE(mini.value(QLatin1StringView("input_tokens")).toInteger(), 0);
    QVERIFY(mini.value(QLatin1StringView("ttft_p50_ms")).toInteger(-1) >= 0);
    QString error;
    auto store = store::CallStore::open(m_db, &error, store::CallStore::Access::Read);
    const store::Summary summary = store->summarize({store::GroupBy::Model, {}, {}}, store->catalog());
    QCOMPARE(summary.calls, 3);
    QCOMPARE(summary.unpricedCalls, 3); // unknown, not $0
    QCOMPARE(summary.cost, 0);
    const auto calls = store->runCalls(r.json().value(QLatin1StringView("run_id")).toString());
    QCOMPARE(calls.size(), 3);
    QVERIFY(!calls[0].extra.usageKnown);
    QCOMPARE(calls[0].extra.response, QStringLiteral("billing"));
    QVERIFY(calls[0].extra.ttftMs);
    QCOMPARE(column(m_db, "SELECT COUNT(*) FROM calls WHERE input_tokens IS NULL"), QStringList{QStringLiteral("3")});
    // The what-if month: unpriced too, not $0.
    const CliResult whatif = runCli({QStringLiteral("whatif"), QStringLiteral("--scenario"),
                                     QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/cache-only.json"),
                                     QStringLiteral("--db"), m_db, QStringLiteral("--json")},
                                    env());
    QVERIFY2(whatif.exitCode == 0, whatif.err.constData());
    QCOMPARE(whatif.json().value(QLatin1StringView("unpriced_calls")).toInteger(), 3);
    QCOMPARE(whatif.json().value(QLatin1StringView("baseline_nusd")).toInteger(), 0);
}

void TestCliRun::dryRunSendsNothing()
{
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    const CliResult r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini,mystery-model"),
                                             QStringLiteral("--repeat"), QStringLiteral("3"),
                                             QStringLiteral("--dry-run"), QStringLiteral("--json")}),
                               env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(server.requestCount(), 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1StringView("calls")).toInteger(), 18);
    QCOMPARE(o.value(QLatin1StringView("unpriced_models")).toArray().size(), 1);
    // The worst case: a token per 3 characters + 4 per message + 3, and all of max_tokens, at gpt-4o-mini's prices.
    QString error;
    const auto suite = api::parseSuite(kSuite, &error);
    QVERIFY(suite);
    const auto catalog = pricing::PriceCatalog::bundled();
    qint64 expected = 0;
    for (const api::SuitePrompt& p : suite->prompts) {
        const qint64 chars = p.promptText().size();
        expected += 3 * *catalog.cost(QStringLiteral("gpt-4o-mini"), QDateTime::currentMSecsSinceEpoch(),
                                      {(chars + 2) / 3 + 4 + 3, 0, 0, *p.maxTokens});
    }
    QCOMPARE(o.value(QLatin1StringView("worst_case_nusd")).toInteger(), expected);
    QVERIFY(!QFile::exists(m_db)); // nothing recorded
}

void TestCliRun::rpmPerModel_data()
{
    QTest::addColumn<QStringList>("rpm");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("every model") << QStringList{QStringLiteral("100")} << 0 << QByteArray();
    QTest::newRow("each its own, repeated") << QStringList{QStringLiteral("gpt-4o=50"), QStringLiteral("gpt-4o-mini=100")}
                                            << 0 << QByteArray();
    QTest::newRow("mixed") << QStringList{QStringLiteral("100,gpt-4o=50")} << 0 << QByteArray();
    QTest::newRow("not a number") << QStringList{QStringLiteral("gpt-4o=lots")} << 2
                                  << QByteArray("--rpm: \"gpt-4o=lots\" is neither N nor MODEL=N");
    QTest::newRow("a model not run") << QStringList{QStringLiteral("gpt-5=3")} << 2
                                     << QByteArray("rpm: gpt-5 is not among the models run");
    QTest::newRow("two defaults") << QStringList{QStringLiteral("10"), QStringLiteral("20")} << 2
                                  << QByteArray("--rpm: the limit for every model is given twice (10 and 20)");
}

// The limits themselves are timed in tst_prompt_runner (a minute is too long for a test): here, what the command
// line accepts and refuses.
void TestCliRun::rpmPerModel()
{
    QFETCH(QStringList, rpm);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, error);
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    QStringList extra{QStringLiteral("--models"), QStringLiteral("gpt-4o-mini,gpt-4o"), QStringLiteral("--json")};
    for (const QString& entry : rpm)
        extra += {QStringLiteral("--rpm"), entry};
    const CliResult r = runCli(args(server, extra), env());
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(error), r.err.constData());
    QCOMPARE(server.requestCount(), exitCode == 0 ? 6 : 0);
}

void TestCliRun::budgetStopsBeforeSending()
{
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    // Below one call's worst case: nothing is sent.
    CliResult r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini"),
                                       QStringLiteral("--budget"), QStringLiteral("0.000001"), QStringLiteral("--json")}),
                         env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(server.requestCount(), 0);
    QCOMPARE(modelOf(r.json(), QStringLiteral("gpt-4o-mini")).value(QLatin1StringView("skipped")).toInteger(), 3);
    // An unpriced model cannot be bounded.
    r = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("mystery-model"), QStringLiteral("--budget"),
                             QStringLiteral("1")}),
               env());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("cannot bound"));
    QCOMPARE(server.requestCount(), 0);
}

void TestCliRun::killedHalfWayKeepsFinishedCalls()
{
    LoopbackServer server(slowBilling);
    QProcess p;
    QVERIFY(startFortyPromptRun(p, server, "k", {QStringLiteral("--concurrency"), QStringLiteral("1")}));
    p.kill();
    QVERIFY(p.waitForFinished());
    QString error;
    auto store = store::CallStore::open(m_db, &error, store::CallStore::Access::Read);
    QVERIFY2(store, qPrintable(error));
    const qint64 stored = store->callCount();
    QVERIFY2(stored >= 4 && stored < 40, qPrintable(QString::number(stored)));
    // Every stored call is whole: its run row and its answer.
    QCOMPARE(column(m_db, "SELECT COUNT(*) FROM run_calls WHERE response = 'billing'"), QStringList{QString::number(stored)});
}

void TestCliRun::whatIfMovesSayWhatRunsFound()
{
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    const CliResult run = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini,gpt-4o")}), env());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // Everything to gpt-4o-mini moves the gpt-4o calls; the run covered each task type on gpt-4o-mini once.
    const QString scenario = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/all-gpt-4o-mini.json");
    const CliResult r = runCli({QStringLiteral("whatif"), QStringLiteral("--scenario"), scenario, QStringLiteral("--db"),
                                m_db, QStringLiteral("--json")},
                               env());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QHash<QString, QString> evidence;
    for (const QJsonValue& v : r.json().value(QLatin1StringView("moves")).toArray()) {
        const QJsonObject m = v.toObject();
        QCOMPARE(m.value(QLatin1StringView("model")).toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(m.value(QLatin1StringView("tested_calls")).toInteger(), 1);
        evidence.insert(m.value(QLatin1StringView("task_type")).toString(), m.value(QLatin1StringView("evidence")).toString());
    }
    QCOMPARE(evidence.value(QStringLiteral("classification")), QStringLiteral("tested: 1 call, pass 100 %"));
    QCOMPARE(evidence.value(QStringLiteral("chat")), QStringLiteral("tested: 1 call, pass 0 %"));
    QCOMPARE(evidence.value(QStringLiteral("summarization")), QStringLiteral("tested: 1 call"));
    const CliResult text = runCli({QStringLiteral("whatif"), QStringLiteral("--scenario"), scenario,
                                   QStringLiteral("--db"), m_db},
                                  env());
    QVERIFY2(text.out.contains("move classification -> gpt-4o-mini: 1 calls (tested: 1 call, pass 100 %)"),
             text.out.constData());
}

void TestCliRun::interruptCancelsAndReports()
{
    LoopbackServer server(slowBilling);
    QProcess p;
    QVERIFY(startFortyPromptRun(p, server, "i",
                                {QStringLiteral("--concurrency"), QStringLiteral("2"), QStringLiteral("--json")}));
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(o.value(QLatin1StringView("cancelled")).toBool(), true);
    const QJsonObject mini = modelOf(o, QStringLiteral("gpt-4o-mini"));
    const qint64 ok = mini.value(QLatin1StringView("ok")).toInteger();
    QVERIFY2(ok >= 4 && ok < 40, qPrintable(QString::number(ok)));
    QVERIFY(server.requestCount() < 40);
    QString error;
    auto store = store::CallStore::open(m_db, &error, store::CallStore::Access::Read);
    QVERIFY2(store, qPrintable(error));
    // The calls cancelled in flight were sent: they are kept as cancelled, usage unknown (never $0).
    const qint64 cancelled = mini.value(QLatin1StringView("cancelled")).toInteger();
    QVERIFY2(cancelled >= 1 && cancelled <= 2, qPrintable(QString::number(cancelled)));
    QCOMPARE(mini.value(QLatin1StringView("usage_unknown")).toInteger(), cancelled);
    QCOMPARE(mini.value(QLatin1StringView("cost_nusd")).toInteger(), ok * kMiniCallNanos);
    QCOMPARE(store->callCount(), ok + cancelled);
    const auto rows = store->runCalls(o.value(QLatin1StringView("run_id")).toString());
    QCOMPARE(std::count_if(rows.begin(), rows.end(), [](const store::StoredRunCall& c) {
                 return !c.call.success && !c.extra.usageKnown && c.call.error == QStringLiteral("cancelled in flight");
             }),
             cancelled);
    QVERIFY(store->imports().at(0).finished);
    // The stopped run reads back as it was printed, cancelled calls and all.
    const CliResult shown = runCli({QStringLiteral("runs"), QStringLiteral("show"),
                                    o.value(QLatin1StringView("run_id")).toString(), QStringLiteral("--db"), m_db,
                                    QStringLiteral("--json")},
                                   env());
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QCOMPARE(shown.json(), o);
}

void TestCliRun::runsListsAndShowsPastRuns()
{
    LoopbackServer server([](const HttpRequest& r, int) { return billing(r); });
    const CliResult run = runCli(args(server, {QStringLiteral("--models"), QStringLiteral("gpt-4o-mini,mystery-model"),
                                               QStringLiteral("--reference"), QStringLiteral("gpt-4o-mini"),
                                               QStringLiteral("--json")}),
                                 env());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString runId = run.json().value(QLatin1StringView("run_id")).toString();
    const CliResult list = runCli({QStringLiteral("runs"), QStringLiteral("--db"), m_db, QStringLiteral("--json")}, env());
    QVERIFY2(list.exitCode == 0, list.err.constData());
    const QJsonArray runs = list.json().value(QLatin1StringView("runs")).toArray();
    QCOMPARE(runs.size(), 1);
    const QJsonObject listed = runs.at(0).toObject();
    QCOMPARE(listed.value(QLatin1StringView("run_id")).toString(), runId);
    QCOMPARE(listed.value(QLatin1StringView("suite")).toString(), QStringLiteral("suite"));
    QCOMPARE(listed.value(QLatin1StringView("models")).toArray(),
             (QJsonArray{QStringLiteral("gpt-4o-mini"), QStringLiteral("mystery-model")}));
    QCOMPARE(listed.value(QLatin1StringView("calls")).toInteger(), 6);
    QCOMPARE(listed.value(QLatin1StringView("cost_nusd")).toInteger(), 3 * kMiniCallNanos);
    QCOMPARE(listed.value(QLatin1StringView("unpriced_calls")).toInteger(), 3); // mystery-model: not $0
    // mini: p1 passes, p2 fails; mystery: p1 "billing" passes, p2 fails, p3 agrees with mini's "billing".
    QCOMPARE(listed.value(QLatin1StringView("judged")).toInteger(), 5);
    QCOMPARE(listed.value(QLatin1StringView("passed")).toInteger(), 3);
    QCOMPARE(listed.value(QLatin1StringView("cancelled")).toBool(), false);
    QVERIFY(listed.value(QLatin1StringView("started")).toString().endsWith(u'Z'));
    // `runs show` prints the JSON `run --json` printed.
    const CliResult shown = runCli({QStringLiteral("runs"), QStringLiteral("show"), runId, QStringLiteral("--db"), m_db,
                                    QStringLiteral("--json")},
                                   env());
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QCOMPARE(shown.json(), run.json());
    const CliResult text = runCli({QStringLiteral("runs"), QStringLiteral("--db"), m_db}, env());
    QVERIFY2(text.out.contains(runId.toUtf8()) && text.out.contains("gpt-4o-mini, mystery-model"), text.out.constData());
    QVERIFY2(text.out.contains("3 calls of unknown cost"), text.out.constData());
    QCOMPARE(runCli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("run-nope"), QStringLiteral("--db"),
                     m_db}, env()).exitCode, 1);
    QCOMPARE(runCli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), m_db}, env()).exitCode, 2);
    QVERIFY(!list.out.contains(kKey) && !shown.out.contains(kKey) && !text.out.contains(kKey));
}

void TestCliRun::plainHttpToAnotherHostIsRefused()
{
    const CliResult r = runCli({QStringLiteral("run"), m_suite, QStringLiteral("--models"), QStringLiteral("m"),
                                QStringLiteral("--endpoint"), QStringLiteral("http://api.example.com/v1"),
                                QStringLiteral("--db"), m_db},
                               env());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("plain http"), r.err.constData());
    QVERIFY(!QFile::exists(m_db));
}

void TestCliRun::demoSuiteCoversTheSeedTasks()
{
    QString error;
    const auto suite = api::loadSuite(api::kDemoSuitePath, &error);
    QVERIFY2(suite, qPrintable(error));
    QSet<QString> tasks;
    for (const api::SuitePrompt& p : suite->prompts)
        tasks.insert(p.taskType);
    for (const char* t : {"chat", "classification", "extraction", "summarization", "translation", "debugging", "reasoning"})
        QVERIFY2(tasks.contains(QLatin1String(t)), t);
    QVERIFY(suite->prompts.size() >= 21);
}

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_cli_run.moc"
