// What the store keeps of a call's identity beside its cost, end to end through the binary: the model name as
// logged next to the catalog model it resolves to (`summary --json`), and retry attempts linked by the trace id
// their source gives them (LiteLLM trace_id, Langfuse trace_id): each attempt costs its own, the retries counted.
#include "CliRunner.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using costdash::testing::runCli;
using costdash::testing::writeFile;

namespace {

// A failed attempt and its retry (trace T1, two spellings of gpt-4o), then a request of its own (T2) on a model
// the catalog does not know; spend $0.001, $0.002, $0.003.
const QByteArray kLiteLlm =
    "{\"request_id\":\"r-1\",\"trace_id\":\"T1\",\"spend\":0.001,\"startTime\":\"2025-11-03 10:00:00\","
    "\"model\":\"gpt-4o-2024-08-06\",\"custom_llm_provider\":\"openai\",\"prompt_tokens\":10,"
    "\"completion_tokens\":1,\"status\":\"failure\"}\n"
    "{\"request_id\":\"r-2\",\"trace_id\":\"T1\",\"spend\":0.002,\"startTime\":\"2025-11-03 10:00:02\","
    "\"model\":\"openai/gpt-4o\",\"custom_llm_provider\":\"openai\",\"prompt_tokens\":10,"
    "\"completion_tokens\":5,\"status\":\"success\"}\n"
    "{\"request_id\":\"r-3\",\"trace_id\":\"T2\",\"spend\":0.003,\"startTime\":\"2025-11-03 11:00:00\","
    "\"model\":\"mystery-model\",\"custom_llm_provider\":\"acme\",\"prompt_tokens\":10,"
    "\"completion_tokens\":5,\"status\":\"success\"}\n";

// Two generations of one Langfuse trace, $0.0001 each.
const QByteArray kLangfuse =
    "{\"id\":\"g1\",\"trace_id\":\"lf-t\",\"type\":\"GENERATION\",\"start_time\":\"2025-11-03 16:40:12.031000\","
    "\"provided_model_name\":\"gpt-4o-mini\",\"usage_details\":{\"input\":100,\"output\":10},\"total_cost\":0.0001}\n"
    "{\"id\":\"g2\",\"trace_id\":\"lf-t\",\"type\":\"GENERATION\",\"start_time\":\"2025-11-03 16:40:15.000000\","
    "\"provided_model_name\":\"gpt-4o-mini\",\"usage_details\":{\"input\":100,\"output\":10},\"total_cost\":0.0001}\n";

QJsonObject groupOf(const QJsonObject& summary, const QString& key)
{
    for (const QJsonValue& g : summary.value(QStringLiteral("groups")).toArray()) {
        if (g.toObject().value(QStringLiteral("key")).toString() == key)
            return g.toObject();
    }
    return {};
}

} // namespace

class TestCliImportTraces : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void traceIdsStored();
    void retriesCounted();
    void rawAndResolvedModels();

private:
    QTemporaryDir m_dir;
    QString m_db;
};

void TestCliImportTraces::initTestCase()
{
    m_db = m_dir.filePath(QStringLiteral("store.db"));
    for (const auto& [name, bytes] : {std::pair{"spend.jsonl", kLiteLlm}, std::pair{"observations.jsonl", kLangfuse}}) {
        const auto r = runCli({QStringLiteral("import"), writeFile(m_dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), m_db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("errors")).toArray(), QJsonArray());
    }
}

void TestCliImportTraces::traceIdsStored()
{
    QCOMPARE(testing::column(m_db, "SELECT request_id || '=' || trace_id FROM calls ORDER BY id"),
             QStringList({QStringLiteral("r-1=T1"), QStringLiteral("r-2=T1"), QStringLiteral("r-3=T2"),
                          QStringLiteral("g1=lf-t"), QStringLiteral("g2=lf-t")}));
}

void TestCliImportTraces::retriesCounted()
{
    const auto r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("calls"), 5);
    QCOMPARE(r.count("cost_nusd"), 1'000'000 + 2'000'000 + 3'000'000 + 2 * 100'000); // every attempt's cost
    QCOMPARE(r.count("traced_calls"), 5);
    QCOMPARE(r.count("retry_calls"), 2); // r-2 after r-1, g2 after g1
    // A period holding only the first attempt of each trace has no retry.
    const auto day = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
                             QStringLiteral("--from"), QStringLiteral("2025-11-04")});
    QCOMPARE(day.count("retry_calls"), 0);
    const auto text = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db});
    QVERIFY2(text.out.contains("2 calls repeat the trace id of an earlier attempt"), text.out.constData());
}

void TestCliImportTraces::rawAndResolvedModels()
{
    const auto r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    const QJsonObject gpt4o = groupOf(r.json(), QStringLiteral("gpt-4o"));
    QCOMPARE(gpt4o.value(QStringLiteral("calls")).toInteger(), 2);
    QCOMPARE(gpt4o.value(QStringLiteral("resolved_model")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(gpt4o.value(QStringLiteral("logged_models")).toArray(),
             QJsonArray({QStringLiteral("gpt-4o-2024-08-06"), QStringLiteral("openai/gpt-4o")}));
    const QJsonObject mystery = groupOf(r.json(), QStringLiteral("mystery-model"));
    QVERIFY(mystery.value(QStringLiteral("resolved_model")).isNull()); // not in the catalog: no resolved name
    QCOMPARE(mystery.value(QStringLiteral("logged_models")).toArray(), QJsonArray({QStringLiteral("mystery-model")}));
    // The store keeps the names as logged.
    QCOMPARE(testing::column(m_db, "SELECT name FROM models ORDER BY id"),
             QStringList({QStringLiteral("gpt-4o-2024-08-06"), QStringLiteral("openai/gpt-4o"),
                          QStringLiteral("mystery-model"), QStringLiteral("gpt-4o-mini")}));
}

QTEST_GUILESS_MAIN(TestCliImportTraces)
#include "tst_cli_import_traces.moc"
