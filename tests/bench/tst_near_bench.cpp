// Near-mode benchmark on templated prompts (CTest label `bench`; issue 9, case 9). Prints, not asserts:
// 1. growth: the first near replay (neighbour index + replay) in process, on months of 5,000 to 40,000 templated
//    calls (COSTDASH_NEAR_GROWTH="5000,10000" overrides), with the ratio per doubling;
// 2. million: `costdash whatif` on a store of COSTDASH_NEAR_ROWS (default 1,000,000) templated calls, exact vs
//    near, wall time and peak RSS of each process (GNU time), medians of COSTDASH_NEAR_RUNS (default 5) runs.
#include "../unit/TemplatedMonth.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <ctime>

using namespace costdash;

class BenchNear : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void growth();
    void million();
    void cleanupTestCase();

private:
    QStringList m_report;
};

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// CPU time of this process, all threads: the machine is shared, so wall time alone says little.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

whatif::Scenario cacheScenario(whatif::CacheMode mode)
{
    whatif::Scenario s;
    s.name = QStringLiteral("bench");
    s.cache.mode = mode;
    s.cache.ttlSeconds = 86'400;
    s.cache.similarity = 0.8;
    return s;
}

QByteArray scenarioFile(whatif::CacheMode mode)
{
    return whatif::toJson(cacheScenario(mode));
}

struct Run {
    double wallMs = 0;
    double peakMb = 0;
    double cpuMs = 0; // user + system, all threads
    QJsonObject json;
};

// One `costdash whatif` process under GNU time: its wall time and peak RSS.
Run timedWhatif(const QString& db, const QString& scenario)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/time"), {QStringLiteral("-f"), QStringLiteral("%e %M %U %S"), QStringLiteral(COSTDASH_BINARY),
                                               QStringLiteral("whatif"), QStringLiteral("--db"), db,
                                               QStringLiteral("--scenario"), scenario, QStringLiteral("--json")});
    if (!p.waitForFinished(3'600'000) || p.exitCode() != 0)
        qFatal("whatif failed: %s", p.readAllStandardError().constData());
    const QList<QByteArray> timeLine = p.readAllStandardError().trimmed().split('\n').last().split(' ');
    Run run;
    run.wallMs = timeLine.value(0).toDouble() * 1000;
    run.peakMb = timeLine.value(1).toDouble() / 1024;
    run.cpuMs = (timeLine.value(2).toDouble() + timeLine.value(3).toDouble()) * 1000;
    run.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    return run;
}

} // namespace

void BenchNear::growth()
{
    const QByteArray sizes = qEnvironmentVariableIsSet("COSTDASH_NEAR_GROWTH") ? qgetenv("COSTDASH_NEAR_GROWTH")
                                                                                  : "5000,10000,20000,40000";
    const pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    double previous = 0;
    for (const QByteArray& size : sizes.split(',')) {
        const auto snapshot = whatif::buildSnapshot(test::templatedColumns(size.toLongLong()), catalog);
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = cpuMs();
        const whatif::Projection p = whatif::replay(*snapshot, cacheScenario(whatif::CacheMode::Near));
        const double cpu = cpuMs() - cpu0;
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        m_report << QStringLiteral("first near replay, %1 templated calls (%2 distinct prompts): %3 ms wall, CPU %4 ms%5; "
                                   "%6 hits, %7 near, %8 near lookups capped")
                        .arg(QString::fromLatin1(size)).arg(snapshot->distinctKeys()).arg(ms, 0, 'f', 1).arg(cpu, 0, 'f', 1)
                        .arg(previous > 0 ? QStringLiteral(" (CPU x%1 for x2 calls)").arg(cpu / previous, 0, 'f', 1) : QString())
                        .arg(p.cacheHits).arg(p.nearHits).arg(p.nearCappedCalls);
        previous = cpu;
    }
}

void BenchNear::million()
{
    const QByteArray rows = qEnvironmentVariableIsSet("COSTDASH_NEAR_ROWS") ? qgetenv("COSTDASH_NEAR_ROWS") : "1000000";
    const int runs = qEnvironmentVariableIsSet("COSTDASH_NEAR_RUNS") ? qEnvironmentVariableIntValue("COSTDASH_NEAR_RUNS") : 5;
    const QString dir = QFileInfo(QStringLiteral(COSTDASH_BINARY)).absolutePath();
    const QString db = dir + QStringLiteral("/near-bench-%1.db").arg(QString::fromLatin1(rows));
    if (!QFileInfo::exists(db)) {
        const QString csv = dir + QStringLiteral("/near-bench-%1.csv").arg(QString::fromLatin1(rows));
        QFile out(csv);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(test::templatedCsv(rows.toLongLong()));
        out.close();
        QProcess import;
        import.start(QStringLiteral(COSTDASH_BINARY), {QStringLiteral("import"), csv, QStringLiteral("--db"), db});
        QVERIFY(import.waitForFinished(600'000));
        QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
        QFile::remove(csv);
    }
    QTemporaryDir tmp;
    for (const auto mode : {whatif::CacheMode::Exact, whatif::CacheMode::Near}) {
        const bool near = mode == whatif::CacheMode::Near;
        const QString scenario = tmp.filePath(near ? QStringLiteral("near.json") : QStringLiteral("exact.json"));
        QFile f(scenario);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(scenarioFile(mode));
        f.close();
        QList<double> wall, peak, cpu;
        Run last;
        for (int i = 0; i < runs; ++i) {
            last = timedWhatif(db, scenario);
            wall.append(last.wallMs);
            peak.append(last.peakMb);
            cpu.append(last.cpuMs);
        }
        m_report << QStringLiteral("costdash whatif, %1 mode, %2 templated calls (median of %3): %4 ms wall, CPU %5 ms, "
                                   "peak RSS %6 MB; replay_ms %7; %8 hits, %9 near, %10 near lookups capped")
                        .arg(near ? QStringLiteral("near ") : QStringLiteral("exact"), QString::fromLatin1(rows))
                        .arg(runs).arg(median(wall), 0, 'f', 0).arg(median(cpu), 0, 'f', 0).arg(median(peak), 0, 'f', 0)
                        .arg(last.json.value(QStringLiteral("replay_ms")).toDouble(), 0, 'f', 1)
                        .arg(last.json.value(QStringLiteral("cache_hits")).toInteger())
                        .arg(last.json.value(QStringLiteral("near_hits")).toInteger())
                        .arg(last.json.value(QStringLiteral("near_capped_calls")).toInteger());
    }
}

void BenchNear::cleanupTestCase()
{
    const QString text = QStringLiteral("\n== near-mode benchmark ==\n") + m_report.join(u'\n') + u'\n';
    std::fputs(text.toUtf8().constData(), stdout);
}

QTEST_GUILESS_MAIN(BenchNear)
#include "tst_near_bench.moc"
