// Durable as SQLite promises: `costdash import` killed (SIGKILL) at many points of a mid-size import leaves a
// store whose .db and -wal pass integrity_check, never a rollback journal, holding exactly the whole batches
// committed before the kill; re-running the import completes it to exactly the totals of a clean import.
#include "CliRunner.h"
#include "StoreFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace costdash;
using namespace costdash::testing;

namespace {

constexpr int kRows = 100'000;
constexpr int kBatchRows = 1'000;
constexpr int kRounds = 10;

// Calls, cost and tokens of the first `n` calls in file order (all of them when n < 0), and the rollup's count.
QStringList totals(const QString& db, qint64 n = -1)
{
    const QByteArray limit = n < 0 ? QByteArray() : " LIMIT " + QByteArray::number(n);
    const QByteArray sql = "SELECT COUNT(*) || ' ' || IFNULL(SUM(cost_nusd), 0) || ' ' || IFNULL(SUM(input_tokens), 0) "
                           "|| ' ' || IFNULL(SUM(output_tokens), 0) FROM (SELECT * FROM calls ORDER BY id" + limit + ")";
    return column(db, sql.constData()) + column(db, "SELECT IFNULL(SUM(calls), 0) FROM rollup");
}

QStringList importArgs(const QString& csv, const QString& db)
{
    return {QStringLiteral("import"), csv, QStringLiteral("--db"), db, QStringLiteral("--batch-rows"),
            QString::number(kBatchRows), QStringLiteral("--json")};
}

// The files a power cut would leave: the .db and its -wal as they are now, in a folder of their own.
QString copyAsLeft(const QString& db, const QString& to)
{
    QDir().mkpath(to);
    const QString copy = to + QStringLiteral("/copy.db");
    QFile::copy(db, copy);
    if (QFile::exists(db + QStringLiteral("-wal")))
        QFile::copy(db + QStringLiteral("-wal"), copy + QStringLiteral("-wal"));
    return copy;
}

// Until the import has committed `records` source records (or has ended), looking as another reader would.
void waitForCommitted(const QString& db, qint64 records, const QProcess& import)
{
    while (import.state() == QProcess::Running) {
        if (QFileInfo(db).size() > 0
            && column(db, "SELECT IFNULL(MAX(records_done), 0) FROM imports").value(0).toLongLong() >= records)
            return;
        QThread::msleep(2);
    }
}

// Byte 18 of an SQLite file header: 1 = rollback journal, 2 = WAL.
int walFormat(const QString& path)
{
    QFile file(path);
    const QByteArray header = file.open(QIODevice::ReadOnly) ? file.read(19) : QByteArray();
    return header.size() == 19 ? int(header.at(18)) : -1;
}

// What a kill left, checked on a copy of the .db and its -wal (as a power cut would leave them): integrity, WAL
// mode, and a prefix of whole batches of the clean import. Returns the records committed.
qint64 checkAsLeft(const QString& db, const QString& copyDir, const QString& clean)
{
    if (!QFile::exists(db))
        return 0; // killed before it created the store
    const QString copy = copyAsLeft(db, copyDir);
    [&] { QCOMPARE(column(copy, "PRAGMA integrity_check"), QStringList{QStringLiteral("ok")}); }();
    if (column(copy, "SELECT name FROM sqlite_master WHERE name = 'calls'").isEmpty()) {
        // Killed while creating the store: the tables are all there or none is.
        [&] { QCOMPARE(column(copy, "SELECT COUNT(*) FROM sqlite_master"), QStringList{QStringLiteral("0")}); }();
        return 0;
    }
    const QStringList left = totals(copy);
    const qint64 committed = left.value(0).section(u' ', 0, 0).toLongLong();
    [&] {
        QVERIFY2(!QFile::exists(db + QStringLiteral("-journal")), "a rollback journal: the import left WAL");
        QCOMPARE(walFormat(db), 2);
        QVERIFY2(committed % kBatchRows == 0, qPrintable(QString::number(committed)));
        QCOMPARE(left.value(0), totals(clean, committed).value(0)); // a prefix of whole batches
        QCOMPARE(left.value(1), QString::number(committed));        // the rollup agrees with the rows
    }();
    return committed;
}

} // namespace

class TestCliStoreDurability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killAtManyPoints();
};

void TestCliStoreDurability::killAtManyPoints()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("month.csv"));
    QCOMPARE(runCli({QStringLiteral("demo"), QStringLiteral("--rows"), QString::number(kRows), QStringLiteral("--seed"),
                     QStringLiteral("11"), QStringLiteral("--out"), csv}).exitCode,
             0);
    const QString clean = dir.filePath(QStringLiteral("clean.db"));
    QElapsedTimer timer;
    timer.start();
    const CliResult reference = runCli(importArgs(csv, clean));
    const qint64 importMs = timer.elapsed();
    QCOMPARE(reference.exitCode, 0);
    QCOMPARE(reference.json().value(QLatin1String("imported")).toInteger(), kRows); // no bad rows: batches are whole
    const QStringList cleanTotals = totals(clean);

    // Each round kills the import twice: at a share of the clean import's time (creation, the first transaction
    // that waits for the file's hash), then, re-run, once a share of the rows has committed (the kill lands in a
    // later batch); a third run completes it.
    int partial = 0;
    for (int k = 1; k <= kRounds; ++k) {
        const QString db = dir.filePath(QStringLiteral("killed%1.db").arg(k));
        for (const bool byProgress : {false, true}) {
            QProcess import;
            import.start(QStringLiteral(COSTDASH_BINARY), importArgs(csv, db));
            QVERIFY(import.waitForStarted());
            if (byProgress)
                waitForCommitted(db, kRows * k / (kRounds + 1), import);
            else
                QThread::msleep(std::uint64_t(importMs * k / (kRounds + 1)));
            import.kill(); // SIGKILL
            QVERIFY(import.waitForFinished());
            const qint64 committed = checkAsLeft(db, dir.filePath(QStringLiteral("copy%1-%2").arg(k).arg(byProgress)), clean);
            if (QTest::currentTestFailed())
                return;
            partial += committed > 0 && committed < kRows ? 1 : 0;
        }
        const CliResult again = runCli(importArgs(csv, db));
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(totals(db), cleanTotals);
        QCOMPARE(column(db, "PRAGMA integrity_check"), QStringList{QStringLiteral("ok")});
        QCOMPARE(column(db, "SELECT COUNT(*) || ' ' || SUM(finished) || ' ' || SUM(rows_imported) FROM imports"),
                 QStringList{QStringLiteral("1 1 %1").arg(kRows)});
    }
    qInfo("%d of %d kills fell inside the import", partial, 2 * kRounds);
    // At least one kill must land between two commits for the test to show anything beyond "nothing or all". A new
    // file's first batches wait in one transaction for its hash, which a heavily loaded machine computes late: then
    // most kills find nothing or everything committed (5-6 of 20 land between on an ordinary load).
    QVERIFY2(partial >= 1, qPrintable(QStringLiteral("only %1 kills fell inside the import").arg(partial)));
}

QTEST_GUILESS_MAIN(TestCliStoreDurability)
#include "tst_cli_store_durability.moc"
