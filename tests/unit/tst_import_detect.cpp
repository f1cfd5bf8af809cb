// Format detection by content (never by name), the whole-file refusals, and the pre-scan (hash, UTF-8, NUL,
// line cap) on problems beyond the sniffed first block.
#include "importers/Detect.h"
#include "importers/Prescan.h"
#include "TestFiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash::importers;

namespace {

using costdash::testing::writeFile;

const QByteArray kHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success\n";
const QByteArray kRow = "2025-10-01T00:00:00Z,gpt-4o,1,2,3,0.1,chat,true\n";

} // namespace

class TestImportDetect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detect_data();
    void detect();
    void unknownFormatMessage();
    void missingAndDirectory();
    void forcedFormat();
    void prescan_data();
    void prescan();
};

void TestImportDetect::detect_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");     // names lie on purpose: detection reads content only
    QTest::addColumn<QString>("expected"); // format name, or "!" + error text after "<path>: " / "<path> "
    auto add = [](const char* row, const QByteArray& content, const char* name, const char* expected) {
        QTest::newRow(row) << content << QString::fromUtf8(name) << QString::fromUtf8(expected);
    };
    add("csv named .json", kHeader + kRow, "calls.json", "csv");
    add("csv with BOM and CRLF", "\xEF\xBB\xBF" + QByteArray(kHeader).replace("\n", "\r\n"), "x", "csv");
    add("jsonl named .csv", "{\"timestamp\":1,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n", "a.csv", "jsonl");
    add("jsonl after blank lines", "\n  \n{\"timestamp\":1,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}", "a", "jsonl");
    add("empty", "", "e.csv", "!is empty");
    add("only blank lines", "\n\r\n  \n", "e.csv", "!is empty (only blank lines)");
    add("binary", QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0", 10) + QByteArray(100, '\0'), "b.csv",
        "!is a binary file, not CSV, JSONL or SQLite");
    const auto utf16 = [](const QByteArray& text, bool bigEndian) {
        QByteArray out;
        for (const char c : text) {
            out += bigEndian ? '\0' : c;
            out += bigEndian ? c : '\0';
        }
        return out;
    };
    const char* const kUtf16Le = "!is UTF-16LE text; costdash reads UTF-8 (save it as UTF-8 and import it again)";
    add("UTF-16LE with BOM", "\xFF\xFE" + utf16(kHeader + kRow, false), "w.csv", kUtf16Le);
    add("UTF-16LE without BOM", utf16(kHeader + kRow, false), "w.csv", kUtf16Le);
    add("UTF-16BE with BOM", "\xFE\xFF" + utf16(kHeader + kRow, true), "w.csv",
        "!is UTF-16BE text; costdash reads UTF-8 (save it as UTF-8 and import it again)");
    add("invalid UTF-8", kHeader + "2025-10-01,gpt-4o,1,2,3,0.1,ch\xC3\x28t,true\n", "u.csv", "!invalid UTF-8 on line 2");
    add("unknown CSV header", "a,b,c\n1,2,3\n", "x.csv",
        qPrintable(u'!' + noFormatMatches({"a", "b", "c"}, QStringLiteral("columns"))));
    add("unknown JSON keys", "{\"foo\":1}\n", "x.jsonl", qPrintable(u'!' + noFormatMatches({"foo"}, QStringLiteral("JSON keys"))));
    add("first line not an object", "{not json\n", "x.jsonl", "!line 1 is not a JSON object");
    add("header only", kHeader, "h.csv", "csv");
    const QByteArray seedObject = "{\"timestamp\":1,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}";
    add("json array named .jsonl", "[" + seedObject + "," + seedObject + "]", "a.jsonl", "json");
    add("pretty-printed data page", "{\n  \"data\": [\n    " + seedObject + "\n  ]\n}\n", "a.jsonl", "json");
    add("one-line data page", "{\"data\":[" + seedObject + "]}", "a.jsonl", "json");
}

void TestImportDetect::detect()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = writeFile(dir, name, content);
    QString error;
    const auto opened = openForImport(path, std::nullopt, &error);
    if (expected.startsWith(u'!')) {
        QVERIFY(!opened);
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QCOMPARE(error.mid(path.size() + (error[path.size()] == u':' ? 2 : 1)), expected.mid(1));
    } else {
        QVERIFY2(opened, qPrintable(error));
        QCOMPARE(formatName(opened->format), expected);
        QCOMPARE(opened->mapper->name(), QStringLiteral("seed"));
    }
}

void TestImportDetect::unknownFormatMessage()
{
    // Every format tried, each with what the file lacked for it.
    const QString message = noFormatMatches({"a", "b"}, QStringLiteral("columns"));
    QVERIFY2(message.startsWith(QStringLiteral("unknown format: columns a, b match no known log format; tried seed "
                                               "(needs timestamp, model, input_tokens, output_tokens)")),
             qPrintable(message));
    for (const RowMapper* mapper : mappers())
        QVERIFY2(message.contains(mapper->name() + QStringLiteral(" (needs ")), qPrintable(mapper->name()));
}

void TestImportDetect::missingAndDirectory()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!openForImport(dir.filePath(QStringLiteral("nope.csv")), std::nullopt, &error));
    QCOMPARE(error, dir.filePath(QStringLiteral("nope.csv")) + QStringLiteral(": no such file"));
    QVERIFY(!openForImport(dir.path(), Format::Csv, &error));
    QCOMPARE(error, dir.path() + QStringLiteral(" is a directory, not a log file"));
}

void TestImportDetect::forcedFormat()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("a.csv"), kHeader + kRow);
    QString error;
    QVERIFY(!openForImport(path, Format::Jsonl, &error)); // --format wins over detection
    QCOMPARE(error, path + QStringLiteral(": line 1 is not a JSON object"));
    QVERIFY(!openForImport(path, Format::Sqlite, &error));
    QVERIFY2(error.contains(QStringLiteral("SQLite")) || error.contains(QStringLiteral("database")), qPrintable(error));
    QCOMPARE(formatFromName(u"JSONL"), std::optional<Format>(Format::Jsonl));
    QCOMPARE(formatFromName(u"xml"), std::optional<Format>());
}

void TestImportDetect::prescan_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    QByteArray body = kHeader;
    while (body.size() < 200'000) // past the sniffed first 64 KiB
        body += kRow;
    const qsizetype lines = body.count('\n');
    QTest::newRow("clean") << body << QString();
    QTest::newRow("invalid UTF-8 late") << body + "2025,m,1,1,1,1,\xFF,true\n"
                                        << QStringLiteral("invalid UTF-8 on line %1").arg(lines + 1);
    QTest::newRow("truncated sequence at EOF") << body + "\xE2\x82" << QStringLiteral("invalid UTF-8 on line %1").arg(lines + 1);
    QTest::newRow("NUL late") << body + kRow + QByteArray("x\0y\n", 4)
                              << QStringLiteral("binary file (NUL byte on line %1)").arg(lines + 2);
    QTest::newRow("10 MB line") << body + QByteArray(10 << 20, 'a') + '\n'
                                << QStringLiteral("line %1 is longer than 1 MiB (record size cap)").arg(lines + 1);
    QByteArray multiByte = kHeader;
    while (multiByte.size() < 9'000'000) // 3-byte characters across every 4 MiB block boundary
        multiByte += "2025,m,1,1,1,1,\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E,true\n";
    QTest::newRow("multi-byte across blocks") << multiByte << QString();

    // Exactly at the first block boundary: every split of a 2-, 3- and 4-byte character is valid, and a broken
    // sequence on either side of it is refused with its line.
    auto filler = [](qsizetype size) {
        QByteArray f;
        while (f.size() < size)
            f += QByteArray(99, 'a') + '\n';
        return f.left(size);
    };
    const qsizetype block = kPrescanBlockBytes;
    const qsizetype fillerLines = filler(block).count('\n');
    for (const QByteArray& sequence : {QByteArray("\xC3\xA9"), QByteArray("\xE6\x97\xA5"), QByteArray("\xF0\x9F\x98\x80")}) {
        for (qsizetype split = 1; split < sequence.size(); ++split) {
            QTest::newRow(qPrintable(QStringLiteral("%1-byte character split after %2").arg(sequence.size()).arg(split)))
                << filler(block - split) + sequence + "\nend\n" << QString();
        }
    }
    const QString invalidAtBoundary = QStringLiteral("invalid UTF-8 on line %1").arg(fillerLines + 1);
    QTest::newRow("lead byte, then ASCII after the boundary") << filler(block - 1) + "\xE6x\n" << invalidAtBoundary;
    QTest::newRow("two of three bytes, then ASCII") << filler(block - 2) + "\xE6\x97" + "A\n" << invalidAtBoundary;
    QTest::newRow("stray continuation at block start") << filler(block) + "\xA9x\n" << invalidAtBoundary;
    QTest::newRow("one continuation too many") << filler(block - 1) + "\xC3\xA9\xA9\n" << invalidAtBoundary;
    QTest::newRow("cut at the end of the file") << filler(block - 1) + "\xF0\x9F\x98" << invalidAtBoundary;
}

void TestImportDetect::prescan()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("p.csv"), content);
    const PrescanResult result = prescanFile(path, true, kMaxRecordBytes);
    QCOMPARE(result.error, error);
    if (error.isEmpty()) {
        QCOMPARE(result.sha256Hex, QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        QCOMPARE(result.size, content.size());
    }
}

QTEST_GUILESS_MAIN(TestImportDetect)
#include "tst_import_detect.moc"
