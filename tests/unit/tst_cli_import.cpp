// `costdash import` end to end with the real binary: the JSON contract with golden counts, several files,
// exit codes and one-line errors, --format and --strict, and a real SIGKILL in the middle of an import.
#include "importers/RowMapper.h"
#include "store/CallStore.h"
#include "TestFiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QDir>
#include <QThread>

using namespace costdash;

namespace {

using costdash::testing::writeFile;

const QByteArray kHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run runCostdash(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(COSTDASH_BINARY), args);
    if (!p.waitForFinished(120'000))
        qFatal("costdash did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

std::int64_t callsIn(const QString& db)
{
    auto store = store::CallStore::open(db, nullptr);
    return store ? store->callCount() : -1;
}

} // namespace

class TestCliImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonContract();
    void severalFilesAndDuplicates();
    void refusals_data();
    void refusals();
    void strictAndFormat();
    void killAndResume();
};

void TestCliImport::jsonContract()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    QByteArray csv = kHeader;
    for (int i = 0; i < 250; ++i)
        csv += "2025-10-0" + QByteArray::number(1 + i % 9) + "T12:00:00Z,gpt-4o,100,20,812,0.00045,chat,true,p\n";
    for (int i = 0; i < 120; ++i) // more bad rows than the error list keeps
        csv += "2025-10-01T12:00:00Z,gpt-4o,1,2,3,0.1,chat,maybe,p\n";
    csv += "2025-10-01T12:00:00Z,Mystery-1,1,2,3,,chat,true,p\n";
    const Run r = runCostdash({QStringLiteral("import"), writeFile(dir, QStringLiteral("a.csv"), csv), QStringLiteral("--db"), db,
                            QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("imported")).toInt(), 251);
    QCOMPARE(o.value(QStringLiteral("skipped")).toInt(), 120);
    QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), 241); // 250 rows, 9 distinct: all imported, repeats counted
    const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 100);
    QCOMPARE(errors[0].toObject().value(QStringLiteral("line")).toInt(), 252);
    QCOMPARE(errors[0].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("success: not true/false: \"maybe\""));
    QCOMPARE(errors[99].toObject().value(QStringLiteral("line")).toInt(), 351);
    QCOMPARE(o.value(QStringLiteral("unpriced_models")).toArray(), QJsonArray{QStringLiteral("Mystery-1")});
    QCOMPARE(callsIn(db), 251);
}

void TestCliImport::severalFilesAndDuplicates()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QString a = writeFile(dir, QStringLiteral("a.csv"), kHeader + "2025-10-01,gpt-4o,1,2,3,0.1,chat,true,x\n"
                                                                    "2025-10-02,gpt-4o,1,2,3,0.1,chat,true,y\n");
    const QString b = writeFile(dir, QStringLiteral("b.jsonl"),
                            "{\"timestamp\":\"2025-10-03\",\"model\":\"gpt-4o-mini\",\"input_tokens\":1,\"output_tokens\":2}\n");
    Run r = runCostdash({QStringLiteral("import"), a, b, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 3);
    QCOMPARE(r.json().value(QStringLiteral("files")).toArray().size(), 2);
    QCOMPARE(r.json().value(QStringLiteral("files")).toArray()[1].toObject().value(QStringLiteral("format")).toString(),
             QStringLiteral("jsonl"));
    r = runCostdash({QStringLiteral("import"), a, b, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 0);
    QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(), 3);
    r = runCostdash({QStringLiteral("import"), a, QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, a.toUtf8() + ": already imported (2 rows), nothing to do\n");
    QCOMPARE(callsIn(db), 3);
}

void TestCliImport::refusals_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message"); // stderr after "costdash: <path>"
    QTest::newRow("empty") << QByteArray() << QStringLiteral(" is empty");
    QTest::newRow("binary") << QByteArray("\0\1\2\3", 4) << QStringLiteral(" is a binary file, not CSV, JSONL or SQLite");
    QTest::newRow("unknown") << QByteArray("x,y\n1,2\n")
                             << QStringLiteral(": ") + importers::noFormatMatches({"x", "y"}, QStringLiteral("columns"));
    QTest::newRow("missing") << QByteArray("<missing>") << QStringLiteral(": no such file");
    QTest::newRow("directory") << QByteArray("<dir>") << QStringLiteral(" is a directory, not a log file");
}

void TestCliImport::refusals()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    QString path = dir.filePath(QStringLiteral("in.csv"));
    if (content == "<dir>")
        path = dir.filePath(QStringLiteral("sub"));
    if (content == "<dir>")
        QDir().mkdir(path);
    else if (content != "<missing>")
        writeFile(dir, QStringLiteral("in.csv"), content);
    const Run r = runCostdash({QStringLiteral("import"), path, QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("costdash: ") + path + message + u'\n');
    QCOMPARE(callsIn(db), 0);
}

void TestCliImport::strictAndFormat()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.db"));
    const QString bad = writeFile(dir, QStringLiteral("bad.csv"), kHeader + "2025-10-01,gpt-4o,1,2,3,0.1,chat,true,x\n"
                                                                        "2025-10-01,gpt-4o,one,2,3,0.1,chat,true,x\n");
    Run r = runCostdash({QStringLiteral("import"), bad, QStringLiteral("--db"), db, QStringLiteral("--strict"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 0);
    QCOMPARE(r.json().value(QStringLiteral("skipped")).toInt(), 1);
    QCOMPARE(r.json().value(QStringLiteral("errors")).toArray()[0].toObject().value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("costdash: --strict: 1 bad row(s), nothing imported\n"));
    QCOMPARE(callsIn(db), 0);
    r = runCostdash({QStringLiteral("import"), bad, QStringLiteral("--db"), db, QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("costdash: ") + bad + QStringLiteral(": line 1 is not a JSON object\n"));
    r = runCostdash({QStringLiteral("import"), bad, QStringLiteral("--db"), db, QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(r.exitCode, 2);
    r = runCostdash({QStringLiteral("import"), bad, QStringLiteral("--db"), db, QStringLiteral("--format"), QStringLiteral("CSV"),
                  QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 1);
}

// SIGKILL once a batch is committed: the store holds whole batches only, and a re-run completes the file.
void TestCliImport::killAndResume()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("month.csv"));
    const int rows = 150'000;
    QCOMPARE(runCostdash({QStringLiteral("demo"), QStringLiteral("--rows"), QString::number(rows), QStringLiteral("--seed"),
                       QStringLiteral("3"), QStringLiteral("--out"), csv})
                 .exitCode,
             0);
    // The kill must land after a commit and before the end: on a loaded machine a new file's batches can wait in
    // one transaction for its hash until the end, and the import then ends before the kill. Such a try (the
    // store complete) is set aside and the kill tried again on a new store.
    QString db;
    for (int attempt = 0; attempt < 8; ++attempt) {
        db = dir.filePath(QStringLiteral("s%1.db").arg(attempt));
        QCOMPARE(callsIn(db), 0); // creates the store, so the test can watch it
        QProcess import;
        import.start(QStringLiteral(COSTDASH_BINARY), {QStringLiteral("import"), csv, QStringLiteral("--db"), db,
                                                       QStringLiteral("--batch-rows"), QStringLiteral("500")});
        QVERIFY(import.waitForStarted());
        auto watcher = store::CallStore::open(db, nullptr);
        QVERIFY(watcher);
        std::int64_t committed = 0;
        for (int i = 0; i < 3000 && committed == 0 && import.state() == QProcess::Running; ++i) {
            QThread::msleep(5);
            const auto imports = watcher->imports();
            committed = imports.isEmpty() ? 0 : imports[0].recordsDone;
        }
        import.kill(); // SIGKILL
        QVERIFY(import.waitForFinished());
        const store::ImportRecord left = watcher->imports().value(0);
        watcher.reset();
        if (import.exitStatus() == QProcess::CrashExit && !left.finished && left.recordsDone > 0
            && left.recordsDone < rows)
            break;
    }
    auto store = store::CallStore::open(db, nullptr);
    const store::ImportRecord killed = store->imports().value(0);
    QVERIFY(!killed.finished);
    QVERIFY(killed.recordsDone > 0 && killed.recordsDone < rows);
    QCOMPARE(killed.recordsDone % 500, 0);                 // whole batches only
    QCOMPARE(store->callCount(), killed.counts.imported);  // rows and progress committed together
    store.reset();

    const Run again = runCostdash({QStringLiteral("import"), csv, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    const QJsonObject file = again.json().value(QStringLiteral("files")).toArray()[0].toObject();
    QVERIFY(file.value(QStringLiteral("resumed")).toBool());
    QCOMPARE(again.json().value(QStringLiteral("imported")).toInteger(), rows - killed.counts.imported);
    QCOMPARE(callsIn(db), rows);
    store = store::CallStore::open(db, nullptr);
    QVERIFY(store->imports().value(0).finished);
    QCOMPARE(store->imports().value(0).counts.imported, rows);
    QCOMPARE(store->imports().size(), 1);
}

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
