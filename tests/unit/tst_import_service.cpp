// The import service against a real store: golden counts, bad rows, re-import idempotency, strict mode, the
// whole-file refusals (store unchanged), resume after an interruption, all three formats.
#include "importers/ImportService.h"
#include "importers/RowMapper.h"
#include "TestFiles.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace costdash;
using namespace costdash::importers;

namespace {

const QByteArray kHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";

QByteArray goodRow(int i)
{
    return "2025-10-01T00:00:" + QByteArray::number(10 + i % 50) + "Z,gpt-4o,100,20,812,0.00045,chat,true,\"hi, " +
           QByteArray::number(i) + "\"\n";
}

// 10 rows: 7 good (one on an unknown model), 3 bad on lines 3, 6 and 10 (line 9 holds a quoted newline).
QByteArray mixedCsv()
{
    return kHeader + goodRow(1) + "2025-10-01,gpt-4o,x,20,812,0.1,chat,true,\n" + goodRow(2) + goodRow(3) +
           "2025-10-01,gpt-4o,1,2,3,0.1,chat\n" + "2025-10-01,mystery-model,1,2,3,,chat,true,p\n" +
           "2025-10-01,gpt-4o,1,2,3,,chat,true,\"two\nlines\"\n" + "2025-10-01,gpt-4o,1,2,3,0.1,chat,perhaps,p\n" +
           goodRow(4);
}

class Fixture {
public:
    Fixture()
    {
        QString error;
        store = store::CallStore::open(dir.filePath(QStringLiteral("store.db")), &error);
        if (!store)
            qFatal("store: %s", qPrintable(error));
    }
    QString write(const QString& name, const QByteArray& bytes) const
    {
        return testing::writeFile(dir, name, bytes);
    }
    QTemporaryDir dir;
    std::unique_ptr<store::CallStore> store;
};

} // namespace

class TestImportService : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mixedFile();
    void unpricedModels_data();
    void unpricedModels();
    void reimportIsIdempotent();
    void strictMode();
    void refusedFiles_data();
    void refusedFiles();
    void resumeAfterInterruption();
    void overlapsAcrossAResume();
    void refusedAfterRowsWereWritten();
    void jsonlAndSqlite();
};

void TestImportService::mixedFile()
{
    Fixture fx;
    const FileImportResult r = importFile(*fx.store, fx.write(QStringLiteral("m.csv"), mixedCsv()), {});
    QVERIFY2(!r.failed(), qPrintable(r.error));
    QCOMPARE(r.counts.read, 9);
    QCOMPARE(r.counts.imported, 6);
    QCOMPARE(r.counts.skipped, 3);
    QCOMPARE(r.counts.duplicates, 0);
    QCOMPARE(r.errors.size(), 3);
    QCOMPARE(r.errors[0].line, 3);
    QCOMPARE(r.errors[0].reason, QStringLiteral("input_tokens: not a whole number: \"x\""));
    QCOMPARE(r.errors[1].line, 6);
    QCOMPARE(r.errors[1].reason, QStringLiteral("expected 9 fields, found 7"));
    QCOMPARE(r.errors[2].line, 10);
    QCOMPARE(r.errors[2].reason, QStringLiteral("success: not true/false: \"perhaps\""));
    QCOMPARE(r.unpricedModels, QStringList{QStringLiteral("mystery-model")});
    QCOMPARE(fx.store->callCount(), 6);
    const auto imports = fx.store->imports();
    QCOMPARE(imports.size(), 1);
    QVERIFY(imports[0].finished);
    QCOMPARE(imports[0].counts.imported, 6);
    QCOMPARE(imports[0].counts.skipped, 3);
}

void TestImportService::unpricedModels_data()
{
    QTest::addColumn<int>("models");
    QTest::addColumn<int>("batchRows");
    QTest::newRow("few models, one batch") << 5 << 25'000;
    QTest::newRow("few models, a batch per row") << 5 << 1;
    QTest::newRow("more models than a batch lists") << 100 << 25'000;
}

// The batch's model list (parser thread) and the per-row scan (too many models) name the same unknown models.
void TestImportService::unpricedModels()
{
    QFETCH(int, models);
    QFETCH(int, batchRows);
    Fixture fx;
    QByteArray csv = kHeader;
    QStringList expected;
    for (int i = 0; i < 2 * models; ++i) {
        const QByteArray model = "unknown-" + QByteArray::number(1000 + i % models);
        csv += "2025-10-01T00:00:00Z,gpt-4o-mini,1,2,3,,chat,true,\n";
        csv += "2025-10-01T00:00:00Z," + model + ",1,2,3,,chat,true,\n";
        if (i < models)
            expected << QString::fromLatin1(model);
    }
    ImportOptions options;
    options.batchRows = batchRows;
    const FileImportResult r = importFile(*fx.store, fx.write(QStringLiteral("u.csv"), csv), options);
    QVERIFY2(!r.failed(), qPrintable(r.error));
    QCOMPARE(r.counts.imported, 4 * models);
    QCOMPARE(r.unpricedModels, expected);
}

void TestImportService::reimportIsIdempotent()
{
    Fixture fx;
    const QString path = fx.write(QStringLiteral("m.csv"), mixedCsv());
    QCOMPARE(importFile(*fx.store, path, {}).counts.imported, 6);
    const QString copy = fx.write(QStringLiteral("renamed copy.txt"), mixedCsv()); // same bytes, other name
    for (const QString& again : {path, copy}) {
        const FileImportResult r = importFile(*fx.store, again, {});
        QVERIFY(!r.failed());
        QVERIFY(r.alreadyImported);
        QCOMPARE(r.counts.imported, 0);
        QCOMPARE(r.counts.duplicates, 6);
    }
    QCOMPARE(fx.store->callCount(), 6);
    QCOMPARE(fx.store->imports().size(), 1);
}

void TestImportService::strictMode()
{
    Fixture fx;
    ImportOptions strict;
    strict.strict = true;
    const FileImportResult bad = importFile(*fx.store, fx.write(QStringLiteral("m.csv"), mixedCsv()), strict);
    QVERIFY(bad.failed());
    QCOMPARE(bad.error, QStringLiteral("--strict: 3 bad row(s), nothing imported"));
    QCOMPARE(bad.counts.imported, 0);
    QCOMPARE(bad.counts.skipped, 3);
    QCOMPARE(bad.errors.size(), 3);
    QCOMPARE(fx.store->callCount(), 0);
    QVERIFY(fx.store->imports().isEmpty());
    const FileImportResult good =
        importFile(*fx.store, fx.write(QStringLiteral("g.csv"), kHeader + goodRow(1) + goodRow(2)), strict);
    QVERIFY2(!good.failed(), qPrintable(good.error));
    QCOMPARE(good.counts.imported, 2);
    QCOMPARE(good.counts.read, 2);
    QCOMPARE(fx.store->callCount(), 2);
}

void TestImportService::refusedFiles_data()
{
    QTest::addColumn<QByteArray>("content"); // "<dir>" and "<missing>" are special
    QTest::addColumn<QString>("error");      // after "<path>: " or "<path> "
    QByteArray longGood = kHeader;
    for (int i = 0; longGood.size() < 300'000; ++i)
        longGood += goodRow(i);
    const qsizetype lines = longGood.count('\n');
    QTest::newRow("missing") << QByteArray("<missing>") << QStringLiteral("no such file");
    QTest::newRow("directory") << QByteArray("<dir>") << QStringLiteral("is a directory, not a log file");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("is empty");
    QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QStringLiteral("is a binary file, not CSV, JSONL or SQLite");
    QTest::newRow("unknown format") << QByteArray("name,age\nbob,3\n")
                                    << noFormatMatches({"name", "age"}, QStringLiteral("columns")); // tst_import_detect checks its text
    QTest::newRow("invalid UTF-8 after 300 KB") << longGood + "2025-10-01,gpt-4o,1,2,3,0.1,\xC0\xAF,true,\n"
                                                 << QStringLiteral("invalid UTF-8 on line %1").arg(lines + 1);
    QTest::newRow("10 MB line") << longGood + "2025-10-01,gpt-4o,1,2,3,0.1,chat,true," + QByteArray(10 << 20, 'x') + '\n'
                                << QStringLiteral("line %1 is longer than 1 MiB (record size cap)").arg(lines + 1);
}

void TestImportService::refusedFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    Fixture fx;
    QString path = fx.dir.filePath(QStringLiteral("input.csv"));
    if (content == "<dir>")
        path = fx.dir.path();
    else if (content != "<missing>")
        path = fx.write(QStringLiteral("input.csv"), content);
    ImportOptions small;
    small.batchRows = 100; // the parser has batches ready before the pre-scan finds the problem
    const FileImportResult r = importFile(*fx.store, path, small);
    QVERIFY(r.failed());
    QVERIFY2(r.error == path + QStringLiteral(": ") + error || r.error == path + u' ' + error, qPrintable(r.error));
    QVERIFY(!r.error.contains(u'\n'));
    QCOMPARE(fx.store->callCount(), 0);
    QVERIFY(fx.store->imports().isEmpty());
}

// Cancelling after the first committed batch leaves exactly that batch; a re-run resumes and completes.
void TestImportService::resumeAfterInterruption()
{
    Fixture fx;
    QByteArray csv = kHeader;
    for (int i = 0; i < 1000; ++i)
        csv += i == 150 ? QByteArray("bad,row\n") : goodRow(i);
    const QString path = fx.write(QStringLiteral("r.csv"), csv);
    ImportOptions options;
    options.batchRows = 100;
    std::atomic_bool cancel{false};
    const FileImportResult first =
        importFile(*fx.store, path, options, &cancel, [&](std::int64_t, std::int64_t) { cancel = true; });
    QVERIFY(first.cancelled);
    QCOMPARE(fx.store->callCount(), 100);
    QCOMPARE(fx.store->imports().value(0).recordsDone, 100);
    QVERIFY(!fx.store->imports().value(0).finished);

    options.batchRows = 64; // batch boundaries need not match the first run's
    const FileImportResult second = importFile(*fx.store, path, options);
    QVERIFY2(!second.failed(), qPrintable(second.error));
    QVERIFY(second.resumed);
    QCOMPARE(second.counts.imported, 899);
    QCOMPARE(second.counts.skipped, 1);
    QCOMPARE(second.errors.value(0).line, 152);
    QCOMPARE(fx.store->callCount(), 999);
    const store::ImportRecord record = fx.store->imports().value(0);
    QVERIFY(record.finished);
    QCOMPARE(record.counts.read, 1000);
    QCOMPARE(record.counts.imported, 999);
    QCOMPARE(record.counts.skipped, 1);
}

// Overlaps and duplicates are counted once when an import is interrupted and resumed: the resumed run decides
// the rows again from the file's start, as the first run did, and counts only those it commits.
void TestImportService::overlapsAcrossAResume()
{
    Fixture fx;
    QByteArray first = kHeader;
    for (int i = 0; i < 300; ++i)
        first += goodRow(i);
    QCOMPARE(importFile(*fx.store, fx.write(QStringLiteral("a.csv"), first), {}).counts.imported, 300);
    QByteArray second = kHeader;
    for (int i = 200; i < 600; ++i) // rows 200-299 are stored already
        second += goodRow(i);
    second += goodRow(500); // the same call twice in this file
    const QString path = fx.write(QStringLiteral("b.csv"), second);
    ImportOptions options;
    options.batchRows = 100;
    std::atomic_bool cancel{false};
    const FileImportResult cut =
        importFile(*fx.store, path, options, &cancel, [&](std::int64_t, std::int64_t) { cancel = true; });
    QVERIFY(cut.cancelled);
    QCOMPARE(cut.counts.overlaps, 100);
    QCOMPARE(cut.counts.imported, 0);
    QCOMPARE(fx.store->imports().value(1).counts.overlaps, 100);

    options.batchRows = 64;
    const FileImportResult rest = importFile(*fx.store, path, options);
    QVERIFY2(!rest.failed(), qPrintable(rest.error));
    QVERIFY(rest.resumed);
    QCOMPARE(rest.counts.overlaps, 0);
    QCOMPARE(rest.counts.imported, 301);
    QCOMPARE(rest.counts.duplicates, 1);
    const store::ImportRecord record = fx.store->imports().value(1);
    QVERIFY(record.finished);
    QCOMPARE(record.counts.read, 401);
    QCOMPARE(record.counts.imported, 301);
    QCOMPARE(record.counts.overlaps, 100);
    QCOMPARE(record.counts.duplicates, 1);
    QCOMPARE(fx.store->callCount(), 601);
}

// A new file's batches are written before its verdict, in one transaction held open: a file refused at its very
// end (invalid UTF-8 in the last row) leaves the store as it was, and the next import's ids start from there.
void TestImportService::refusedAfterRowsWereWritten()
{
    Fixture fx;
    QByteArray csv = kHeader;
    for (int i = 0; i < 200'000; ++i) // 14 MB: hashing it outlasts writing the first batches
        csv += goodRow(i);
    const QString bad = fx.write(QStringLiteral("bad.csv"), csv + "2025-10-02,gpt-4o,1,1,1,0.1,chat,true,caf\xE9\n");
    ImportOptions options;
    options.batchRows = 100;
    const FileImportResult refused = importFile(*fx.store, bad, options);
    QVERIFY(refused.failed());
    QVERIFY2(refused.error.contains(QStringLiteral("invalid UTF-8 on line 200002")), qPrintable(refused.error));
    QCOMPARE(refused.counts.imported, 0);
    QCOMPARE(fx.store->callCount(), 0);
    QVERIFY(fx.store->imports().isEmpty());

    const FileImportResult good = importFile(*fx.store, fx.write(QStringLiteral("good.csv"), mixedCsv()), {});
    QVERIFY2(!good.failed(), qPrintable(good.error));
    QCOMPARE(fx.store->callCount(), 6);
    QCOMPARE(fx.store->imports().value(0).id, 1);
    QString error;
    const auto columns = fx.store->loadColumns(&error);
    QVERIFY2(columns, qPrintable(error));
    // ids from 1 again: the writer forgot the names and prompts of the rolled-back rows
    QCOMPARE(columns->models, (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("mystery-model")}));
    QCOMPARE(columns->prompts.size(), 6u);
}

void TestImportService::jsonlAndSqlite()
{
    Fixture fx;
    const QString jsonl = fx.write(QStringLiteral("calls.jsonl"),
        "{\"timestamp\":\"2025-10-01T00:00:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":100,\"output_tokens\":20,"
        "\"cost_usd\":2.805e-05,\"task_type\":\"chat\",\"success\":true}\n"
        "{\"timestamp\":\"2025-10-01T00:00:01Z\",\"model\":\"gpt-4o\",\"input_tokens\":1,\"output_tokens\":2}\n"
        "not json\n");
    FileImportResult r = importFile(*fx.store, jsonl, {});
    QVERIFY2(!r.failed(), qPrintable(r.error));
    QCOMPARE(r.format, QStringLiteral("jsonl"));
    QCOMPARE(r.counts.imported, 2);
    QCOMPARE(r.counts.skipped, 1);
    QCOMPARE(r.errors.value(0).line, 3);

    const QString db = fx.dir.filePath(QStringLiteral("seed.sqlite"));
    sqlite3* h = nullptr;
    QCOMPARE(sqlite3_open(db.toUtf8().constData(), &h), SQLITE_OK);
    QCOMPARE(sqlite3_exec(h,
                          "CREATE TABLE ai_calls (timestamp TEXT, model TEXT, input_tokens INTEGER, output_tokens INTEGER,"
                          " latency_ms REAL, cost_usd REAL, task_type TEXT, success INTEGER, prompt TEXT);"
                          "INSERT INTO ai_calls VALUES ('2025-10-02T00:00:00Z','gpt-4o-mini',5,1,10.5,0.000015,'x',1,'p');"
                          "INSERT INTO ai_calls VALUES ('2025-10-02T00:00:01Z','gpt-4o-mini',5,1,NULL,NULL,'x',0,NULL);",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(h);
    r = importFile(*fx.store, db, {});
    QVERIFY2(!r.failed(), qPrintable(r.error));
    QCOMPARE(r.format, QStringLiteral("sqlite"));
    QCOMPARE(r.counts.imported, 2);
    QCOMPARE(fx.store->callCount(), 4);
    const auto columns = fx.store->loadColumns(nullptr);
    QVERIFY(columns);
    QCOMPARE(columns->loggedCost[0], 28050); // 2.805e-05 USD exactly
    QCOMPARE(columns->loggedCost[1], store::kNoLoggedCost);
    QCOMPARE(columns->loggedCost[2], 15000);
}

QTEST_GUILESS_MAIN(TestImportService)
#include "tst_import_service.moc"
