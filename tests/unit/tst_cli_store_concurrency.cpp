// Several costdash processes on one store: two imports racing to create it both succeed, summaries and what-if
// runs succeed while an import writes, a second import waits for the first, and a store another writer keeps
// locked past the busy timeout gets one clear sentence. Real processes on a real file.
#include "CliRunner.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace costdash;
using namespace costdash::testing;

namespace {

const QString kScenario = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/cache-only.json");

QByteArray smallCsv(int day)
{
    QByteArray csv = "timestamp,model,input_tokens,output_tokens,cost_usd\n";
    for (int i = 0; i < 3; ++i)
        csv += QStringLiteral("2025-03-%1T10:0%2:00Z,gpt-4o,100,10,0.001\n").arg(day, 2, 10, QLatin1Char('0')).arg(i).toUtf8();
    return csv;
}

std::unique_ptr<QProcess> startCli(const QStringList& args)
{
    auto p = std::make_unique<QProcess>();
    p->start(QStringLiteral(COSTDASH_BINARY), args);
    if (!p->waitForStarted())
        qFatal("cannot start costdash");
    return p;
}

std::int64_t callsIn(const QString& db)
{
    const QStringList n = column(db, "SELECT COUNT(*) FROM calls");
    return n.isEmpty() ? -1 : n.first().toLongLong();
}

QString demoCsv(const QTemporaryDir& dir, const QString& name, int rows, int seed)
{
    const QString csv = dir.filePath(name);
    const CliResult r = runCli({QStringLiteral("demo"), QStringLiteral("--rows"), QString::number(rows),
                                QStringLiteral("--seed"), QString::number(seed), QStringLiteral("--out"), csv});
    if (r.exitCode != 0)
        qFatal("demo failed: %s", r.err.constData());
    return csv;
}

} // namespace

class TestCliStoreConcurrency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void racingCreation();
    void readersDuringImport();
    void secondImportWaits();
    void busyAfterTimeout();
};

void TestCliStoreConcurrency::racingCreation()
{
    QTemporaryDir dir;
    const QString a = writeFile(dir, QStringLiteral("a.csv"), smallCsv(1));
    const QString b = writeFile(dir, QStringLiteral("b.csv"), smallCsv(2));
    for (int round = 0; round < 10; ++round) {
        const QString db = dir.filePath(QStringLiteral("race%1.db").arg(round));
        auto first = startCli({QStringLiteral("import"), a, QStringLiteral("--db"), db});
        auto second = startCli({QStringLiteral("import"), b, QStringLiteral("--db"), db});
        for (QProcess* p : {first.get(), second.get()}) {
            QVERIFY(p->waitForFinished(60'000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        QCOMPARE(callsIn(db), 6);
        QCOMPARE(column(db, "PRAGMA integrity_check"), QStringList{QStringLiteral("ok")});
    }
}

// Every summary and what-if run started while the import runs succeeds, and sees whole batches only.
void TestCliStoreConcurrency::readersDuringImport()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    QCOMPARE(runCli({QStringLiteral("import"), writeFile(dir, QStringLiteral("a.csv"), smallCsv(1)),
                     QStringLiteral("--db"), db}).exitCode, 0);
    const QString big = demoCsv(dir, QStringLiteral("big.csv"), 100'000, 5);
    auto import = startCli({QStringLiteral("import"), big, QStringLiteral("--db"), db, QStringLiteral("--batch-rows"),
                            QStringLiteral("2000")});
    int readsDuringImport = 0;
    while (import->state() == QProcess::Running && readsDuringImport < 3) {
        const CliResult summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(summary.exitCode == 0, summary.err.constData());
        const qint64 calls = summary.json().value(QLatin1String("calls")).toInteger();
        QVERIFY2((calls - 3) % 2000 == 0, qPrintable(QString::number(calls))); // whole batches only
        const CliResult whatif = runCli({QStringLiteral("whatif"), QStringLiteral("--scenario"), kScenario,
                                         QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(whatif.exitCode == 0, whatif.err.constData());
        if (import->state() == QProcess::Running)
            ++readsDuringImport;
    }
    QVERIFY(import->waitForFinished(120'000));
    QVERIFY2(import->exitCode() == 0, import->readAllStandardError().constData());
    QVERIFY2(readsDuringImport > 0, "the import ended before a reader ran beside it");
    QCOMPARE(callsIn(db), 100'003);
}

void TestCliStoreConcurrency::secondImportWaits()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QString big = demoCsv(dir, QStringLiteral("big.csv"), 100'000, 6);
    const QString other = demoCsv(dir, QStringLiteral("other.csv"), 20'000, 7);
    auto first = startCli({QStringLiteral("import"), big, QStringLiteral("--db"), db});
    QTest::qWait(100);
    auto second = startCli({QStringLiteral("import"), other, QStringLiteral("--db"), db});
    for (QProcess* p : {first.get(), second.get()}) {
        QVERIFY(p->waitForFinished(120'000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
    }
    QCOMPARE(callsIn(db), 120'000);
    QCOMPARE(column(db, "SELECT COUNT(*) FROM imports WHERE finished = 1"), QStringList{QStringLiteral("2")});
}

// Another writer holds the store: a reader still reads at once; an import waits, then says why in one line.
void TestCliStoreConcurrency::busyAfterTimeout()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    QCOMPARE(runCli({QStringLiteral("import"), writeFile(dir, QStringLiteral("a.csv"), smallCsv(1)),
                     QStringLiteral("--db"), db}).exitCode, 0);
    const QString csv = writeFile(dir, QStringLiteral("b.csv"), smallCsv(2));
    withConnection(db, [&](QSqlDatabase& other) {
        QSqlQuery hold(other);
        QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(hold.exec(QStringLiteral("INSERT INTO meta(key, value) VALUES('held', 'yes')")));
        const CliResult summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(summary.exitCode == 0, summary.err.constData());
        QCOMPARE(summary.json().value(QLatin1String("calls")).toInteger(), 3);
        QElapsedTimer waited;
        waited.start();
        const CliResult import = runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), db});
        QVERIFY(waited.elapsed() >= 9'000);
        QCOMPARE(import.exitCode, 1);
        QVERIFY2(import.err.contains("the store is busy: another costdash is writing it (try again when it is done)")
                     && import.err.count('\n') == 1,
                 import.err.constData());
        QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
    });
    QCOMPARE(runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), db}).exitCode, 0);
    QCOMPARE(callsIn(db), 6);
}

QTEST_GUILESS_MAIN(TestCliStoreConcurrency)
#include "tst_cli_store_concurrency.moc"
