// `costdash whatif` end to end: a store the test writes, the real binary, the JSON contract with totals worked
// out by hand from the bundled catalog (gpt-4o 2.50 / 10.00 per 1M tokens, cached 1.25; gpt-4o-mini 0.15 / 0.60,
// cached 0.075: per token 2,500 / 10,000 and 150 / 600 / 75 nano-USD).
#include "store/CallStore.h"
#include "store/ImportSession.h"
#include "TestFiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestCliWhatif : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonGolden();
    void textTable();
    void repeatReportsMedian();
    void sweepTtl();
    void ruleCallsAndPeriod();
    void scenarioErrorsExitOne();
    void usageErrors();
    void unpricedCallsAreCountedPerModel();

private:
    QString writeScenario(const QByteArray& json);
    QTemporaryDir m_dir;
    QString m_db;
};

using namespace costdash;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCostdash(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(COSTDASH_BINARY), args);
    p.waitForFinished(60'000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

CallRecord call(timeutil::Millis t, const char* model, const char* task, const char* prompt, std::int64_t in,
                std::int64_t out, std::optional<money::Nanos> logged = std::nullopt, bool success = true)
{
    CallRecord r;
    r.timestampMs = t;
    r.model = QLatin1String(model);
    r.taskType = QLatin1String(task);
    r.prompt = QLatin1String(prompt);
    r.inputTokens = in;
    r.outputTokens = out;
    r.loggedCost = logged;
    r.success = success;
    return r;
}

const char* const kScenario = R"({"name": "mini", "router": {"default_tier": "mini", "tiers": {"mini": "gpt-4o-mini"}},
  "cache": {"mode": "exact", "ttl_seconds": 86400}, "batch": {"task_types": ["summarization"], "discount": 0.5}})";

QJsonObject find(const QJsonArray& array, const char* field, const QString& value)
{
    for (const QJsonValue& v : array) {
        if (v.toObject().value(QLatin1String(field)).toString() == value)
            return v.toObject();
    }
    return {};
}

} // namespace

QString TestCliWhatif::writeScenario(const QByteArray& json)
{
    static int n = 0;
    return testing::writeFile(m_dir.filePath(QStringLiteral("scenario%1.json").arg(++n)), json);
}

// One import of `rows` into a new store at `path`.
static void writeStore(const QString& path, const std::vector<CallRecord>& rows)
{
    QString error;
    auto store = store::CallStore::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    store::ImportSession session(*store);
    QVERIFY2(session.begin({QStringLiteral("test.csv"), 1, QByteArray("00"), QStringLiteral("csv")}, &error)
                 == store::ImportSession::Start::New,
             qPrintable(error));
    const auto n = std::int64_t(rows.size());
    store::ImportCounts counts{n, n, 0, 0};
    QVERIFY2(session.append(rows, counts, n, &error), qPrintable(error));
    QVERIFY2(session.commit(counts, &error), qPrintable(error));
}

void TestCliWhatif::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("calls.db"));
    const timeutil::Millis t0 = *timeutil::parseTimestamp(u"2025-11-03T00:00:00Z");
    constexpr timeutil::Millis kHour = 3'600'000;
    std::vector<CallRecord> rows = {
        call(t0, "gpt-4o", "summarization", "Summarize the report", 1000, 100),        // 3,500,000
        call(t0 + kHour, "gpt-4o", "summarization", "summarize  the REPORT", 1000, 100), // same key, 1 h later
        call(t0 + 2 * kHour, "gpt-4o", "chat", "hello", 100, 10, 400'000),
        call(t0 + 3 * kHour, "gpt-4o", "chat", "boom", 100, 10, 1'000, false),
        call(t0 + 4 * kHour, "gpt-4o-mini", "chat", "", 0, 0, 0),
    };
    rows[2].cachedInputTokens = 40;
    writeStore(m_db, rows);
}

void TestCliWhatif::jsonGolden()
{
    const Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                            writeScenario(kScenario), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    // Call 1: mini 1000 * 150 + 100 * 600 = 210,000, batch half: 105,000. Call 2: cache hit, 0 (saves 3,500,000).
    // Call 3: mini 60 * 150 + 40 * 75 + 10 * 600 = 18,000 (logged 400,000). Call 4 failed: 1,000. Call 5: 0.
    QCOMPARE(o.value(QLatin1String("baseline_nusd")).toInteger(), 7'401'000);
    QCOMPARE(o.value(QLatin1String("projected_nusd")).toInteger(), 124'000);
    QCOMPARE(o.value(QLatin1String("savings_nusd")).toInteger(), 7'277'000);
    const QJsonObject levers = o.value(QLatin1String("levers")).toObject();
    QCOMPARE(levers.value(QLatin1String("cache_nusd")).toInteger(), 3'500'000);
    QCOMPARE(levers.value(QLatin1String("routing_nusd")).toInteger(), 3'290'000 + 382'000);
    QCOMPARE(levers.value(QLatin1String("batch_nusd")).toInteger(), 105'000);
    QCOMPARE(o.value(QLatin1String("calls")).toInteger(), 5);
    QCOMPARE(o.value(QLatin1String("cache_hits")).toInteger(), 1);
    // The hit is call 2: 1,000 input and 100 output tokens not sent.
    QCOMPARE(o.value(QLatin1String("cache_tokens_avoided")).toObject(),
             (QJsonObject{{QStringLiteral("input"), 1000}, {QStringLiteral("output"), 100},
                          {QStringLiteral("usage_unknown_hits"), 0}}));
    QCOMPARE(o.value(QLatin1String("unpriced_calls")).toInteger(), 0);
    QCOMPARE(o.value(QLatin1String("tiers")).toObject(), (QJsonObject{{QStringLiteral("mini"), 3}}));
    const QJsonArray byModel = o.value(QLatin1String("by_model")).toArray();
    QCOMPARE(byModel.size(), 3);
    QCOMPARE(find(byModel, "model", QStringLiteral("gpt-4o-mini")).value(QLatin1String("calls")).toInteger(), 3);
    QCOMPARE(find(byModel, "model", QStringLiteral("gpt-4o-mini")).value(QLatin1String("cost_nusd")).toInteger(), 123'000);
    QCOMPARE(find(byModel, "model", QStringLiteral("gpt-4o")).value(QLatin1String("cost_nusd")).toInteger(), 1'000);
    QCOMPARE(find(byModel, "model", QStringLiteral("(cache)")).value(QLatin1String("calls")).toInteger(), 1);
    const QJsonObject summarization = find(o.value(QLatin1String("by_task")).toArray(), "key", QStringLiteral("summarization"));
    QCOMPARE(summarization.value(QLatin1String("calls")).toInteger(), 2);
    QCOMPARE(summarization.value(QLatin1String("baseline_nusd")).toInteger(), 7'000'000);
    QCOMPARE(summarization.value(QLatin1String("projected_nusd")).toInteger(), 105'000);
    const QJsonArray byDay = o.value(QLatin1String("by_day")).toArray();
    QCOMPARE(byDay.size(), 1);
    QCOMPARE(byDay[0].toObject().value(QLatin1String("key")).toString(), QStringLiteral("2025-11-03"));
    QCOMPARE(byDay[0].toObject().value(QLatin1String("projected_nusd")).toInteger(), 124'000);
    const QJsonArray moves = o.value(QLatin1String("moves")).toArray();
    QCOMPARE(moves.size(), 2);
    QCOMPARE(moves[0].toObject(), (QJsonObject{{QStringLiteral("task_type"), QStringLiteral("chat")},
                                               {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                                               {QStringLiteral("calls"), 1}, {QStringLiteral("tested"), true},
                                               // no test-prompt run in this store: the logs' evidence only
                                               {QStringLiteral("tested_calls"), 0}, {QStringLiteral("pass_rate"), QJsonValue()},
                                               {QStringLiteral("evidence"), QStringLiteral("tested")}}));
    QCOMPARE(moves[1].toObject().value(QLatin1String("task_type")).toString(), QStringLiteral("summarization"));
    QCOMPARE(moves[1].toObject().value(QLatin1String("tested")).toBool(), false);
    QVERIFY(o.value(QLatin1String("replay_ms")).isDouble());
}

void TestCliWhatif::textTable()
{
    const Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                            writeScenario(kScenario)});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QLatin1String("What-if: mini (5 calls")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("savings")) && text.contains(QLatin1String("98.3 %")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("cache hits   1; 1100 tokens avoided (1000 in, 100 out)")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("move chat -> gpt-4o-mini: 1 calls (tested)")), qPrintable(text));
}

void TestCliWhatif::repeatReportsMedian()
{
    const Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                            writeScenario(kScenario), QStringLiteral("--json"), QStringLiteral("--repeat"), QStringLiteral("5")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QVERIFY(o.value(QLatin1String("replay_ms")).toDouble() >= 0);
    QCOMPARE(o.value(QLatin1String("projected_nusd")).toInteger(), 124'000);
}

void TestCliWhatif::sweepTtl()
{
    // Call 2 comes exactly 3,600 s after call 1: not a hit at TTL 3600, a hit at 3601.
    const Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                            writeScenario(kScenario), QStringLiteral("--json"), QStringLiteral("--sweep"),
                            QStringLiteral("ttl_seconds=0,3600,3601")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject sweep = QJsonDocument::fromJson(r.out).object().value(QLatin1String("sweep")).toObject();
    QCOMPARE(sweep.value(QLatin1String("key")).toString(), QStringLiteral("ttl_seconds"));
    const QJsonArray points = sweep.value(QLatin1String("points")).toArray();
    QCOMPARE(points.size(), 3);
    const QList<qint64> hits = {0, 0, 1};
    const QList<qint64> values = {0, 3600, 3601};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(points[i].toObject().value(QLatin1String("value")).toInteger(), values[i]);
        QCOMPARE(points[i].toObject().value(QLatin1String("cache_hits")).toInteger(), hits[i]);
    }
    // Without the hit, call 2 is routed and batched like call 1: 105,000 more.
    QCOMPARE(points[0].toObject().value(QLatin1String("projected_nusd")).toInteger(), 229'000);
}

void TestCliWhatif::ruleCallsAndPeriod()
{
    // Routed calls (successful misses) are 1, 3 and 5: the chat rule takes 3 and 5, the default tier call 1.
    const QString scenario = writeScenario(R"({"router": {"rules": [{"when": {"task_type": "chat"}, "tier": "mini"}],
        "default_tier": "mini", "tiers": {"mini": "gpt-4o-mini"}}, "cache": {"mode": "exact", "ttl_seconds": 86400}})");
    const Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                               scenario, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QLatin1String("rule_calls")).toArray(), (QJsonArray{2, 1}));
    // --from/--to keep the calls of those days, as summary does: none on the 4th, all five on the 3rd.
    const Run later = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                   scenario, QStringLiteral("--json"), QStringLiteral("--from"), QStringLiteral("2025-11-04")});
    QVERIFY2(later.exitCode == 0, later.err.constData());
    QCOMPARE(QJsonDocument::fromJson(later.out).object().value(QLatin1String("calls")).toInteger(), 0);
    const Run day = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                 scenario, QStringLiteral("--json"), QStringLiteral("--from"), QStringLiteral("2025-11-03"),
                                 QStringLiteral("--to"), QStringLiteral("2025-11-03")});
    QCOMPARE(QJsonDocument::fromJson(day.out).object().value(QLatin1String("baseline_nusd")).toInteger(), 7'401'000);
    const Run reversed = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                      scenario, QStringLiteral("--from"), QStringLiteral("2025-11-04"),
                                      QStringLiteral("--to"), QStringLiteral("2025-11-03")});
    QCOMPARE(reversed.exitCode, 2);
}

void TestCliWhatif::scenarioErrorsExitOne()
{
    const Run bad = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                              writeScenario(R"({"router": {"rules": [{"when": {"prompt_matches": "(("}, "tier": "a"}],
                                                "default_tier": "a", "tiers": {"a": "gpt-4o"}}})")});
    QCOMPARE(bad.exitCode, 1);
    QCOMPARE(bad.err, QByteArray("costdash: router.rules[0].when.prompt_matches: invalid regex\n"));
    const Run unknown = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                  writeScenario(R"({"router": {"default_tier": "a", "tiers": {"a": "gpt-77"}}})")});
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(unknown.err, QByteArray("costdash: router.tiers.a: unknown model \"gpt-77\"\n"));
    const Run missing = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                  m_dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 1);
}

void TestCliWhatif::usageErrors()
{
    QCOMPARE(runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db}).exitCode, 2);
    QCOMPARE(runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                       writeScenario(kScenario), QStringLiteral("--sweep"), QStringLiteral("colour=1")})
                 .exitCode,
             2);
    QCOMPARE(runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                       writeScenario(kScenario), QStringLiteral("--repeat"), QStringLiteral("0")})
                 .exitCode,
             2);
    const Run help = runCostdash({QStringLiteral("help"), QStringLiteral("whatif")});
    QVERIFY(help.out.contains("default_tier") && help.out.contains("--sweep"));
}


// A model the catalog does not know, without a logged cost, has no price on either side: by_model counts those
// calls as unpriced (its cost_nusd is only what has a price), and the text says "unpriced", never $0.
void TestCliWhatif::unpricedCallsAreCountedPerModel()
{
    const QString db = m_dir.filePath(QStringLiteral("unpriced.db"));
    const timeutil::Millis t0 = *timeutil::parseTimestamp(u"2025-11-04T00:00:00Z");
    constexpr timeutil::Millis kMinute = 60'000;
    writeStore(db, {
        call(t0, "acme-llm-7b", "chat", "one", 100, 10),
        call(t0 + kMinute, "acme-llm-7b", "chat", "two", 100, 10),
        call(t0 + 2 * kMinute, "acme-llm-7b", "chat", "three", 100, 10, 5'000), // logged: priced
        call(t0 + 3 * kMinute, "mystery-1", "chat", "four", 100, 10),
        call(t0 + 4 * kMinute, "gpt-4o", "chat", "five", 100, 10), // 350,000
    });
    const QString keep = writeScenario(R"({"name": "as logged"})");
    Run r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), keep,
                         QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonArray byModel = QJsonDocument::fromJson(r.out).object().value(QLatin1String("by_model")).toArray();
    QCOMPARE(find(byModel, "model", QStringLiteral("acme-llm-7b")),
             (QJsonObject{{QStringLiteral("model"), QStringLiteral("acme-llm-7b")}, {QStringLiteral("calls"), 3},
                          {QStringLiteral("cost_nusd"), 5'000}, {QStringLiteral("unpriced_calls"), 2}}));
    QCOMPARE(find(byModel, "model", QStringLiteral("mystery-1")).value(QLatin1String("unpriced_calls")).toInteger(), 1);
    QCOMPARE(find(byModel, "model", QStringLiteral("gpt-4o")).value(QLatin1String("unpriced_calls")).toInteger(), 0);

    r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), keep});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QRegularExpression(QStringLiteral("mystery-1 +1 calls +unpriced\\n"))), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression(QStringLiteral("acme-llm-7b +3 calls +\\S+ \\+ 2 unpriced calls\\n"))),
             qPrintable(text));

    // Routed to gpt-4o-mini, the three unpriced calls stay out of the money there too: counted, not priced.
    r = runCostdash({QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"),
                     writeScenario(R"({"name": "mini", "router": {"default_tier": "mini", "tiers": {"mini": "gpt-4o-mini"}}})"),
                     QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    byModel = QJsonDocument::fromJson(r.out).object().value(QLatin1String("by_model")).toArray();
    const QJsonObject mini = find(byModel, "model", QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini.value(QLatin1String("calls")).toInteger(), 5);
    QCOMPARE(mini.value(QLatin1String("unpriced_calls")).toInteger(), 3);
    // The two priced calls on mini: 100 * 150 + 10 * 600 = 21,000 each.
    QCOMPARE(mini.value(QLatin1String("cost_nusd")).toInteger(), 42'000);
}

QTEST_GUILESS_MAIN(TestCliWhatif)
#include "tst_cli_whatif.moc"
