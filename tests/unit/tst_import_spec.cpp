// The format extension point: dotted JSON paths (JSONL keys, JSON inside CSV cells), a FormatSpec's alternatives,
// units (cents, s/ms/ns, ISO/naive/epoch), status words, and the refusals (usage unknown, cached > input).
#include "importers/CsvReader.h"
#include "importers/JsonlReader.h"
#include "importers/SpecMapper.h"
#include "TestFiles.h"

#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::importers;

namespace {

using costdash::testing::writeFile;

FormatSpec tinySpec()
{
    return {QStringLiteral("tiny"), QStringLiteral("a test format"), {{"when"}, {"usage.in", "meta"}},
            {{Field::Timestamp, "when"}, {Field::EndTime, "until"}, {Field::Model, "response.model"},
             {Field::Model, "model"}, {Field::InputTokens, "usage.in"}, {Field::InputTokens, "meta.usage.in"},
             {Field::CachedTokens, "usage.details.cached"}, {Field::OutputTokens, "usage.out"},
             {Field::Cost, "cents", Unit::Cents}, {Field::LatencyMs, "secs", Unit::Seconds},
             {Field::TaskType, "tags"}, {Field::Status, "status"}, {Field::Error, "error.code"},
             {Field::RequestId, "id"}},
            QStringLiteral("acme")};
}

// Maps every record of `source` with `mapper`: "ts|model|provider|in|cached|out|latency|cost|task|ok|http|error|id"
// or "line!reason".
QStringList mapAll(RecordSource& source, const SpecMapper& mapper)
{
    source.bind(mapper.fieldNames());
    MapperState state;
    SourceRow row;
    RowError info;
    QStringList out;
    for (;;) {
        const ReadStatus status = source.next(row, info);
        if (status == ReadStatus::End || status == ReadStatus::Fatal)
            break;
        CallRecord c;
        QByteArrayView prompt;
        QString reason = info.reason;
        if (status == ReadStatus::BadRow || !mapper.map(row, state, c, prompt, reason)) {
            out << QStringLiteral("%1!%2").arg(info.line).arg(reason);
            continue;
        }
        out << QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9|%10|%11|%12|%13")
                   .arg(c.timestampMs)
                   .arg(c.model, c.provider)
                   .arg(c.usageKnown ? QString::number(c.inputTokens) : QStringLiteral("?"))
                   .arg(c.usageKnown ? QString::number(c.cachedInputTokens) : QStringLiteral("?"))
                   .arg(c.usageKnown ? QString::number(c.outputTokens) : QStringLiteral("?"))
                   .arg(c.latencyMs ? QString::number(*c.latencyMs) : QStringLiteral("-"))
                   .arg(c.loggedCost ? QString::number(*c.loggedCost) : QStringLiteral("-"))
                   .arg(c.taskType)
                   .arg(c.success ? 1 : 0)
                   .arg(c.httpStatus)
                   .arg(c.error, c.requestId);
    }
    return out;
}

} // namespace

class TestImportSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonlPaths();
    void csvJsonCells();
    void detection();
    void units_data();
    void units();
    void statuses_data();
    void statuses();
};

void TestImportSpec::jsonlPaths()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("t.jsonl"),
        // nested paths, a whole-key match first, alternatives in order, a JSON array for the task
        "{\"when\":\"2025-11-03 09:14:02.118\",\"until\":\"2025-11-03T09:14:03.604Z\",\"model\":\"outer\","
        "\"response\":{\"model\":\"inner\",\"x\":[1,{\"y\":2}]},\"usage\":{\"in\":1420.0,\"out\":880,"
        "\"details\":{\"cached\":1024}},\"cents\":\"12.5\",\"tags\":[\"summarize\",\"prod\"],\"ID\":\"r-1\"}\n"
        // an error body: a failed call with its code, no usage needed
        "{\"when\":1762179724,\"model\":\"m\",\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"},"
        "\"status\":429}\n"
        // usage unknown and no cost: a call of unknown usage ("?" below), never $0
        "{\"when\":1762179724,\"model\":\"m\",\"usage\":null}\n"
        "{\"when\":1762179724,\"model\":\"m\",\"usage\":{\"in\":10,\"out\":1,\"details\":{\"cached\":11}}}\n"
        "{\"when\":1762179724,\"usage\":{\"in\":10,\"out\":1}}\n"
        "{\"when\":1762179724,\"model\":{\"a\":1},\"usage\":{\"in\":10,\"out\":1}}\n"
        "{\"when\":\"1762179724512000000\",\"model\":\"m\",\"usage\":{\"in\":\"7\",\"out\":2},\"secs\":1.5}\n");
    JsonlSource source;
    QString error;
    QVERIFY2(source.open(path, &error), qPrintable(error));
    QVERIFY(source.columns().contains("usage.details.cached"));
    QVERIFY(source.columns().contains("error.code")); // keys of later lines count for detection too
    const SpecMapper mapper(tinySpec());
    const QStringList out = mapAll(source, mapper);
    QCOMPARE(out.size(), 7);
    QCOMPARE(out[0], QStringLiteral("1762161242118|inner|acme|1420|1024|880|1486|125000000|summarize|1|0||r-1"));
    QCOMPARE(out[1], QStringLiteral("1762179724000|m|acme|0|0|0|-|-||0|429|rate_limit_exceeded|"));
    QCOMPARE(out[2], QStringLiteral("1762179724000|m|acme|?|?|?|-|-||1|0||"));
    QCOMPARE(out[3], QStringLiteral("4!cached_input_tokens: cached and cache-write tokens exceed the input tokens"));
    QCOMPARE(out[4], QStringLiteral("5!model: absent"));
    QCOMPARE(out[5], QStringLiteral("6!model: a nested object or array where a value was expected"));
    QCOMPARE(out[6], QStringLiteral("1762179724512|m|acme|7|0|2|1500|-||1|0||"));
}

void TestImportSpec::csvJsonCells()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("t.csv"),
        "when,model,meta,cents,status\n"
        "2025-11-03T10:02:09.730Z,gpt-4o,\"{\"\"usage\"\":{\"\"in\"\":1830}}\",0.6975,success\n"
        "2025-11-03T10:02:09.730Z,gpt-4o,,1,failure\n"
        "2025-11-03T10:02:09.730Z,gpt-4o,\"{not json\",1,success\n");
    CsvSource source;
    QString error;
    QVERIFY2(source.open(path, &error), qPrintable(error));
    const SpecMapper mapper(tinySpec());
    QCOMPARE(mapper.missing(source.columns()), QString());
    QCOMPARE(mapper.mapping(source.columns()),
             QStringList({QStringLiteral("timestamp <- when"), QStringLiteral("model <- model"),
                          QStringLiteral("input_tokens <- meta.usage.in"), QStringLiteral("cost_usd <- cents"),
                          QStringLiteral("status <- status"), QStringLiteral("provider <- \"acme\"")}));
    const QStringList out = mapAll(source, mapper);
    QCOMPARE(out.size(), 3);
    QCOMPARE(out[0], QStringLiteral("1762164129730|gpt-4o|acme|1830|0|0|-|6975000||1|0||"));
    QCOMPARE(out[1], QStringLiteral("1762164129730|gpt-4o|acme|0|0|0|-|10000000||0|0||"));
    QVERIFY2(out[2].startsWith(QStringLiteral("4!meta: invalid JSON")), qPrintable(out[2]));
}

void TestImportSpec::detection()
{
    const SpecMapper mapper(tinySpec());
    QCOMPARE(mapper.missing({"when", "usage.in"}), QString());
    QCOMPARE(mapper.missing({"when", "meta"}), QString());
    QCOMPARE(mapper.missing({"model"}), QStringLiteral("needs when, usage.in or meta"));
}

void TestImportSpec::units_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("kind");     // time, duration, money
    QTest::addColumn<QString>("expected"); // the value, or "!" + reason
    auto add = [](const char* text, const char* unit, const char* kind, const char* expected) {
        QTest::newRow(QByteArray(kind).append(' ').append(text).append(' ').append(unit).constData())
            << QByteArray(text) << QString::fromLatin1(unit) << QString::fromLatin1(kind) << QString::fromLatin1(expected);
    };
    add("2025-11-03 16:40:12.031000", "auto", "time", "1762188012031"); // naive = UTC (Langfuse, LiteLLM)
    add("2025-11-03T15:58:50.412871+00:00", "auto", "time", "1762185530412");
    add("1762183210031000000", "auto", "time", "1762183210031");          // OTLP nanoseconds
    add("1762179724.512", "s", "time", "1762179724512");                  // LiteLLM's float seconds
    add("1762179724512", "ms", "time", "1762179724512");
    add("1762179724512000000", "ns", "time", "1762179724512");
    add("1762179724", "iso", "time", "!not an ISO 8601 time: \"1762179724\"");
    add("7.624", "s", "duration", "7624");   // Langfuse latency
    add("3180", "ms", "duration", "3180");
    add("812.4", "auto", "duration", "812");
    add("1381000000", "ns", "duration", "1381");
    add("-1", "s", "duration", "!negative");
    add("123.45", "cents", "money", "1234500000"); // Anthropic cost_report: cents
    add("0.006975", "usd", "money", "6975000");
    add("2.805e-05", "usd", "money", "28050");
    add("6975000", "nusd", "money", "6975000");  // Helicone ClickHouse: USD x 1e9
    add("-0.5", "usd", "money", "!negative");
}

void TestImportSpec::units()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, unit);
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const auto u = unitFromName(unit);
    QVERIFY(u);
    Utf16Scratch scratch;
    QString reason;
    std::optional<std::int64_t> value;
    if (kind == QLatin1String("time"))
        value = parseTime(text, *u, scratch, &reason);
    else if (kind == QLatin1String("duration"))
        value = parseDurationMs(text, *u, scratch, &reason);
    else
        value = parseMoney(text, *u, scratch, &reason);
    QCOMPARE(value ? QString::number(*value) : u'!' + reason, expected);
}

void TestImportSpec::statuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("200") << QByteArray("200") << QStringLiteral("1/200");
    QTest::newRow("529") << QByteArray("529") << QStringLiteral("0/529");
    QTest::newRow("success") << QByteArray("success") << QStringLiteral("1/0");
    QTest::newRow("failure") << QByteArray("failure") << QStringLiteral("0/0");
    QTest::newRow("Langfuse ERROR") << QByteArray("ERROR") << QStringLiteral("0/0");
    QTest::newRow("Langfuse DEFAULT") << QByteArray("DEFAULT") << QStringLiteral("1/0");
    QTest::newRow("OTLP error") << QByteArray("STATUS_CODE_ERROR") << QStringLiteral("0/0");
    QTest::newRow("unknown") << QByteArray("maybe") << QStringLiteral("!not a status: \"maybe\"");
}

void TestImportSpec::statuses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QString reason;
    const auto s = parseStatus(text, &reason);
    QCOMPARE(s ? QStringLiteral("%1/%2").arg(s->success ? 1 : 0).arg(s->httpStatus) : u'!' + reason, expected);
}

QTEST_GUILESS_MAIN(TestImportSpec)
#include "tst_import_spec.moc"
