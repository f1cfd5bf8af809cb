// Whose file the CLI opens, and how: another application's file is refused byte for byte unchanged, a read-only
// command never creates a store, and a read-only store is read without a trace and refuses imports in one
// sentence. Real files, the real binary (run as an unprivileged user where permissions must bind).
#include "CliRunner.h"
#include "SampleMonth.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::testing;

namespace {

const QString kScenario = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/cache-only.json");

const QByteArray kCsv = "timestamp,model,input_tokens,output_tokens,cost_usd\n"
                        "2025-03-01T10:00:00Z,gpt-4o,100,10,0.001\n";

QByteArray digest(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                          : QByteArray();
}

QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

// The folder and its files as an unprivileged user reaches them: readable, and writable only where asked.
void allowOthers(const QString& path, QFile::Permissions extra = {})
{
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther | extra));
}

bool oneLine(const QByteArray& err)
{
    return err.endsWith('\n') && err.count('\n') == 1;
}

} // namespace

class TestCliStoreAccess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foreignFileRefused_data();
    void foreignFileRefused();
    void readCommandsNeverCreate_data();
    void readCommandsNeverCreate();
    void newStoreIsMarked();
    void readOnlyFile();
    void readOnlyFolder();
};

void TestCliStoreAccess::foreignFileRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("summary") << QStringList{QStringLiteral("summary")};
    QTest::newRow("prices list") << QStringList{QStringLiteral("prices"), QStringLiteral("list")};
    QTest::newRow("import") << QStringList{QStringLiteral("import"), QStringLiteral("CSV")};
}

void TestCliStoreAccess::foreignFileRefused()
{
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    const QString other = dir.filePath(QStringLiteral("other.db"));
    withConnection(other, [](QSqlDatabase& db) {
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT)")));
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("INSERT INTO contacts(name) VALUES('Ada')")));
    });
    const QString csv = writeFile(dir, QStringLiteral("calls.csv"), kCsv);
    args.replaceInStrings(QStringLiteral("CSV"), csv);
    const QByteArray before = digest(other);
    const QStringList filesBefore = filesIn(dir.path());
    const CliResult r = runCli(args + QStringList{QStringLiteral("--db"), other});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(oneLine(r.err) && r.err.contains("not a costdash store: it holds another application's data (left unchanged)"),
             r.err.constData());
    QCOMPARE(digest(other), before);
    QCOMPARE(filesIn(dir.path()), filesBefore);
    QCOMPARE(column(other, "PRAGMA journal_mode"), QStringList{QStringLiteral("delete")});
}

void TestCliStoreAccess::readCommandsNeverCreate_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("summary") << QStringList{QStringLiteral("summary")};
    QTest::newRow("whatif") << QStringList{QStringLiteral("whatif"), QStringLiteral("--scenario"), kScenario};
    QTest::newRow("prices list") << QStringList{QStringLiteral("prices"), QStringLiteral("list")};
}

void TestCliStoreAccess::readCommandsNeverCreate()
{
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    const QString typo = dir.filePath(QStringLiteral("typo.db"));
    const CliResult r = runCli(args + QStringList{QStringLiteral("--db"), typo});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("costdash: cannot open the store %1: it does not exist\n").arg(typo).toUtf8());
    QCOMPARE(filesIn(dir.path()), QStringList{});
}

void TestCliStoreAccess::newStoreIsMarked()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("new.db"));
    const QString csv = writeFile(dir, QStringLiteral("calls.csv"), kCsv);
    QCOMPARE(runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), db}).exitCode, 0);
    QCOMPARE(column(db, "PRAGMA application_id"), QStringList{QString::number(0x43445348)});
    QCOMPARE(column(db, "PRAGMA journal_mode"), QStringList{QStringLiteral("wal")});
}

void TestCliStoreAccess::readOnlyFile()
{
    QTemporaryDir dir;
    allowOthers(dir.path(), QFile::WriteOther); // the folder is writable: only the file is read-only
    const QString db = dir.filePath(QStringLiteral("month.db"));
    {
        auto store = store::CallStore::open(db, nullptr);
        QVERIFY(store);
        const auto rows = month();
        QVERIFY(importRows(*store, rows) > 0);
    }
    QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther)); // chmod 444
    const QString csv = writeFile(dir, QStringLiteral("calls.csv"), kCsv);
    allowOthers(csv);
    QVERIFY(QFile::setPermissions(csv, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray before = digest(db);
    const QStringList filesBefore = filesIn(dir.path());

    const CliResult summary = runCliUnprivileged({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(summary.exitCode == 0, summary.err.constData());
    QCOMPARE(summary.json().value(QLatin1String("calls")).toInteger(), 6);
    QCOMPARE(summary.json().value(QLatin1String("cost_nusd")).toInteger(), 8956000);
    const CliResult whatif = runCliUnprivileged({QStringLiteral("whatif"), QStringLiteral("--scenario"), kScenario,
                                                 QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(whatif.exitCode == 0, whatif.err.constData());
    QCOMPARE(filesIn(dir.path()), filesBefore); // no -wal, no -shm

    const CliResult import = runCliUnprivileged({QStringLiteral("import"), csv, QStringLiteral("--db"), db});
    QCOMPARE(import.exitCode, 1);
    QCOMPARE(import.err, QStringLiteral("costdash: cannot open the store %1: the store is read-only: costdash can show "
                                        "it but not write to it\n").arg(db).toUtf8());
    QCOMPARE(digest(db), before);
    QCOMPARE(filesIn(dir.path()), filesBefore);
}

void TestCliStoreAccess::readOnlyFolder()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("month.db"));
    {
        auto store = store::CallStore::open(db, nullptr);
        QVERIFY(store);
        const auto rows = month();
        QVERIFY(importRows(*store, rows) > 0);
    }
    const QString csv = writeFile(dir, QStringLiteral("calls.csv"), kCsv);
    allowOthers(csv);
    allowOthers(db, QFile::WriteOther); // the file is writable, its folder is not (no room for -wal and -shm)
    allowOthers(dir.path());
    const QByteArray before = digest(db);
    const QStringList filesBefore = filesIn(dir.path());

    const CliResult summary = runCliUnprivileged({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(summary.exitCode == 0, summary.err.constData());
    QCOMPARE(summary.json().value(QLatin1String("calls")).toInteger(), 6);
    const CliResult whatif = runCliUnprivileged({QStringLiteral("whatif"), QStringLiteral("--scenario"), kScenario,
                                                 QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(whatif.exitCode == 0, whatif.err.constData());

    const CliResult import = runCliUnprivileged({QStringLiteral("import"), csv, QStringLiteral("--db"), db});
    QCOMPARE(import.exitCode, 1);
    QVERIFY2(oneLine(import.err) && import.err.contains("the store is read-only"), import.err.constData());
    QCOMPARE(digest(db), before);
    QCOMPARE(filesIn(dir.path()), filesBefore);
}

QTEST_GUILESS_MAIN(TestCliStoreAccess)
#include "tst_cli_store_access.moc"
