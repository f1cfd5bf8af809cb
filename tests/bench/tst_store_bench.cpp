// Store micro-benchmark (CTest label `bench`; run from the release build): appendBatch, loadColumns and
// summarize on COSTDASH_BENCH_ROWS synthetic calls (default 1,000,000). Prints the timings; asserts nothing
// about them (the machine is shared), only that the data round-trips.
#include "store/CallStore.h"
#include "store/ImportSession.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <ctime>

using namespace costdash;

class BenchStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importLoadSummarize();
};

namespace {

// CPU time of this thread: the machine is shared, so wall time alone says little.
qint64 cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::vector<CallRecord> makeRows(qsizetype n)
{
    const QStringList models{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"), QStringLiteral("deepseek-v4-flash"),
                             QStringLiteral("Qwen/Qwen3-8B"), QStringLiteral("deepseek-reasoner"), QStringLiteral("mystery")};
    const QStringList tasks{QStringLiteral("classification"), QStringLiteral("summarization"), QStringLiteral("code"),
                            QStringLiteral("translation"), QStringLiteral("qa")};
    // COSTDASH_BENCH_PROMPTS distinct prompts (default 100,000; 0 = calls without prompt text)
    const int distinctPrompts = qEnvironmentVariableIsSet("COSTDASH_BENCH_PROMPTS")
        ? qEnvironmentVariableIntValue("COSTDASH_BENCH_PROMPTS")
        : 100000;
    QStringList prompts{QString()};
    for (int i = 0; i < distinctPrompts; ++i)
        prompts << QStringLiteral("Summarize the following support ticket #%1 for the on-call engineer and list the "
                                  "next steps; the customer reports error %2 after the upgrade.")
                       .arg(i)
                       .arg(i * 7 % 1000);
    QRandomGenerator rng(42);
    std::vector<CallRecord> rows(static_cast<std::size_t>(n));
    const timeutil::Millis start = 1761955200000; // 2025-11-01
    for (qsizetype i = 0; i < n; ++i) {
        CallRecord& r = rows[std::size_t(i)];
        r.timestampMs = start + i * 2592; // a month
        r.model = models[int(rng.bounded(models.size()))];
        r.taskType = tasks[int(rng.bounded(tasks.size()))];
        r.inputTokens = rng.bounded(50, 4000);
        r.outputTokens = rng.bounded(10, 800);
        r.latencyMs = rng.bounded(100, 9000);
        if (rng.bounded(10) != 0)
            r.loggedCost = rng.bounded(1, 100000);
        if (distinctPrompts > 0) {
            const QString& p = prompts[1 + int(rng.bounded(distinctPrompts))];
            r.prompt = QString(p.constData(), p.size()); // a fresh copy per row, as a parser makes
        }
        r.success = rng.bounded(50) != 0;
    }
    return rows;
}

} // namespace

void BenchStore::importLoadSummarize()
{
    const qsizetype n = qEnvironmentVariableIsSet("COSTDASH_BENCH_ROWS")
        ? qEnvironmentVariable("COSTDASH_BENCH_ROWS").toLongLong()
        : 1000000;
    const std::vector<CallRecord> rows = makeRows(n);
    QTemporaryDir dir;
    QString error;
    auto store = store::CallStore::open(dir.filePath(QStringLiteral("bench.db")), &error);
    QVERIFY2(store, qPrintable(error));
    store::ImportSession session(*store);
    QCOMPARE(session.begin({QStringLiteral("bench.csv"), 1, "00", QStringLiteral("csv")}, &error),
             store::ImportSession::Start::New);

    QElapsedTimer timer;
    timer.start();
    qint64 cpu = cpuMs();
    auto cpuLap = [&cpu] {
        const qint64 now = cpuMs();
        const qint64 lap = now - cpu;
        cpu = now;
        return lap;
    };
    const std::size_t batch = 50000;
    for (std::size_t at = 0; at < rows.size(); at += batch) {
        const std::size_t count = std::min(batch, rows.size() - at);
        const store::ImportCounts counts{qint64(at + count), qint64(at + count), 0, 0};
        QVERIFY2(session.append(std::span(rows.data() + at, count), counts, qint64(at + count), &error),
                 qPrintable(error));
    }
    const qint64 insertMs = timer.restart();
    const qint64 insertCpu = cpuLap();
    QVERIFY(session.commit({n, n, 0, 0}, &error));
    const qint64 finishMs = timer.restart();
    const qint64 finishCpu = cpuLap();
    const auto columns = store->loadColumns(&error);
    const qint64 loadMs = timer.restart();
    const qint64 loadCpu = cpuLap();
    QVERIFY(columns);
    QCOMPARE(qsizetype(columns->size()), n);
    const store::Summary summary = store->summarize({}, store->catalog());
    const qint64 summaryMs = timer.elapsed();
    const qint64 summaryCpu = cpuLap();
    QCOMPARE(summary.calls, n);
    qInfo("rows %lld (wall / cpu ms): appendBatch %lld / %lld, finishImport (checkpoint) %lld / %lld, "
          "loadColumns %lld / %lld, summarize by model %lld / %lld, file %lld MB",
          qint64(n), insertMs, insertCpu, finishMs, finishCpu, loadMs, loadCpu, summaryMs, summaryCpu,
          (QFileInfo(store->path()).size() + QFileInfo(store->path() + QStringLiteral("-wal")).size()) >> 20);
}

QTEST_GUILESS_MAIN(BenchStore)
#include "tst_store_bench.moc"
