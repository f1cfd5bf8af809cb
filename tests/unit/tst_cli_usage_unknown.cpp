// Calls logged without usage (a streamed call without include_usage, a gateway row with a cost but no tokens),
// end to end through the binary: stored with NULL tokens, costed at their logged cost if any, counted as usage
// unknown by `summary` (never a silent $0) and left out of the what-if replay with a visible count.
#include "CliRunner.h"
#include "TestFiles.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using costdash::testing::runCli;
using costdash::testing::writeFile;

namespace {

// gpt-4o at $2.50 / $10.00 per million (the bundled catalog): 1000 in + 100 out = $0.0035; then a streamed call
// without usage and without cost.
const QByteArray kOpenAi =
    "{\"ts\":\"2025-11-03T14:22:07Z\",\"status\":200,\"request\":{\"model\":\"gpt-4o\"},\"response\":{\"id\":\"c-1\","
    "\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100}}}\n"
    "{\"ts\":\"2025-11-03T14:24:00Z\",\"status\":200,\"request\":{\"model\":\"gpt-4o\",\"stream\":true},"
    "\"response\":{\"id\":\"c-2\",\"object\":\"chat.completion\",\"usage\":null}}\n";

// A LiteLLM /spend/logs record with its spend ($0.002) but no token counts.
const QByteArray kLiteLlm =
    "{\"request_id\":\"r-1\",\"spend\":0.002,\"startTime\":\"2025-11-03 15:00:00\",\"model\":\"gpt-4o\","
    "\"custom_llm_provider\":\"openai\",\"status\":\"success\"}\n";

QString scenario(const char* name)
{
    return QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/") + QLatin1String(name);
}

} // namespace

class TestCliUsageUnknown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void summaryCountsThem();
    void whatifLeavesThemOut();

private:
    QTemporaryDir m_dir;
    QString m_db;
};

void TestCliUsageUnknown::init()
{
    m_db = m_dir.filePath(QStringLiteral("store-%1.db").arg(QString::fromLatin1(QTest::currentTestFunction())));
    for (const auto& [name, bytes] : {std::pair{"calls.log", kOpenAi}, std::pair{"spend.jsonl", kLiteLlm}}) {
        const auto r = runCli({QStringLiteral("import"), writeFile(m_dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), m_db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.count("imported"), qint64(name == std::string_view("calls.log") ? 2 : 1));
    }
}

void TestCliUsageUnknown::summaryCountsThem()
{
    const auto r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("calls")).toInteger(), 3);
    QCOMPARE(o.value(QStringLiteral("cost_nusd")).toInteger(), 3'500'000 + 2'000'000); // the counted one: logged
    QCOMPARE(o.value(QStringLiteral("usage_unknown_calls")).toInteger(), 2);
    QCOMPARE(o.value(QStringLiteral("usage_unknown_uncosted_calls")).toInteger(), 1);
    QCOMPARE(o.value(QStringLiteral("unpriced_calls")).toInteger(), 1); // not in the cost, not $0
    QCOMPARE(o.value(QStringLiteral("unpriced_models")).toArray(), QJsonArray()); // gpt-4o has a price
    const QJsonObject g = o.value(QStringLiteral("groups")).toArray().at(0).toObject();
    QCOMPARE(g.value(QStringLiteral("key")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(g.value(QStringLiteral("input_tokens")).toInteger(), 1000);
    QCOMPARE(g.value(QStringLiteral("output_tokens")).toInteger(), 100);
    QCOMPARE(g.value(QStringLiteral("usage_unknown_calls")).toInteger(), 2);

    const auto text = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db});
    QVERIFY2(text.out.contains("2 calls of unknown usage (no tokens in the log; not in the token counts), 1 of them "
                               "without a logged cost"),
             text.out.constData());
}

void TestCliUsageUnknown::whatifLeavesThemOut()
{
    const QStringList args{QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                           scenario("all-gpt-4o-mini.json")};
    const auto r = runCli(args + QStringList{QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.count("usage_unknown_calls"), 2);
    QCOMPARE(r.count("baseline_nusd"), 5'500'000);
    // Only the call with tokens moves to gpt-4o-mini ($0.15 / $0.60): 150,000 + 60,000; the $0.002 stays.
    QCOMPARE(r.count("projected_nusd"), 210'000 + 2'000'000);
    QCOMPARE(r.json().value(QStringLiteral("tiers")).toObject().value(QStringLiteral("mini")).toInteger(), 1);
    const auto text = runCli(args);
    QVERIFY2(text.out.contains("Usage unknown: 2 calls without tokens in the log, left out of the replay"),
             text.out.constData());
}

QTEST_GUILESS_MAIN(TestCliUsageUnknown)
#include "tst_cli_usage_unknown.moc"
