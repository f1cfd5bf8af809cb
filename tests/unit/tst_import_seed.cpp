// The seed-format mapper: every field's accepted spellings and its refusals, through the real CSV, JSONL and
// SQLite sources; and the exact-cost fast path against money::parseUsd.
#include "importers/BatchParser.h"
#include "importers/Detect.h"
#include "importers/FieldParse.h"
#include "TestFiles.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace costdash;
using namespace costdash::importers;

namespace {

using costdash::testing::writeFile;

const QByteArray kHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";

// Maps every record of `path`: records as "ts|model|in|out|latency|cost|task|ok|prompt", errors as "line!reason".
QStringList mapAll(const QString& path, int batchRows = 1000)
{
    QString error;
    auto opened = openForImport(path, std::nullopt, &error);
    if (!opened)
        return {QStringLiteral("open: ") + error};
    BatchParser parser(*opened, batchRows);
    Batch batch;
    QStringList out;
    while (parser.next(batch)) {
        std::size_t row = 0;
        for (std::int64_t r = batch.beginRecord; r < batch.endRecord; ++r) {
            if (row < batch.recordOfRow.size() && batch.recordOfRow[row] == r) {
                const std::string_view prompt = batch.prompts.utf8(row);
                const CallRecord& c = batch.rows[row++];
                out << QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
                           .arg(c.timestampMs)
                           .arg(c.model)
                           .arg(c.inputTokens)
                           .arg(c.outputTokens)
                           .arg(c.latencyMs ? QString::number(*c.latencyMs) : QStringLiteral("-"))
                           .arg(c.loggedCost ? QString::number(*c.loggedCost) : QStringLiteral("-"))
                           .arg(c.taskType)
                           .arg(c.success ? 1 : 0)
                           .arg(QString::fromUtf8(prompt.data(), qsizetype(prompt.size())));
            }
            for (const auto& [record, e] : batch.errors) {
                if (record == r)
                    out << QStringLiteral("%1!%2").arg(e.line).arg(e.reason);
            }
        }
    }
    return out;
}

} // namespace

class TestImportSeed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvRow_data();
    void csvRow();
    void jsonl();
    void sqlite();
    void costFastPath_data();
    void costFastPath();
    void recycledBatches();
    void timestampFastPath_data();
    void timestampFastPath();
    void millisFastPath_data();
    void millisFastPath();
};

void TestImportSeed::csvRow_data()
{
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("expected");
    auto add = [](const char* name, const char* row, const char* expected) {
        QTest::newRow(name) << QByteArray(row) << QString::fromUtf8(expected);
    };
    add("plain", "2025-10-01T00:00:00Z,gpt-4o,100,20,812,0.00045,chat,true,hi",
        "1759276800000|gpt-4o|100|20|812|450000|chat|1|hi");
    add("exponent cost stays exact", "1759276800,gpt-4o,1,2,3,2.805e-05,chat,1,",
        "1759276800000|gpt-4o|1|2|3|28050|chat|1|");
    add("empty cost is unknown, not zero", "1759276800000,gpt-4o,1,2,,,chat,0,",
        "1759276800000|gpt-4o|1|2|-|-|chat|0|");
    add("zero cost is zero", "1759276800000,gpt-4o,1,2,,0,chat,no,", "1759276800000|gpt-4o|1|2|-|0|chat|0|");
    add("float integers", "1759276800000,gpt-4o,59200.0,12.00,812.6,$0.5,chat,YES,",
        "1759276800000|gpt-4o|59200|12|813|500000000|chat|1|");
    add("unix microseconds, offset", "1759276800123456,m,1,1,1,1,t,False,", "1759276800123|m|1|1|1|1000000000|t|0|");
    add("ISO with offset", "2025-10-01T02:00:00+02:00,m,1,1,1,1,t,TRUE,", "1759276800000|m|1|1|1|1000000000|t|1|");
    add("quoted prompt with comma and newline", "1759276800000,m,1,1,1,1,t,1,\"a, b\nc\"",
        "1759276800000|m|1|1|1|1000000000|t|1|a, b\nc");
    add("bad timestamp", "yesterday,gpt-4o,1,2,3,0.1,chat,true,", "2!timestamp: ");
    add("empty model", "1759276800000,,1,2,3,0.1,chat,true,", "2!model: empty");
    add("fractional tokens", "1759276800000,m,1.5,2,3,0.1,chat,true,", "2!input_tokens: not a whole number: \"1.5\"");
    add("negative tokens", "1759276800000,m,1,-2,3,0.1,chat,true,", "2!output_tokens: not a whole number: \"-2\"");
    add("empty tokens", "1759276800000,m,,2,3,0.1,chat,true,", "2!input_tokens: empty");
    add("bad cost", "1759276800000,m,1,2,3,1.2.3,chat,true,", "2!cost_usd: ");
    add("negative cost", "1759276800000,m,1,2,3,-0.1,chat,true,", "2!cost_usd: negative");
    add("tokens at the limit", "1759276800000,m,10000000000,2,3,0.1,chat,true,",
        "1759276800000|m|10000000000|2|3|100000000|chat|1|");
    add("1e12 output tokens (wrapped the cost)", "1759276800000,gpt-4o,1,1000000000000,3,,chat,true,",
        "2!output_tokens: too large: \"1000000000000\" (the limit is 10,000,000,000 tokens per call)");
    add("cost at the limit", "1759276800000,m,1,2,3,1000000,chat,true,", "1759276800000|m|1|2|3|1000000000000000|chat|1|");
    add("$5bn logged for one call", "1759276800000,m,1,2,3,5000000000,chat,true,",
        "2!cost_usd: $5,000,000,000.00 is more than one call can cost (the limit is $1,000,000)");
    add("bad success", "1759276800000,m,1,2,3,0.1,chat,maybe,", "2!success: not true/false: \"maybe\"");
    add("one-letter flag, padded", "1759276800000,m,1,2,3,0.1,chat, Y ,", "1759276800000|m|1|2|3|100000000|chat|1|");
    add("one-letter false", "1759276800000,m,1,2,3,0.1,chat,f,", "1759276800000|m|1|2|3|100000000|chat|0|");
    add("near flag", "1759276800000,m,1,2,3,0.1,chat,tru,", "2!success: not true/false: \"tru\"");
    add("flag with a control byte", "1759276800000,m,1,2,3,0.1,chat,\x11,", "2!success: not true/false: \"\x11\"");
    add("short row", "1759276800000,m,1,2", "2!expected 9 fields, found 4");
    add("long row", "1759276800000,m,1,2,3,0.1,chat,true,p,extra", "2!expected 9 fields, found 10");
}

void TestImportSeed::csvRow()
{
    QFETCH(QByteArray, row);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QStringList out = mapAll(writeFile(dir, QStringLiteral("x.csv"), kHeader + row + '\n'));
    QCOMPARE(out.size(), 1);
    if (expected.endsWith(QStringLiteral(": ")))
        QVERIFY2(out[0].startsWith(expected), qPrintable(out[0])); // reason text comes from money/timeutil
    else
        QCOMPARE(out[0], expected);
}

void TestImportSeed::jsonl()
{
    QTemporaryDir dir;
    const QByteArray input =
        "\xEF\xBB\xBF{\"timestamp\":\"2025-10-01T00:00:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":100,"
        "\"output_tokens\":20.0,\"latency_ms\":812,\"cost_usd\":2.805e-05,\"task_type\":\"chat\",\"success\":true,"
        "\"prompt\":\"say \\\"hi\\\"\\n\\u00e9\",\"extra\":{\"nested\":[1,2]}}\n"
        "\n"
        "{\"TIMESTAMP\":1759276800,\"Model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"cost_usd\":null}\r\n"
        "[1,2,3]\n"
        "{\"timestamp\":1759276800,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"success\":false,}\n"
        "{\"timestamp\":1759276800,\"model\":\"m\",\"input_tokens\":\"7\",\"output_tokens\":{\"a\":1}}\n"
        "{\"timestamp\":1759276800,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"cost_usd\":\"0.5\"}";
    const QStringList out = mapAll(writeFile(dir, QStringLiteral("calls.log"), input));
    QCOMPARE(out.size(), 6);
    QCOMPARE(out[0], QString::fromUtf8("1759276800000|gpt-4o|100|20|812|28050|chat|1|say \"hi\"\né"));
    QCOMPARE(out[1], QStringLiteral("1759276800000|m|1|2|-|-||1|"));
    QCOMPARE(out[2], QStringLiteral("4!not a JSON object"));
    QVERIFY2(out[3].startsWith(QStringLiteral("5!")), qPrintable(out[3]));
    QCOMPARE(out[4], QStringLiteral("6!output_tokens: a nested object or array where a value was expected"));
    QCOMPARE(out[5], QStringLiteral("1759276800000|m|1|2|-|500000000||1|"));
}

void TestImportSeed::sqlite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seed.db"));
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    const char* sql =
        "CREATE TABLE ai_calls (id INTEGER PRIMARY KEY, timestamp TEXT, model TEXT, input_tokens INTEGER,"
        " output_tokens INTEGER, latency_ms REAL, cost_usd REAL, task_type TEXT, success INTEGER);"
        "INSERT INTO ai_calls VALUES (1, '2025-10-01T00:00:00Z', 'gpt-4o', 100, 20, 812.4, 2.805e-05, 'chat', 1);"
        "INSERT INTO ai_calls VALUES (2, '2025-10-01T00:00:01Z', 'gpt-4o-mini', 5, 1, NULL, NULL, NULL, 0);"
        "INSERT INTO ai_calls VALUES (3, 'never', 'gpt-4o-mini', 5, 1, NULL, NULL, NULL, 0);";
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    const QStringList out = mapAll(path);
    QCOMPARE(out.size(), 3);
    QCOMPARE(out[0], QStringLiteral("1759276800000|gpt-4o|100|20|812|28050|chat|1|"));
    QCOMPARE(out[1], QStringLiteral("1759276801000|gpt-4o-mini|5|1|-|-||0|"));
    QVERIFY2(out[2].startsWith(QStringLiteral("3!timestamp: ")), qPrintable(out[2]));
}

void TestImportSeed::costFastPath_data()
{
    QTest::addColumn<QByteArray>("text");
    for (const char* t : {"0", "0.000431", "2.805e-05", "12.5", "0.0000000005", "0.00000000049", "1.", ".5",
                          "$1,234.50", " 3.25 ", "123456789012.123456789", "1e400", "abc", "-0.1", "0.1234567891"})
        QTest::newRow(t) << QByteArray(t);
}

// The fast path must agree with money::parseUsd everywhere (value and refusal).
void TestImportSeed::costFastPath()
{
    QFETCH(QByteArray, text);
    Utf16Scratch scratch;
    QString reason, expectedReason;
    const auto fast = parseCostUsd(text, scratch, &reason);
    const auto reference = money::parseUsd(QString::fromUtf8(text), &expectedReason);
    QCOMPARE(fast.has_value(), reference.has_value());
    if (reference)
        QCOMPARE(*fast, *reference);
    else
        QCOMPARE(reason, expectedReason);
}

// Batches are refilled in place: a row must never keep a value from the row that used its slot before.
void TestImportSeed::recycledBatches()
{
    QTemporaryDir dir;
    const QByteArray input = kHeader
        + "2025-10-01T00:00:00Z,gpt-4o,100,20,812,0.00045,chat,true,\"a long prompt, with a comma\"\n"
          "2025-10-01T00:00:01Z,gpt-4o-mini,1,2,,,,false,\n"
          "2025-10-01T00:00:02Z,m,1,2,3,oops,chat,true,short\n"
          "2025-10-01T00:00:03Z,m,1,2,3,0.1,summarize,true,\"\"\"quoted\"\" text\"\n"
          "2025-10-01T00:00:04Z,gpt-4o,5,6,,,chat,1,\n"
          "1759276805,deepseek-v4-flash,7,8,9,0.2,qa,0,\xC3\xA9t\xC3\xA9\n";
    const QString path = writeFile(dir, QStringLiteral("r.csv"), input);
    const QStringList expected{
        QStringLiteral("1759276800000|gpt-4o|100|20|812|450000|chat|1|a long prompt, with a comma"),
        QStringLiteral("1759276801000|gpt-4o-mini|1|2|-|-||0|"),
        QStringLiteral("4!cost_usd: "),
        QStringLiteral("1759276803000|m|1|2|3|100000000|summarize|1|\"quoted\" text"),
        QStringLiteral("1759276804000|gpt-4o|5|6|-|-|chat|1|"),
        QString::fromUtf8("1759276805000|deepseek-v4-flash|7|8|9|200000000|qa|0|\xC3\xA9t\xC3\xA9")};
    for (const int batchRows : {1, 2, 3, 1000}) {
        QStringList out = mapAll(path, batchRows);
        QCOMPARE(out.size(), expected.size());
        QVERIFY2(out[2].startsWith(expected[2]), qPrintable(out[2]));
        out[2] = expected[2];
        QCOMPARE(out, expected);
    }
}

void TestImportSeed::timestampFastPath_data()
{
    QTest::addColumn<QByteArray>("text");
    for (const char* t : {"2025-10-01T00:00:04.789Z", "2025-10-01T00:00:04Z", "2025-10-01 00:00:04", "2025-10-01t23:59",
                          "2025-10-01T00:00:04.5z", "2025-10-01T00:00:04,123456789Z", "2025-10-01T00:00:04.1234567891Z",
                          "2025-10-01T00:00:04.Z", "2025-10-01T24:00:00Z", "2025-10-01T23:60:00Z", "2025-10-01T23:59:60Z",
                          "2025-10-01T23:59:61Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-02-31T00:00:00Z",
                          "2025-10-32T00:00:00Z", "2025-10-01T00:00:04+02:00", "2025-10-01T00:00:04-0130",
                          "2025-10-01T00:00:04 ", " 2025-10-01T00:00:04Z", "2025-10-01", "2025-10-01T00:0",
                          "2025-10-01T00:00:4Z", "2025-1O-01T00:00:04Z", "1759276800", "1759276800123",
                          "1759276800123456", "1759276800123456789", "123", "0", "17592768001234567890",
                          "1759276800.5", "-1759276800", "+1759276800", "yesterday", "", "2025-10-01T00:00:04ZZ"})
        QTest::newRow(t) << QByteArray(t);
}

// The byte-level fast path must agree with timeutil::parseTimestamp everywhere (value and refusal).
void TestImportSeed::timestampFastPath()
{
    QFETCH(QByteArray, text);
    Utf16Scratch scratch;
    QString reason, expectedReason;
    const auto fast = parseTimestampBytes(text, scratch, &reason);
    const auto reference = timeutil::parseTimestamp(QString::fromUtf8(text), &expectedReason);
    QCOMPARE(fast, reference);
    QCOMPARE(reason, expectedReason);
}

void TestImportSeed::millisFastPath_data()
{
    QTest::addColumn<QByteArray>("text");
    for (const char* t : {"812", "0", "0812", "812.4", "812.5", " 812", "812 ", "", "-3", "1e3", "abc",
                          "123456789012345678", "1234567890123456789", "99999999999999999999"})
        QTest::newRow(t) << QByteArray(t);
}

void TestImportSeed::millisFastPath()
{
    QFETCH(QByteArray, text);
    Utf16Scratch scratch;
    QString reason, expectedReason;
    const auto fast = parseMillis(text, scratch, &reason);
    const auto reference = money::parseScaled(QString::fromUtf8(text), 0, &expectedReason);
    QCOMPARE(fast, reference);
    QCOMPARE(reason, expectedReason);
}

QTEST_GUILESS_MAIN(TestImportSeed)
#include "tst_import_seed.moc"
