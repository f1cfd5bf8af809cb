// The streaming RFC 4180 reader: quoting, line endings, BOM, blank lines, malformed records, block boundaries
// and the record size cap.
#include "importers/CsvReader.h"
#include "TestFiles.h"

#include <QTemporaryDir>
#include <QTest>

using namespace costdash::importers;

namespace {

QString writeFile(const QTemporaryDir& dir, const QByteArray& bytes, const QString& name = QStringLiteral("in.csv"))
{
    return costdash::testing::writeFile(dir, name, bytes);
}

// "line:field|field|field" per record, "line!reason" for malformed ones.
QStringList readAll(const QString& path, QString* fatal = nullptr, qsizetype maxRecord = kMaxRecordBytes)
{
    CsvReader reader(maxRecord);
    QString error;
    if (!reader.open(path, &error))
        return {QStringLiteral("open failed: ") + error};
    QStringList out;
    for (;;) {
        const auto status = reader.next();
        if (status == CsvReader::Status::End)
            break;
        if (status == CsvReader::Status::Fatal) {
            if (fatal)
                *fatal = reader.error();
            break;
        }
        if (!reader.recordError().isEmpty()) {
            out << QStringLiteral("%1!%2").arg(reader.line()).arg(reader.recordError());
            continue;
        }
        QStringList fields;
        for (qsizetype i = 0; i < reader.fieldCount(); ++i)
            fields << QString::fromUtf8(reader.field(i));
        out << QStringLiteral("%1:%2").arg(reader.line()).arg(fields.join(u'|'));
    }
    return out;
}

QStringList strings(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items)
        out << QString::fromUtf8(item);
    return out;
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void records_data();
    void records();
    void blockBoundaries();
    void fieldLengths();
    void recordCap();
    void sourceFieldCounts();
};

void TestCsv::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("LF") << QByteArray("a,b\n1,2\n") << strings({"1:a|b", "2:1|2"});
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << strings({"1:a|b", "2:1|2"});
    QTest::newRow("no final newline") << QByteArray("a,b\n1,2") << strings({"1:a|b", "2:1|2"});
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFtimestamp,model\nx,y\n") << strings({"1:timestamp|model", "2:x|y"});
    QTest::newRow("quoted comma") << QByteArray("\"a,b\",c\n") << strings({"1:a,b|c"});
    QTest::newRow("doubled quotes") << QByteArray("\"say \"\"hi\"\"\",x\n") << strings({"1:say \"hi\"|x"});
    QTest::newRow("only a doubled quote") << QByteArray("\"\"\"\"\n") << strings({"1:\""});
    QTest::newRow("embedded LF, line of next record")
        << QByteArray("h\n\"one\ntwo\nthree\"\nnext\n") << strings({"1:h", "2:one\ntwo\nthree", "5:next"});
    QTest::newRow("embedded CRLF kept") << QByteArray("\"a\r\nb\"\r\nc\r\n") << strings({"1:a\r\nb", "3:c"});
    QTest::newRow("empty fields") << QByteArray(",,\na,,b\n") << strings({"1:||", "2:a||b"});
    QTest::newRow("quoted empty") << QByteArray("\"\",x\n\"\"\n") << strings({"1:|x", "2:"});
    QTest::newRow("blank lines skipped") << QByteArray("a\n\n\r\nb\n\n") << strings({"1:a", "4:b"});
    QTest::newRow("quote inside unquoted field is literal") << QByteArray("ab\"c,d\n") << strings({"1:ab\"c|d"});
    QTest::newRow("text after closing quote")
        << QByteArray("\"ab\"c,d\nok\n") << strings({"1!unexpected character after a closing quote", "2:ok"});
    QTest::newRow("unterminated quote at EOF")
        << QByteArray("a\n\"never closed\nmore\n") << strings({"1:a", "2!unterminated quoted field"});
    QTest::newRow("UTF-8 kept as bytes") << QByteArray("\"héllo, wörld\",日本\n") << strings({"1:héllo, wörld|日本"});
    QTest::newRow("trailing comma = empty last field") << QByteArray("a,b,\n") << strings({"1:a|b|"});
}

void TestCsv::records()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    QCOMPARE(readAll(writeFile(dir, input)), expected);
}

// Records straddling the 1 MiB block boundary, with quotes and newlines in them, come out whole.
void TestCsv::blockBoundaries()
{
    QByteArray input("id,text\n");
    const int rows = 40'000;
    for (int i = 0; i < rows; ++i)
        input += QByteArray::number(i) + ",\"row " + QByteArray::number(i) + " says \"\"hi\"\",\nsecond line\"\n";
    QTemporaryDir dir;
    const QStringList records = readAll(writeFile(dir, input));
    QCOMPARE(records.size(), rows + 1);
    for (int i : {0, 1, 17'000, 23'456, rows - 1}) {
        QCOMPARE(records[i + 1], QStringLiteral("%1:%2|row %2 says \"hi\",\nsecond line").arg(2 + 2 * i).arg(i));
    }
}

// Unquoted fields are scanned eight bytes at a time: every length around a word, delimiters at every offset,
// a last field without a newline (its scan reads into the buffer padding, never past the end of the data).
void TestCsv::fieldLengths()
{
    QTemporaryDir dir;
    QByteArray input;
    QStringList expected;
    for (int length = 0; length <= 19; ++length) {
        const QByteArray field(length, char('a' + length));
        input += field + ',' + QByteArray::number(length) + ",\r\n";
        expected << QStringLiteral("%1:%2|%3|").arg(length + 1).arg(QString::fromLatin1(field)).arg(length);
    }
    input += "x,y,zzzzzzzzzzz";
    expected << QStringLiteral("21:x|y|zzzzzzzzzzz");
    QCOMPARE(readAll(writeFile(dir, input)), expected);
}

void TestCsv::recordCap()
{
    QTemporaryDir dir;
    QByteArray input("a,b\nx,\"");
    input += QByteArray(3 << 20, 'z');
    input += "\"\n";
    QString fatal;
    const QStringList records = readAll(writeFile(dir, input), &fatal, 1 << 20);
    QCOMPARE(records, strings({"1:a|b"}));
    QCOMPARE(fatal, QStringLiteral("the record starting on line 2 is longer than 1 MiB (record size cap)"));
}

// CsvSource binds a mapper's names to header columns and refuses short and long rows.
void TestCsv::sourceFieldCounts()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "Model, Timestamp ,extra\nm,t,e\nm,t\nm,t,e,f\n\"m\",\"t\",\"e\"\n");
    CsvSource source;
    QString error;
    QVERIFY(source.open(path, &error));
    QCOMPARE(source.columns(), (QList<QByteArray>{"model", "timestamp", "extra"}));
    source.bind({"timestamp", "missing", "model"});
    SourceRow row;
    RowError info;
    QCOMPARE(source.next(row, info), ReadStatus::Row);
    QCOMPARE(row.size(), size_t(3));
    QCOMPARE(row[0].bytes, QByteArrayView("t"));
    QVERIFY(!row[1].present);
    QCOMPARE(row[2].bytes, QByteArrayView("m"));
    QCOMPARE(source.next(row, info), ReadStatus::BadRow);
    QCOMPARE(info.line, 3);
    QCOMPARE(info.reason, QStringLiteral("expected 3 fields, found 2"));
    QCOMPARE(source.next(row, info), ReadStatus::BadRow);
    QCOMPARE(info.reason, QStringLiteral("expected 3 fields, found 4"));
    QCOMPARE(source.next(row, info), ReadStatus::Row);
    QCOMPARE(info.line, 5);
    QCOMPARE(source.next(row, info), ReadStatus::End);
}

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
