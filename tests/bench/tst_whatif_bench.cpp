// What-if benchmark (CTest label `bench`; run from the release build, see tests/bench/whatif_bench.sh):
// on a `costdash demo` month of COSTDASH_BENCH_ROWS calls (default 1,000,000; the store is generated once next to
// the binary, or COSTDASH_BENCH_DB names one), prints medians for loading the snapshot, replays (routing + exact
// cache, cache only, everything to one model), a keyword change, the near cache, snapshot memory, and the same
// exact-cache + routing replay written as SQL (window functions + a recursive CTE) in the sqlite3 shell.
// Timings are printed, not asserted (the machine is shared); the SQL and the engine must agree to the nano-dollar.
#include "BenchMonth.h"
#include "store/CallStore.h"
#include "whatif/NearIndex.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>
#include <algorithm>
#include <functional>
#include <ctime>
#include <unistd.h>

class BenchWhatif : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loadSnapshot();
    void replays();
    void keywordChange();
    void nearCache();
    void sqlReplay();
    void cleanupTestCase();

private:
    QString m_db;
    std::shared_ptr<const costdash::whatif::Snapshot> m_snapshot;
    costdash::pricing::PriceCatalog m_catalog;
    costdash::whatif::Scenario m_tiered;
    double m_engineMs = 0;
    QStringList m_report;
};

using namespace costdash;
using namespace costdash::whatif;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// CPU time of this process (all threads): the machine is shared by several jobs, so wall time says little.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// CPU time of the calling thread: on a busy machine, the calling thread's CPU time is a fair estimate of the wall
// time with two free cores when the work is split evenly (the other thread runs beside it).
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

QList<double> g_cpu; // CPU ms of the timeMs calls since the last cpuMedian()
QList<double> g_threadCpu; // calling thread's CPU ms of the same calls

double timeMs(const std::function<void()>& f)
{
    QElapsedTimer t;
    const double cpu0 = cpuMs();
    const double thread0 = threadCpuMs();
    t.start();
    f();
    g_cpu.append(cpuMs() - cpu0);
    g_threadCpu.append(threadCpuMs() - thread0);
    return double(t.nsecsElapsed()) / 1e6;
}

// Median CPU ms of the runs timed since the last call, for the report.
QString cpuMedian();

QList<double> timesMs(int n, const std::function<void()>& f)
{
    QList<double> out;
    for (int i = 0; i < n; ++i)
        out.append(timeMs(f));
    return out;
}

QString cpuMedian()
{
    QList<double> v = g_cpu;
    g_cpu.clear();
    g_threadCpu.clear();
    if (v.isEmpty())
        return {};
    return QStringLiteral("; CPU %1 ms").arg(median(v), 0, 'f', 2);
}

double rssMb()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return double(parts.value(1).toLongLong()) * double(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

// A digest of everything buildSnapshot() computes, to check that a faster load gives a bit-identical snapshot.
QByteArray digestOf(const SnapshotData& d)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto add = [&h](const auto& v) {
        h.addData(QByteArrayView(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * sizeof(v[0]))));
    };
    add(d.timestampMs), add(d.model), add(d.task), add(d.rawPrompt), add(d.key), add(d.modelKey);
    add(d.loggedDisplay), add(d.day), add(d.inputTokens), add(d.cachedInputTokens), add(d.cacheWriteTokens);
    add(d.outputTokens), add(d.baseline), add(d.flags), add(d.promptKey), add(d.modelKeyPrompt), add(d.modelKeyModel);
    add(d.modelKeyNext), add(d.modelKeyHead), add(d.modelDisplay), add(d.testedPairs), add(d.baselineByTask);
    add(d.baselineByDay), add(d.callsByTask), add(d.callsByDay);
    for (const store::TextArena* texts : {&d.prompts, &d.keyText}) {
        for (std::size_t i = 0; i < texts->size(); ++i) {
            const std::string_view v = texts->view(i);
            h.addData(QByteArrayView(v.data(), qsizetype(v.size())));
            h.addData(QByteArrayView("\0", 1));
        }
    }
    h.addData((d.models.join(u'\n') + d.tasks.join(u'\n') + d.displayModels.join(u'\n')).toUtf8());
    const std::int64_t scalars[] = {d.firstDay, d.dayCount, d.baselineTotal, d.unpricedCalls};
    h.addData(QByteArrayView(reinterpret_cast<const char*>(scalars), sizeof(scalars)));
    return h.result().toHex().left(16);
}

QString line(const char* what, double ms, const char* target)
{
    return QStringLiteral("%1 %2 ms wall%3   (target %4)").arg(QString::fromLatin1(what).leftJustified(52)).arg(ms, 9, 'f', 2)
        .arg(cpuMedian(), QLatin1String(target));
}

} // namespace

void BenchWhatif::initTestCase()
{
    QString why;
    m_db = bench::benchMonth(&why);
    QVERIFY2(!m_db.isEmpty(), qPrintable(why));
    QFile preset(QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/tiered-router.json"));
    QVERIFY(preset.open(QIODevice::ReadOnly));
    QString error;
    auto store = store::CallStore::open(m_db, &error);
    QVERIFY2(store, qPrintable(error));
    m_catalog = store->catalog();
    const auto tiered = parseScenario(preset.readAll(), m_catalog, &error);
    QVERIFY2(tiered, qPrintable(error));
    m_tiered = *tiered;
    m_report << QStringLiteral("store %1: %2 calls").arg(m_db).arg(store->callCount());
}

void BenchWhatif::loadSnapshot()
{
    // whatif::loadSnapshot() as the app and the CLI run it: the prompt keys are built while the calls are read.
    QList<double> total, cpu, thread, read, build;
    double rssDelta = 0;
    for (int run = 0; run < 5; ++run) {
        m_snapshot.reset();
        const double before = rssMb();
        QString error;
        total.append(timeMs([&] {
            auto store = store::CallStore::open(m_db, &error);
            m_snapshot = whatif::loadSnapshot(*store, m_catalog, &error);
        }));
        QVERIFY2(m_snapshot, qPrintable(error));
        if (run == 0)
            rssDelta = rssMb() - before;
        cpu.append(g_cpu.value(0));
        thread.append(g_threadCpu.value(0));
        g_cpu.clear();
        g_threadCpu.clear();
    }
    const QByteArray digest = digestOf(m_snapshot->data());
    // The two steps one after the other (store read, then build with every prompt interned there): the same
    // snapshot, for comparison.
    for (int run = 0; run < 3; ++run) {
        std::shared_ptr<const Snapshot> built;
        QString error;
        std::optional<store::CallColumns> columns;
        read.append(timeMs([&] {
            auto store = store::CallStore::open(m_db, &error);
            columns = store->loadColumns(&error);
        }));
        QVERIFY2(columns, qPrintable(error));
        build.append(timeMs([&] { built = buildSnapshot(std::move(*columns), m_catalog); }));
        QCOMPARE(digestOf(built->data()), digest);
        g_cpu.clear();
        g_threadCpu.clear();
    }
    m_report << line("load snapshot: store read + build (median of 5)", median(total), "<= 600 ms")
             << QStringLiteral("    CPU %1 ms, calling thread CPU %2 ms (the other core works beside it)")
                    .arg(median(cpu), 0, 'f', 1).arg(median(thread), 0, 'f', 1)
             << QStringLiteral("    without the overlap: loadColumns %1 ms wall, then buildSnapshot %2 ms wall (median of 3)")
                    .arg(median(read), 0, 'f', 1).arg(median(build), 0, 'f', 1)
             << QStringLiteral("snapshot memory: %1 MB counted (columns + indexes) + %2 MB prompt text (UTF-8); "
                               "RSS delta of the first load %3 MB   (target <= 150 MB plus prompt text)")
                    .arg(double(m_snapshot->memoryBytes()) / 1048576.0, 0, 'f', 1)
                    .arg(double(m_snapshot->promptTextBytes()) / 1048576.0, 0, 'f', 1)
                    .arg(rssDelta, 0, 'f', 1)
             << QStringLiteral("    %1 distinct prompts, %2 distinct normalized keys; snapshot digest %3")
                    .arg(m_snapshot->distinctPrompts()).arg(m_snapshot->distinctKeys())
                    .arg(QString::fromLatin1(digest));
}

void BenchWhatif::replays()
{
    if (!m_snapshot)
        loadSnapshot(); // when run alone
    Projection p;
    const double cold = timeMs([&] { p = replay(*m_snapshot, m_tiered); });
    const QString coldCpu = cpuMedian();
    m_engineMs = median(timesMs(21, [&] { p = replay(*m_snapshot, m_tiered); }));
    m_report << line("replay tiered router + exact cache + batch (median of 21)", m_engineMs, "<= 20 ms")
             << QStringLiteral("    first replay, router compiled from scratch: %1 ms wall%5; %2 hits, savings %3 of %4")
                    .arg(cold, 0, 'f', 1).arg(p.cacheHits).arg(money::formatUsd(p.savings()), money::formatUsd(p.baseline), coldCpu);
    Scenario cacheOnly;
    cacheOnly.cache = m_tiered.cache;
    m_report << line("replay exact cache only (median of 21)",
                     median(timesMs(21, [&] { replay(*m_snapshot, cacheOnly); })), "-");
    Scenario ttl = m_tiered;
    ttl.cache.ttlSeconds = 3600; // a TTL slider move: the router is already compiled
    m_report << line("replay after a TTL change (median of 21)", median(timesMs(21, [&] { replay(*m_snapshot, ttl); })), "<= 20 ms");
    QCOMPARE(p.cacheSavings + p.routingSavings + p.batchSavings, p.baseline - p.projected);
}

void BenchWhatif::keywordChange()
{
    if (!m_snapshot)
        loadSnapshot(); // when run alone
    QList<double> ms;
    for (int i = 0; i < 5; ++i) {
        Scenario s = m_tiered;
        // A keyword no earlier replay used: every distinct prompt is scanned for it, the masks and the per-call
        // routing are rebuilt.
        s.router->rules[2].when.promptContains.append(QStringLiteral("paraphrase%1").arg(i));
        ms.append(timeMs([&] { replay(*m_snapshot, s); }));
    }
    m_report << line("replay after a keyword change (median of 5)", median(ms), "<= 250 ms");
}

void BenchWhatif::nearCache()
{
    if (!m_snapshot)
        loadSnapshot(); // when run alone
    Scenario s = m_tiered;
    s.cache.mode = CacheMode::Near;
    s.cache.similarity = 0.9;
    Projection p;
    const double first = timeMs([&] { p = replay(*m_snapshot, s); });
    const double firstThread = g_threadCpu.last();
    const QString firstCpu = cpuMedian();
    const double warm = median(timesMs(5, [&] { p = replay(*m_snapshot, s); }));
    s.cache.similarity = 0.85;
    const QString warmLine = line("replay near cache, similarity 0.90 (median of 5)", warm, "<= 1000 ms");
    const double other = median(timesMs(5, [&] { replay(*m_snapshot, s); }));
    const QString otherCpu = cpuMedian();
    const auto index = m_snapshot->nearIndex(800'000);
    m_report << warmLine
             << QStringLiteral("    first near replay incl. building the neighbour index once: %1 ms wall%7; 0.85: %2 ms wall%8; "
                               "%3 near hits of %4; index: %5 neighbour pairs, %6 MB")
                    .arg(first, 0, 'f', 1).arg(other, 0, 'f', 1).arg(p.nearHits).arg(p.cacheHits)
                    .arg(index->pairCount()).arg(double(index->memoryBytes()) / 1048576.0, 0, 'f', 1).arg(firstCpu, otherCpu)
             << QStringLiteral("    first near replay, calling thread CPU: %1 ms (the other core works beside it)")
                    .arg(firstThread, 0, 'f', 1);
}

void BenchWhatif::sqlReplay()
{
    if (!m_snapshot)
        loadSnapshot(); // when run alone
    Scenario s = m_tiered;
    s.batch.taskTypes.clear(); // the SQL does exact cache + routing
    const Projection p = replay(*m_snapshot, s);
    const double engineMs = median(timesMs(21, [&] { replay(*m_snapshot, s); }));
    const QString engineLine = line("engine, same scenario (median of 21)", engineMs, "-");
    QFile sqlFile(QStringLiteral(COSTDASH_SOURCE_DIR "/tests/bench/whatif_replay.sql"));
    QVERIFY(sqlFile.open(QIODevice::ReadOnly));
    QByteArray sql = sqlFile.readAll();
    // The scenario's prices, resolved by the catalog (the SQL has no alias logic): one row per logged model and
    // per tier; the bundled catalog has one dated entry per model, in force for the whole demo month.
    QByteArray prices;
    const SnapshotData& d = m_snapshot->data();
    auto priceRow = [](const pricing::Price& price) -> QByteArray {
        return QByteArray::number(price.input) + ',' + QByteArray::number(price.output) + ','
            + QByteArray::number(price.cachedInput.value_or(price.input)) + ','
            + QByteArray::number(price.cacheWrite.value_or(price.input));
    };
    for (qsizetype m = 0; m < d.models.size(); ++m) {
        const auto display = std::size_t(d.modelDisplay[std::size_t(m)]);
        prices += "INSERT INTO logged VALUES(" + QByteArray::number(m + 1) + ",'" + d.displayModels.at(qsizetype(display)).toUtf8() + "');\n";
        if (const pricing::Price* price = pricing::PriceCatalog::priceIn(d.displayHistory[display], d.timestampMs.front()))
            prices += "INSERT INTO price VALUES(" + QByteArray::number(m + 1) + ',' + priceRow(*price) + ");\n";
    }
    for (auto it = s.router->tiers.begin(); it != s.router->tiers.end(); ++it) {
        const QString canonical = *m_catalog.resolve(it.value());
        prices += "INSERT INTO target VALUES('" + it.key().toUtf8() + "','" + canonical.toUtf8() + "',"
            + priceRow(*m_catalog.priceAt(canonical, d.timestampMs.front())) + ");\n";
    }
    sql.replace("-- @PRICES@", prices);
    sql.replace("@TTL_MS@", QByteArray::number(s.cache.ttlSeconds * 1000));
    QProcess sqlite;
    QByteArray out;
    const double sqlMs = timeMs([&] {
        sqlite.start(QStringLiteral("sqlite3"), {m_db});
        sqlite.write(sql);
        sqlite.closeWriteChannel();
        QVERIFY(sqlite.waitForFinished(3'600'000));
        out = sqlite.readAllStandardOutput().trimmed();
    });
    QVERIFY2(sqlite.exitCode() == 0, sqlite.readAllStandardError().constData());
    const QList<QByteArray> f = out.split('|');
    QCOMPARE(f.size(), 4);
    QCOMPARE(f[0].toLongLong(), p.calls);
    QCOMPARE(f[1].toLongLong(), p.baseline);
    QCOMPARE(f[3].toLongLong(), p.cacheHits);
    QCOMPARE(f[2].toLongLong(), p.projected);
    g_cpu.clear(); // the SQL runs in a child process: wall time only
    m_report << line("SQL replay, exact cache + routing, sqlite3 shell", sqlMs, "-") << engineLine
             << QStringLiteral("    SQL / engine: %1x   (target >= 100x); both: projected %2 nUSD, %3 hits")
                    .arg(sqlMs / engineMs, 0, 'f', 0).arg(p.projected).arg(p.cacheHits);
}

void BenchWhatif::cleanupTestCase()
{
    const QString text = QStringLiteral("\n== what-if benchmark ==\n") + m_report.join(u'\n') + u'\n';
    std::fputs(text.toUtf8().constData(), stdout);
}

QTEST_GUILESS_MAIN(BenchWhatif)
#include "tst_whatif_bench.moc"
