// Import stage benchmark (CTest label `bench`; run from the release build): each stage of `costdash import`
// alone on the same demo CSV, to name the bottleneck. Stages: SHA-256, text checks, parsing into batches, the
// store's appendBatch fed the pre-built batches (the writer alone), and the whole import. COSTDASH_BENCH_FILE
// names a CSV (else `costdash demo --rows COSTDASH_BENCH_ROWS`, default 1,000,000, is generated). Prints wall
// and thread CPU times; asserts only that every row arrives (the machine is shared).
#include "importers/BatchParser.h"
#include "importers/Detect.h"
#include "importers/ImportService.h"
#include "importers/JsonlReader.h"
#include "importers/Prescan.h"
#include "store/CallStore.h"
#include "store/ImportSession.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <ctime>

using namespace costdash;
using namespace costdash::importers;

class BenchImportStages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stages();
};

namespace {

qint64 threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

qint64 processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Wall and CPU time of `f` on this thread (process CPU when `process`: the import uses helper threads).
template <typename F>
void timed(const char* stage, F f, bool process = false)
{
    QElapsedTimer wall;
    const qint64 cpu0 = process ? processCpuMs() : threadCpuMs();
    wall.start();
    f();
    const qint64 ms = wall.elapsed();
    const qint64 cpu = (process ? processCpuMs() : threadCpuMs()) - cpu0;
    qInfo("%-34s %6lld ms wall %6lld ms CPU", stage, static_cast<long long>(ms), static_cast<long long>(cpu));
}

QString benchFile(const QTemporaryDir& dir)
{
    if (qEnvironmentVariableIsSet("COSTDASH_BENCH_FILE"))
        return qEnvironmentVariable("COSTDASH_BENCH_FILE");
    const QString rows = qEnvironmentVariable("COSTDASH_BENCH_ROWS", QStringLiteral("1000000"));
    const QString path = dir.filePath(QStringLiteral("month.csv"));
    QProcess demo;
    demo.start(QStringLiteral(COSTDASH_BINARY),
               {QStringLiteral("demo"), QStringLiteral("--rows"), rows, QStringLiteral("--seed"), QStringLiteral("1"),
                QStringLiteral("--out"), path});
    if (!demo.waitForFinished(600'000) || demo.exitCode() != 0)
        qFatal("costdash demo failed");
    return path;
}

} // namespace

void BenchImportStages::stages()
{
    QTemporaryDir dir;
    const QString path = benchFile(dir);
    qInfo("file: %s, %lld bytes; simdjson %s", qPrintable(path), static_cast<long long>(QFileInfo(path).size()),
          qPrintable(simdjsonKernels()));

    PrescanResult hash;
    timed("SHA-256 (hashFile)", [&] { hash = hashFile(path); });
    QVERIFY2(hash.error.isEmpty(), qPrintable(hash.error));
    QString refused;
    timed("text checks (checkTextFile)", [&] { refused = checkTextFile(path, kMaxRecordBytes); });
    QVERIFY2(refused.isEmpty(), qPrintable(refused));

    QString error;
    std::optional<OpenedSource> opened = openForImport(path, std::nullopt, &error);
    QVERIFY2(opened, qPrintable(error));
    std::int64_t rows = 0;
    timed("parse into batches (reused batch)", [&] {
        BatchParser parser(*opened, 25'000);
        Batch batch;
        while (parser.next(batch))
            rows += std::int64_t(batch.rowCount());
    });

    opened = openForImport(path, std::nullopt, &error);
    QVERIFY2(opened, qPrintable(error));
    std::vector<Batch> batches;
    {
        BatchParser parser(*opened, 25'000);
        for (Batch batch; parser.next(batch); batch = Batch{})
            batches.push_back(std::move(batch));
    }
    auto store = store::CallStore::open(dir.filePath(QStringLiteral("writer.db")), &error);
    QVERIFY2(store, qPrintable(error));
    auto session = std::make_unique<store::ImportSession>(*store);
    QVERIFY2(session->begin({QStringLiteral("bench.csv"), hash.size, hash.sha256Hex, QStringLiteral("csv")}, &error)
                 == store::ImportSession::Start::New,
             qPrintable(error));
    std::int64_t written = 0;
    timed("store appendBatch alone (writer)", [&] {
        for (const Batch& batch : batches) {
            written += std::int64_t(batch.rowCount());
            const store::ImportCounts counts{batch.endRecord, written, 0, 0};
            QVERIFY2(session->append(std::span(batch.rows.data(), batch.rowCount()), counts, batch.endRecord, &error),
                     qPrintable(error));
        }
        QVERIFY(session->commit({written, written, 0, 0}, &error));
    });
    QCOMPARE(written, rows);
    batches.clear();
    session.reset();
    store.reset();

    auto fresh = store::CallStore::open(dir.filePath(QStringLiteral("import.db")), &error);
    QVERIFY2(fresh, qPrintable(error));
    FileImportResult result;
    timed("whole import (process CPU)", [&] { result = importFile(*fresh, path, ImportOptions{}); },
          true);
    QVERIFY2(!result.failed(), qPrintable(result.error));
    QCOMPARE(result.counts.imported, rows);
}

QTEST_GUILESS_MAIN(BenchImportStages)
#include "tst_import_stages.moc"
