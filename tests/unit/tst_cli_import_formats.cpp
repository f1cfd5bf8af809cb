// `costdash import` with the log formats, end to end through the binary: --dry-run (detected format, mapping, first
// rows, bad rows; the store byte for byte unchanged, no store created), --format NAME, --map with units, and a mixed
// month from three sources checked against hand-computed totals.
#include "CliRunner.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using costdash::testing::runCli;
using costdash::testing::writeFile;

namespace {

const QByteArray kOpenAi =
    "{\"ts\":\"2025-11-03T14:22:07.512Z\",\"latency_ms\":3180,\"status\":200,\"request\":{\"model\":\"o4-mini\"},"
    "\"response\":{\"id\":\"chatcmpl-1\",\"model\":\"o4-mini-2025-04-16\",\"usage\":{\"prompt_tokens\":1420,"
    "\"completion_tokens\":880,\"prompt_tokens_details\":{\"cached_tokens\":1024}}}}\n"
    "{\"error\":{\"message\":\"no clock\",\"type\":\"invalid_request_error\",\"code\":null}}\n";

// Every file of the store (the database and any -wal/-shm), name -> SHA-256.
QMap<QString, QByteArray> storeFiles(const QTemporaryDir& dir)
{
    QMap<QString, QByteArray> out;
    for (const QString& name : QDir(dir.path()).entryList({QStringLiteral("store.db*")}, QDir::Files)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            out.insert(name, QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256));
    }
    return out;
}

} // namespace

class TestCliImportFormats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dryRunWritesNothing();
    void dryRunJson();
    void formatByName();
    void columnMap();
    void mixedMonth();
};

void TestCliImportFormats::dryRunWritesNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("store.db"));
    const QString seed = writeFile(dir, QStringLiteral("seed.csv"),
                                   "timestamp,model,input_tokens,output_tokens\n2025-11-01T00:00:00Z,gpt-4o,1,1\n");
    QCOMPARE(runCli({QStringLiteral("import"), seed, QStringLiteral("--db"), db}).exitCode, 0);
    const auto before = storeFiles(dir);
    QVERIFY(before.contains(QStringLiteral("store.db")));
    const QString log = writeFile(dir, QStringLiteral("calls.log"), kOpenAi);
    const auto r = runCli({QStringLiteral("import"), QStringLiteral("--dry-run"), log, QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(storeFiles(dir), before);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(log + QStringLiteral(": jsonl file, openai log (")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("  input_tokens <- response.usage.prompt_tokens\n")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("  2025-11-03T14:22:07.512Z o4-mini-2025-04-16 provider=openai input=1420 "
                                         "cached=1024 cache_write=0 output=880 reasoning=0 latency_ms=3180 cost_usd=- "
                                         "(priced from the catalog) task= user= ok status=200 id=chatcmpl-1\n")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("2 records: 1 would be imported, 1 bad rows\n  line 2: timestamp: absent\n")),
             qPrintable(out));
    QVERIFY(out.endsWith(QStringLiteral("nothing was written (--dry-run)\n")));

    const QString fresh = dir.filePath(QStringLiteral("fresh.db")); // a dry run never creates a store
    QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("--dry-run"), log, QStringLiteral("--db"), fresh}).exitCode, 0);
    QVERIFY(!QFile::exists(fresh));
}

void TestCliImportFormats::dryRunJson()
{
    QTemporaryDir dir;
    const QString log = writeFile(dir, QStringLiteral("calls.log"), kOpenAi);
    const auto r = runCli({QStringLiteral("import"), QStringLiteral("--dry-run"), QStringLiteral("--json"), log,
                           QStringLiteral("--db"), dir.filePath(QStringLiteral("store.db"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject file = r.json().value(QLatin1String("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QLatin1String("log_format")).toString(), QStringLiteral("openai"));
    QCOMPARE(file.value(QLatin1String("records")).toInteger(), 2);
    QCOMPARE(file.value(QLatin1String("bad_rows")).toInteger(), 1);
    const QJsonObject row = file.value(QLatin1String("rows")).toArray().at(0).toObject();
    QCOMPARE(row.value(QLatin1String("input_tokens")).toInteger(), 1420);
    QCOMPARE(row.value(QLatin1String("cached_input_tokens")).toInteger(), 1024);
    QVERIFY(row.value(QLatin1String("cost_usd")).isNull()); // unknown, not $0
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("store.db"))));
}

void TestCliImportFormats::formatByName()
{
    QTemporaryDir dir;
    const QString log = writeFile(dir, QStringLiteral("calls.log"), kOpenAi);
    const QString db = dir.filePath(QStringLiteral("store.db"));
    auto r = runCli({QStringLiteral("import"), log, QStringLiteral("--format"), QStringLiteral("litellm"),
                     QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QString::fromUtf8(r.err).trimmed(),
             QStringLiteral("costdash: %1: not a litellm log: it needs spend or response_cost, starttime, request_id or "
                            "trace_id").arg(log));
    r = runCli({QStringLiteral("import"), log, QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--format must be a file format (csv, jsonl, json, sqlite) or a log format (seed, "
                            "openai-usage, openai-costs, litellm-daily, otel, langfuse, openrouter, litellm, helicone, "
                            "anthropic, openai)"), r.err.constData());
    r = runCli({QStringLiteral("import"), log, QStringLiteral("--format"), QStringLiteral("OpenAI"),
                QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 1);
    QCOMPARE(r.count("skipped"), 1);
}

void TestCliImportFormats::columnMap()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("store.db"));
    const QString csv = writeFile(dir, QStringLiteral("custom.csv"),
                                  "when,name,tok_in,tok_out,price_cents,secs,feature\n"
                                  "1762179724.5,gpt-4o,1000,50.0,12.5,1.25,search\n"
                                  "1762179725,gpt-4o,10,,x,1,search\n");
    const QString map = QStringLiteral("timestamp=when,model=name,input_tokens=tok_in,output_tokens=tok_out,"
                                       "cost_usd=price_cents,latency_ms=secs,task_type=feature");
    auto r = runCli({QStringLiteral("import"), csv, QStringLiteral("--map"), map, QStringLiteral("--cost-unit"),
                     QStringLiteral("cents"), QStringLiteral("--latency-unit"), QStringLiteral("s"), QStringLiteral("--time-unit"),
                     QStringLiteral("s"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 1);
    QCOMPARE(r.json().value(QLatin1String("errors")).toArray().at(0).toObject().value(QLatin1String("reason")).toString(),
             QStringLiteral("cost_usd: not a number: \"x\""));
    QCOMPARE(testing::column(db, "SELECT timestamp_ms || '|' || input_tokens || '|' || output_tokens || '|' || cost_nusd "
                                 "|| '|' || latency_ms FROM calls"),
             QStringList({QStringLiteral("1762179724500|1000|50|125000000|1250")}));
    r = runCli({QStringLiteral("import"), csv, QStringLiteral("--map"), QStringLiteral("model=name,bogus=x")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--map: unknown field \"bogus\" (fields: timestamp, end_time, model,"), r.err.constData());
    r = runCli({QStringLiteral("import"), csv, QStringLiteral("--map"), QStringLiteral("timestamp=when,model=nope"),
                QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("not a map log: it needs nope"), r.err.constData());
}

void TestCliImportFormats::mixedMonth()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("store.db"));
    const QString litellm = writeFile(dir, QStringLiteral("a.csv"),
        "request_id,spend,prompt_tokens,completion_tokens,startTime,endTime,model,custom_llm_provider,metadata,status\n"
        "r1,0.0004317,2150,310,2025-11-03 09:14:02.118,2025-11-03 09:14:03.604,gpt-4o-mini,openai,{},success\n"
        "r2,0.0,0,0,2025-11-03 09:15:00,2025-11-03 09:15:01,gpt-4o,openai,,failure\n");
    const QString helicone = writeFile(dir, QStringLiteral("b.jsonl"),
        "{\"request_id\":\"h1\",\"request_created_at\":\"2025-11-04T11:00:00Z\",\"model\":\"gpt-4o\",\"provider\":"
        "\"OPENAI\",\"response_status\":200,\"delay_ms\":4000,\"prompt_tokens\":7000,\"completion_tokens\":500,"
        "\"prompt_cache_read_tokens\":6000,\"costUSD\":0.0114}\n");
    const QString openrouter = writeFile(dir, QStringLiteral("c.json"),
        "[{\"id\":\"g1\",\"created_at\":\"2025-11-05T15:58:50Z\",\"model\":\"google/gemini-2.5-flash\",\"latency\":1870,"
        "\"native_tokens_prompt\":3100,\"native_tokens_completion\":420,\"total_cost\":0.00198},"
        "{\"id\":\"g2\",\"created_at\":\"2025-11-05T16:00:00Z\",\"model\":\"openai/gpt-4.1\",\"cancelled\":true,"
        "\"native_tokens_prompt\":50,\"native_tokens_completion\":3,\"total_cost\":0.0001}]");
    const auto r = runCli({QStringLiteral("import"), litellm, helicone, openrouter, QStringLiteral("--db"), db,
                           QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 5);
    QCOMPARE(r.count("skipped"), 0);
    const auto summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(summary.exitCode, 0);
    QCOMPARE(summary.count("calls"), 5);
    // 0.0004317 + 0 + 0.0114 + 0.00198 + 0.0001 USD, every cost as logged
    QCOMPARE(summary.count("cost_nusd"), 431'700 + 11'400'000 + 1'980'000 + 100'000);
    qint64 input = 0, output = 0;
    for (const QJsonValue& g : summary.json().value(QLatin1String("groups")).toArray()) {
        input += g.toObject().value(QLatin1String("input_tokens")).toInteger();
        output += g.toObject().value(QLatin1String("output_tokens")).toInteger();
    }
    QCOMPARE(input, 2150 + 7000 + 3100 + 50);
    QCOMPARE(output, 310 + 500 + 420 + 3);
}

QTEST_GUILESS_MAIN(TestCliImportFormats)
#include "tst_cli_import_formats.moc"
