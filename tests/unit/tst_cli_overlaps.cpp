// Issue 9, case 6: overlapping exports of one log are found, end to end through `costdash import`: rows stored
// from another file are skipped and counted (`overlaps`), --keep-overlaps imports them anyway, identical rows
// inside one file are kept and counted (`duplicates`), and rows with a request id are matched by it.
#include "CliRunner.h"
#include "store/CallStore.h"
#include "TestFiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;

namespace {

using costdash::testing::writeFile;

const QByteArray kHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";

using Run = costdash::testing::CliResult;
using costdash::testing::runCli;

Run import(const QStringList& files, const QString& db, const QStringList& more = {})
{
    return runCli(QStringList{QStringLiteral("import")} + files
                       + QStringList{QStringLiteral("--db"), db, QStringLiteral("--json")} + more);
}

std::int64_t callsIn(const QString& db)
{
    auto store = store::CallStore::open(db, nullptr);
    return store ? store->callCount() : -1;
}

// Row i of one log (i from 1): one call a minute, two models, some without a logged cost, prompts repeating.
QByteArray logRow(int i)
{
    const int minutes = i - 1;
    const QByteArray time = "2025-10-" + QByteArray::number(1 + minutes / 1440).rightJustified(2, '0') + 'T'
        + QByteArray::number(minutes / 60 % 24).rightJustified(2, '0') + ':'
        + QByteArray::number(minutes % 60).rightJustified(2, '0') + ":00Z";
    const QByteArray cost = i % 5 == 0 ? QByteArray() : "0.000" + QByteArray::number(100 + i % 37);
    return time + (i % 2 ? ",gpt-4o," : ",gpt-4o-mini,") + QByteArray::number(100 + i % 50) + ','
        + QByteArray::number(20 + i % 11) + ",812," + cost + ",chat,true,Summarize ticket " + QByteArray::number(i % 97)
        + '\n';
}

QByteArray logRows(int first, int last)
{
    QByteArray csv = kHeader;
    for (int i = first; i <= last; ++i)
        csv += logRow(i);
    return csv;
}

} // namespace

class TestCliOverlaps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void overlappingExports();
    void overlappingExportsInOneRun();
    void keepOverlaps();
    void identicalRowsInOneFile();
    void requestIds();
};

// Rows 1-1000 and rows 501-1500 of one log as two files: 1,500 calls, 500 overlaps.
void TestCliOverlaps::overlappingExports()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QString first = writeFile(dir, QStringLiteral("rows-1-1000.csv"), logRows(1, 1000));
    const QString second = writeFile(dir, QStringLiteral("rows-501-1500.csv"), logRows(501, 1500));
    Run r = import({first}, db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 1000);
    QCOMPARE(r.count("overlaps"), 0);
    QCOMPARE(r.count("duplicates"), 0);
    r = import({second}, db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("read"), 1000);
    QCOMPARE(r.count("imported"), 500);
    QCOMPARE(r.count("overlaps"), 500);
    QCOMPARE(r.count("duplicates"), 0);
    QCOMPARE(r.json().value(QStringLiteral("files")).toArray()[0].toObject().value(QStringLiteral("overlaps")).toInt(), 500);
    QCOMPARE(callsIn(db), 1500);
    auto store = store::CallStore::open(db, nullptr);
    QCOMPARE(store->imports().value(1).counts.overlaps, 500);

    // The text output says it too; the same file again is still "already imported".
    const QString third = writeFile(dir, QStringLiteral("rows-1001-1600.csv"), logRows(1001, 1600));
    store.reset();
    r = runCli({QStringLiteral("import"), third, QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out),
             third + QStringLiteral(" (csv): 100 imported, 0 skipped\n"
                                    "  500 row(s) already imported from another file: skipped (--keep-overlaps "
                                    "imports them)\n"));
    QCOMPARE(callsIn(db), 1600);

    // Each stored call kept its own figures and prompt (the rows after the skipped ones moved up in their batch).
    store = store::CallStore::open(db, nullptr);
    QString error;
    const std::optional<store::CallColumns> calls = store->loadColumns(&error);
    QVERIFY2(calls, qPrintable(error));
    QCOMPARE(calls->size(), std::size_t(1600));
    for (std::size_t k = 0; k < calls->size(); ++k) {
        const int i = int(k) + 1;
        QCOMPARE(calls->outputTokens[k], 20 + i % 11);
        QCOMPARE(calls->prompts.text(std::size_t(calls->promptId[k])), QStringLiteral("Summarize ticket %1").arg(i % 97));
    }
}

void TestCliOverlaps::overlappingExportsInOneRun()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const Run r = import({writeFile(dir, QStringLiteral("a.csv"), logRows(1, 1000)),
                          writeFile(dir, QStringLiteral("b.csv"), logRows(501, 1500))},
                         db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 1500);
    QCOMPARE(r.count("overlaps"), 500);
    QCOMPARE(callsIn(db), 1500);
}

void TestCliOverlaps::keepOverlaps()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    QCOMPARE(import({writeFile(dir, QStringLiteral("a.csv"), logRows(1, 1000))}, db).exitCode, 0);
    const Run r = import({writeFile(dir, QStringLiteral("b.csv"), logRows(501, 1500))}, db,
                         {QStringLiteral("--keep-overlaps")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 1000);
    QCOMPARE(r.count("overlaps"), 500); // still reported
    QCOMPARE(callsIn(db), 2000);
}

// Identical rows in one file can be real calls: all imported, the repeats counted. Against the store they count
// one for one: a file with four copies of a row three copies of which are stored brings one.
void TestCliOverlaps::identicalRowsInOneFile()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QByteArray x = logRow(7);
    const QByteArray y = logRow(8);
    const QByteArray z = logRow(9);
    Run r = import({writeFile(dir, QStringLiteral("a.csv"), kHeader + x + y + x + z + y + x)}, db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 6);
    QCOMPARE(r.count("duplicates"), 3);
    QCOMPARE(r.count("overlaps"), 0);
    QCOMPARE(callsIn(db), 6);
    r = runCli({QStringLiteral("import"), writeFile(dir, QStringLiteral("b.csv"), kHeader + x + x + x + x),
                     QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(": 1 imported, 0 skipped\n"), r.out.constData());
    QVERIFY2(r.out.contains("  3 row(s) already imported from another file: skipped"), r.out.constData());
    QVERIFY2(r.out.contains("  1 row(s) identical to an earlier row of the file: imported\n"), r.out.constData());
    QCOMPARE(callsIn(db), 7);
}

// A row with a request id is matched by it alone, across formats: a later export may differ in its figures.
void TestCliOverlaps::requestIds()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QByteArray header = "timestamp,model,input_tokens,output_tokens,cost_usd,request_id\n";
    Run r = import({writeFile(dir, QStringLiteral("a.csv"), header + "2025-10-01T10:00:00Z,gpt-4o,10,2,0.001,req-1\n"
                                                                     "2025-10-01T10:01:00Z,gpt-4o,10,2,0.001,req-2\n"
                                                                     "2025-10-01T10:01:00Z,gpt-4o,10,2,0.001,req-3\n")},
                   db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 3);
    QCOMPARE(r.count("duplicates"), 0); // same figures, other request ids: other calls
    r = import({writeFile(dir, QStringLiteral("b.jsonl"),
                          "{\"timestamp\":\"2025-10-01T10:01:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":10,"
                          "\"output_tokens\":2,\"cost_usd\":0.0012,\"request_id\":\"req-2\"}\n"
                          "{\"timestamp\":\"2025-10-01T10:02:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":10,"
                          "\"output_tokens\":2,\"request_id\":\"req-4\"}\n"
                          "{\"timestamp\":\"2025-10-01T10:00:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":10,"
                          "\"output_tokens\":2,\"cost_usd\":0.001}\n")},
               db);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.count("imported"), 2); // req-4, and the row without an id (its fingerprint is new)
    QCOMPARE(r.count("overlaps"), 1); // req-2, with a corrected cost
    QCOMPARE(callsIn(db), 5);
}

QTEST_GUILESS_MAIN(TestCliOverlaps)
#include "tst_cli_overlaps.moc"
