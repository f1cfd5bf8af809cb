// .gz logs read as a stream: detection on the decompressed bytes, CSV across many blocks, JSONL and a JSON
// document, each imported into a real store; a compressed SQLite file and a truncated stream refused in a sentence.
#include "importers/Detect.h"
#include "ImportedCalls.h"

#include <QTest>
#include <zlib.h>

using namespace costdash;
using costdash::testing::importInto;

namespace {

QByteArray gzipped(const QByteArray& bytes)
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("x.gz")));
    gzFile f = gzopen(path.constData(), "wb");
    if (!f || gzwrite(f, bytes.constData(), unsigned(bytes.size())) != int(bytes.size()) || gzclose(f) != Z_OK)
        qFatal("cannot gzip");
    QFile in(QString::fromLocal8Bit(path));
    if (!in.open(QIODevice::ReadOnly))
        qFatal("cannot read the gzip file back");
    return in.readAll();
}

} // namespace

class TestImportGzip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvAcrossBlocks();
    void jsonlAndJsonDocument();
    void refusals();
};

void TestImportGzip::csvAcrossBlocks()
{
    QByteArray csv = "timestamp,model,input_tokens,output_tokens,cost_usd\n";
    for (int i = 0; i < 60'000; ++i) // ~3 MB decompressed: several of the reader's 1 MiB blocks
        csv += "2025-11-01T00:00:00Z,gpt-4o-mini," + QByteArray::number(i) + ",7,0.000001\n";
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("month.csv.gz"), gzipped(csv));
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.format, QStringLiteral("csv"));
    QCOMPARE(r.result.counts.imported, 60'000);
    QCOMPARE(r.calls.last().section(u' ', 3, 3), QStringLiteral("input=59999"));
    QCOMPARE(testing::column(dir.filePath(QStringLiteral("store.db")), "SELECT sum(cost_nusd) FROM calls"),
             QStringList({QStringLiteral("60000000")}));
}

void TestImportGzip::jsonlAndJsonDocument()
{
    const QByteArray jsonl =
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1762179800,\"model\":\"gpt-4o-mini\","
        "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}\n";
    QTemporaryDir dir;
    const auto a = importInto(dir, QStringLiteral("a.jsonl.gz"), gzipped(jsonl));
    QVERIFY2(a.result.error.isEmpty(), qPrintable(a.result.error));
    QCOMPARE(a.result.mapper, QStringLiteral("openai"));
    QCOMPARE(a.calls.size(), 1);
    QVERIFY2(a.calls[0].contains(QStringLiteral(" input=100 ")), qPrintable(a.calls[0]));

    QTemporaryDir other;
    const auto b = importInto(other, QStringLiteral("logs.gz"),
                              gzipped("[{\"request_id\":\"r1\",\"spend\":0.5,\"prompt_tokens\":3,\"completion_tokens\":1,"
                                      "\"startTime\":\"2025-11-04T08:00:00Z\",\"model\":\"gpt-4o\"}]"));
    QVERIFY2(b.result.error.isEmpty(), qPrintable(b.result.error));
    QCOMPARE(b.result.format, QStringLiteral("json"));
    QCOMPARE(b.result.mapper, QStringLiteral("litellm"));
    QCOMPARE(b.calls.size(), 1);
    QVERIFY2(b.calls[0].contains(QStringLiteral(" cost=500000000 ")), qPrintable(b.calls[0]));
}

void TestImportGzip::refusals()
{
    QTemporaryDir dir;
    const QString sqlite = testing::writeFile(dir, QStringLiteral("calls.db.gz"),
                                              gzipped(QByteArray("SQLite format 3\0", 16) + QByteArray(4096, '\1')));
    QString error;
    QVERIFY(!importers::openForImport(sqlite, std::nullopt, &error));
    QCOMPARE(error, sqlite + QStringLiteral(" is a gzip-compressed SQLite file; decompress it first (gunzip)"));

    QByteArray csv = "timestamp,model,input_tokens,output_tokens\n";
    for (int i = 0; i < 200'000; ++i)
        csv += "2025-11-01T00:00:00Z,gpt-4o-mini," + QByteArray::number(i * 7919 % 100003) + ",7\n";
    const QByteArray whole = gzipped(csv);
    const auto r = importInto(dir, QStringLiteral("cut.csv.gz"), whole.left(whole.size() / 2));
    QVERIFY2(r.result.error.contains(QStringLiteral("corrupt or truncated gzip stream: unexpected end of file")),
             qPrintable(r.result.error));
    QVERIFY(r.calls.size() < 200'000); // it stops there, as any read error stops an import
}

QTEST_GUILESS_MAIN(TestImportGzip)
#include "tst_import_gzip.moc"
