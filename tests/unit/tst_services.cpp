// The window's services against a real SQLite store: the store thread's summaries and snapshot, the replay
// runner (golden projections, stale results dropped), and the import job's report.
#include "CliRunner.h"
#include "importers/ImportService.h"
#include "services/ImportJob.h"
#include "services/ReplayRunner.h"
#include "services/StoreService.h"
#include "StoreFiles.h"
#include "TemplatedMonth.h"
#include "TestFiles.h"
#include "uitest_fixtures.h"
#include "whatif/Replay.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

using namespace costdash;

namespace {

whatif::Scenario exactCache(std::int64_t ttlSeconds)
{
    whatif::Scenario scenario;
    scenario.name = QStringLiteral("test");
    scenario.cache.mode = whatif::CacheMode::Exact;
    scenario.cache.ttlSeconds = ttlSeconds;
    return scenario;
}

// The first value a StoreService opened on `path` delivers through `signal` (nullopt after 10 s).
template<typename Value>
std::optional<Value> firstFromService(const QString& path, void (services::StoreService::*signal)(const Value&))
{
    services::StoreService service;
    std::optional<Value> value;
    QObject receiver;
    QObject::connect(&service, signal, &receiver, [&value](const Value& v) {
        if (!value)
            value = v;
    });
    service.open(path);
    return QTest::qWaitFor([&value] { return value.has_value(); }, 10'000) ? value : std::nullopt;
}

} // namespace

class TestServices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storeServiceSummarizesTheMonth();
    void storeServiceLoadsTheSnapshot();
    void storeServiceReportsAnUnopenableStore();
    void storeServiceRefusesTotalsBeyondInt64();
    void storeServiceNeverCreatesTheStore();
    void storeServiceNamesUnreadablePrices();
    void storeServiceSeesAnotherProcessImport();
    void replayRunnerGivesGoldenProjections_data();
    void replayRunnerGivesGoldenProjections();
    void replayRunnerDropsStaleResults();
    void replayRunnerDropsResultsOfAnOldMonth();
    void replayRunnerFreesTheOldMonthOffItsThread();
    void replayRunnerCancelsASupersededReplay();
    void replayRunnerCancelsItsReplayWhenDestroyed();
    void replayRunnerCancelsARealNearReplay();
    void importJobReportsBadRows();
    void importJobImportsSeveralFiles();
    void importJobFinishesAfterItsWorker();
    void makeReportFoldsFiles();

private:
    std::shared_ptr<const whatif::Snapshot> loadSnapshot();

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestServices::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(QStringLiteral("known.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(m_dbPath, &error), qPrintable(error));
}

std::shared_ptr<const whatif::Snapshot> TestServices::loadSnapshot()
{
    services::StoreService service;
    QSignalSpy spy(&service, &services::StoreService::snapshotReady);
    std::shared_ptr<const whatif::Snapshot> snapshot;
    connect(&service, &services::StoreService::snapshotReady, this,
            [&snapshot](const services::SnapshotBundle& bundle) { snapshot = bundle.snapshot; });
    service.open(m_dbPath);
    if (!spy.wait(10'000))
        return nullptr;
    return snapshot;
}

void TestServices::storeServiceSummarizesTheMonth()
{
    services::StoreService service;
    std::optional<services::Overview> overview;
    connect(&service, &services::StoreService::overviewReady, this,
            [&overview](const services::Overview& value) { overview = value; });
    QSignalSpy opened(&service, &services::StoreService::opened);
    QSignalSpy busy(&service, &services::StoreService::busyChanged);
    service.open(m_dbPath);
    QVERIFY(!overview); // nothing is answered synchronously: the UI thread never waits
    QTRY_VERIFY_WITH_TIMEOUT(overview.has_value(), 10'000);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(overview->byModel.calls, 6);
    QCOMPARE(overview->byModel.cost, uitest::kTotal);
    QCOMPARE(overview->byModel.unpricedCalls, 1);
    QCOMPARE(overview->byModel.unpricedModels, QStringList{QStringLiteral("mystery-model-x")});
    QCOMPARE(overview->byModel.groups.size(), 3);
    QCOMPARE(overview->byModel.groups.at(0).key, QStringLiteral("gpt-4o"));
    QCOMPARE(overview->byModel.groups.at(0).cost, money::Nanos(5'000'000'000));
    QCOMPARE(overview->byTask.groups.at(0).key, QStringLiteral("summarization"));
    QCOMPARE(overview->byTask.groups.at(0).cost, money::Nanos(2'700'000'000));
    QCOMPARE(overview->byDay.groups.size(), 4);
    QCOMPARE(overview->byDay.groups.at(0).key, QStringLiteral("2025-11-03"));
    QCOMPARE(overview->byDay.groups.at(0).cost, money::Nanos(2'500'000'000));
    QTRY_COMPARE_WITH_TIMEOUT(busy.count(), 2, 10'000); // busy, then idle once the snapshot is in
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
}

void TestServices::storeServiceLoadsTheSnapshot()
{
    const auto bundle = firstFromService(m_dbPath, &services::StoreService::snapshotReady);
    QVERIFY(bundle.has_value());
    QVERIFY(bundle->snapshot);
    QCOMPARE(bundle->calls, 6);
    QCOMPARE(bundle->taskTypes,
             (QStringList{QStringLiteral("chat"), QStringLiteral("classification"), QStringLiteral("summarization")}));
    QVERIFY(bundle->catalog.resolve(u"gpt-4o").has_value());
}

// The window on a store that does not exist yet shows an empty month and creates nothing (the first import does).
void TestServices::storeServiceNeverCreatesTheStore()
{
    const QString path = m_dir.filePath(QStringLiteral("not-yet.db"));
    services::StoreService service;
    std::optional<services::Overview> overview;
    connect(&service, &services::StoreService::overviewReady, this,
            [&overview](const services::Overview& value) { overview = value; });
    QSignalSpy snapshot(&service, &services::StoreService::snapshotReady);
    service.open(path);
    QVERIFY(snapshot.wait(10'000));
    QCOMPARE(overview->byModel.calls, 0);
    QVERIFY(!QFile::exists(path));
}

// A stored price the store cannot read comes with the overview as a warning the window shows, never silently.
void TestServices::storeServiceNamesUnreadablePrices()
{
    const QString path = m_dir.filePath(QStringLiteral("bad-price.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(path, &error), qPrintable(error));
    QVERIFY(testing::execOn(path, QStringLiteral("INSERT INTO price_overrides(model, effective_from, entry_json, "
                                                 "saved_ms) VALUES('gpt-4o', 0, '{\"model\": \"gpt-4o\"}', 0)")));
    const auto overview = firstFromService(path, &services::StoreService::overviewReady);
    QVERIFY(overview.has_value());
    QCOMPARE(overview->warnings.size(), 1);
    QVERIFY2(overview->warnings.at(0).startsWith(QStringLiteral("the store's price for gpt-4o cannot be read (")),
             qPrintable(overview->warnings.at(0)));
    QCOMPARE(overview->byModel.cost, uitest::kTotal); // the bundled price, as without the override
}

// An import in another process commits: the service notices and shows its calls without being asked.
void TestServices::storeServiceSeesAnotherProcessImport()
{
    const QString path = m_dir.filePath(QStringLiteral("watched.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(path, &error), qPrintable(error));
    services::StoreService service;
    std::optional<services::Overview> overview;
    connect(&service, &services::StoreService::overviewReady, this,
            [&overview](const services::Overview& value) { overview = value; });
    service.open(path);
    QTRY_VERIFY_WITH_TIMEOUT(overview.has_value(), 10'000);
    QCOMPARE(overview->byModel.calls, 6);
    const QString csv = testing::writeFile(m_dir, QStringLiteral("more.csv"),
        "timestamp,model,input_tokens,output_tokens,cost_usd\n"
        "2025-11-05T10:00:00Z,gpt-4o,1000,200,0.25\n"
        "2025-11-05T11:00:00Z,gpt-4o,1000,200,0.25\n");
    const testing::CliResult import = testing::runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), path});
    QVERIFY2(import.exitCode == 0, import.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(overview->byModel.calls, 8, 10'000);
    QCOMPARE(overview->byModel.cost, uitest::kTotal + 500'000'000);
}

void TestServices::storeServiceReportsAnUnopenableStore()
{
    services::StoreService service;
    QSignalSpy failed(&service, &services::StoreService::failed);
    QSignalSpy opened(&service, &services::StoreService::opened);
    service.open(testing::writeFile(m_dir, QStringLiteral("garbage.db"), QByteArray(4096, 'x')));
    QVERIFY(failed.wait(10'000));
    QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("garbage.db")));
    QCOMPARE(opened.count(), 0);
}

// The window gets the one sentence, never a wrapped overview: 9,224 calls logged at $1,000,000 each.
void TestServices::storeServiceRefusesTotalsBeyondInt64()
{
    QByteArray csv = "timestamp,model,input_tokens,output_tokens,cost_usd\n";
    for (int i = 0; i < 9'224; ++i)
        csv += "2025-11-03T10:00:00Z,model-" + QByteArray::number(i % 10) + ",1,1,1000000\n";
    const QString db = m_dir.filePath(QStringLiteral("beyond.db"));
    const testing::CliResult imported = testing::runCli(
        {QStringLiteral("import"), testing::writeFile(m_dir, QStringLiteral("beyond.csv"), csv), QStringLiteral("--db"), db});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    services::StoreService service;
    QSignalSpy failed(&service, &services::StoreService::failed);
    QSignalSpy overview(&service, &services::StoreService::overviewReady);
    service.open(db);
    QVERIFY(failed.wait(10'000));
    QCOMPARE(failed.at(0).at(0).toString(), money::totalOutOfRange());
    QCOMPARE(overview.count(), 0);
}

void TestServices::replayRunnerGivesGoldenProjections_data()
{
    QTest::addColumn<qint64>("ttlSeconds");
    QTest::addColumn<qint64>("projected");
    QTest::addColumn<qint64>("hits");
    QTest::newRow("ttl 0") << qint64(0) << qint64(uitest::kTotal) << qint64(0);
    QTest::newRow("ttl 1 h") << qint64(3600) << qint64(uitest::kProjectedTtl1h) << qint64(1);
    QTest::newRow("ttl 24 h") << qint64(86400) << qint64(uitest::kProjectedTtl1h) << qint64(1);
    QTest::newRow("ttl 7 d") << qint64(7 * 86400) << qint64(uitest::kProjectedTtl7d) << qint64(2);
}

void TestServices::replayRunnerGivesGoldenProjections()
{
    QFETCH(qint64, ttlSeconds);
    QFETCH(qint64, projected);
    QFETCH(qint64, hits);
    const auto snapshot = loadSnapshot();
    QVERIFY(snapshot);
    services::ReplayRunner runner;
    runner.setSnapshot(snapshot);
    QSignalSpy ready(&runner, &services::ReplayRunner::projectionReady);
    runner.run(exactCache(ttlSeconds));
    QVERIFY(ready.wait(10'000));
    const auto projection = ready.at(0).at(0).value<whatif::Projection>();
    QCOMPARE(projection.baseline, uitest::kTotal);
    QCOMPARE(projection.projected, projected);
    QCOMPARE(projection.cacheHits, hits);
    QCOMPARE(projection.cacheSavings, uitest::kTotal - projected);
}

void TestServices::replayRunnerDropsStaleResults()
{
    const auto snapshot = whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled());
    std::atomic_int replays{0};
    // A slow replay that tags its answer with the TTL it was asked for.
    services::ReplayRunner runner(nullptr, [&replays](const whatif::Snapshot&, const whatif::Scenario& scenario,
                                                      const std::atomic<bool>&) -> std::optional<whatif::Projection> {
        ++replays;
        QThread::msleep(100);
        whatif::Projection projection;
        projection.baseline = scenario.cache.ttlSeconds;
        return projection;
    });
    runner.setSnapshot(snapshot);
    QSignalSpy ready(&runner, &services::ReplayRunner::projectionReady);
    runner.run(exactCache(1));
    runner.run(exactCache(2)); // waits, then is replaced by the next one before it starts
    const std::uint64_t newest = runner.run(exactCache(3));
    QVERIFY(ready.wait(5'000));
    QTest::qWait(300); // nothing else may arrive
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).value<whatif::Projection>().baseline, 3);
    QCOMPARE(ready.at(0).at(1).value<quint64>(), newest);
    QCOMPARE(replays.load(), 2);        // 1 ran, 2 was never started, 3 ran
    QCOMPARE(runner.droppedCount(), 1); // the answer for 1 arrived after 3 was asked for
    QVERIFY(!runner.isRunning());
}

void TestServices::replayRunnerDropsResultsOfAnOldMonth()
{
    const auto snapshot = whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled());
    services::ReplayRunner runner(nullptr, [](const whatif::Snapshot&, const whatif::Scenario&,
                                              const std::atomic<bool>&) -> std::optional<whatif::Projection> {
        QThread::msleep(100); // does not look at the cancel flag: its result must still be dropped
        return whatif::Projection{};
    });
    runner.setSnapshot(snapshot);
    QSignalSpy ready(&runner, &services::ReplayRunner::projectionReady);
    QSignalSpy running(&runner, &services::ReplayRunner::runningChanged);
    runner.run(exactCache(1));
    runner.setSnapshot(snapshot); // a new month arrives while the old one replays
    QTRY_COMPARE_WITH_TIMEOUT(running.count(), 2, 5'000);
    QTest::qWait(100);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(runner.droppedCount(), 1);
}

// Freeing a million-call month takes tens of ms: a new month must not make the UI thread free the old one.
void TestServices::replayRunnerFreesTheOldMonthOffItsThread()
{
    std::mutex mutex;
    std::optional<std::thread::id> freedOn; // under mutex
    auto built = whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled());
    const whatif::Snapshot* raw = built.get();
    // The tracked handle's deleter runs where its last owner lets go, and drops the month there.
    std::shared_ptr<const whatif::Snapshot> tracked(raw, [built = std::move(built), &mutex, &freedOn](const whatif::Snapshot*) mutable {
        const std::lock_guard lock(mutex);
        freedOn = std::this_thread::get_id();
        built.reset();
    });
    services::ReplayRunner runner;
    runner.setSnapshot(std::move(tracked)); // no replay holds it: the runner is its last owner
    runner.setSnapshot(whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled()));
    const auto freed = [&] {
        const std::lock_guard lock(mutex);
        return freedOn;
    };
    QTRY_VERIFY_WITH_TIMEOUT(freed().has_value(), 5'000);
    QVERIFY(*freed() != std::this_thread::get_id());
}

namespace {

// A replay of up to 30 s for TTL 1 that stops as soon as it is cancelled; a quick one for any other TTL.
services::ReplayRunner::ReplayFunction longFirstReplay(std::atomic_int& cancelled)
{
    return [&cancelled](const whatif::Snapshot&, const whatif::Scenario& scenario,
                        const std::atomic<bool>& cancel) -> std::optional<whatif::Projection> {
        if (scenario.cache.ttlSeconds == 1) {
            QElapsedTimer timer;
            timer.start();
            while (!cancel.load() && timer.elapsed() < 30'000)
                QThread::msleep(1);
            if (cancel.load()) {
                ++cancelled;
                return std::nullopt;
            }
        }
        whatif::Projection projection;
        projection.baseline = scenario.cache.ttlSeconds;
        return projection;
    };
}

} // namespace

void TestServices::replayRunnerCancelsASupersededReplay()
{
    const auto snapshot = whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled());
    std::atomic_int cancelled{0};
    services::ReplayRunner runner(nullptr, longFirstReplay(cancelled));
    runner.setSnapshot(snapshot);
    QSignalSpy ready(&runner, &services::ReplayRunner::projectionReady);
    runner.run(exactCache(1));
    QVERIFY(runner.isRunning());
    QTest::qWait(50); // the long replay is under way
    QElapsedTimer timer;
    timer.start();
    const std::uint64_t newest = runner.run(exactCache(2)); // a newer knob position
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5'000);
    QVERIFY2(timer.elapsed() < 2'000, qPrintable(QString::number(timer.elapsed()))); // not queued behind 30 s
    QCOMPARE(ready.at(0).at(0).value<whatif::Projection>().baseline, 2);
    QCOMPARE(ready.at(0).at(1).value<quint64>(), newest);
    QCOMPARE(cancelled.load(), 1);
    QCOMPARE(runner.cancelledCount(), 1);
    QTRY_VERIFY(!runner.isRunning());
}

void TestServices::replayRunnerCancelsItsReplayWhenDestroyed()
{
    const auto snapshot = whatif::buildSnapshot(store::CallColumns{}, pricing::PriceCatalog::bundled());
    std::atomic_int cancelled{0};
    auto runner = std::make_unique<services::ReplayRunner>(nullptr, longFirstReplay(cancelled));
    runner->setSnapshot(snapshot);
    runner->run(exactCache(1));
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    runner.reset(); // as when the window goes
    QVERIFY2(timer.elapsed() < 2'000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(cancelled.load(), 1);
}

void TestServices::replayRunnerCancelsARealNearReplay()
{
    // The engine's own replay: a near replay of a templated month, superseded at once by an exact one.
    const auto snapshot = whatif::buildSnapshot(test::templatedColumns(20'000), pricing::PriceCatalog::bundled());
    services::ReplayRunner runner;
    runner.setSnapshot(snapshot);
    QSignalSpy ready(&runner, &services::ReplayRunner::projectionReady);
    whatif::Scenario near = exactCache(86'400);
    near.cache.mode = whatif::CacheMode::Near;
    runner.run(near);
    const std::uint64_t newest = runner.run(exactCache(86'400));
    QVERIFY(ready.wait(10'000));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(1).value<quint64>(), newest);
    const auto exact = ready.at(0).at(0).value<whatif::Projection>();
    QCOMPARE(exact.nearHits, 0);
    QCOMPARE(exact.projected, whatif::replay(*snapshot, exactCache(86'400)).projected);
    QCOMPARE(runner.cancelledCount(), 1);
}

void TestServices::importJobReportsBadRows()
{
    const QString db = m_dir.filePath(QStringLiteral("import.db"));
    const QString csv = testing::writeFile(m_dir, QStringLiteral("calls.csv"),
        "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success\n"
        "2025-11-03T10:00:00Z,gpt-4o,1000,200,900,0.25,classification,true\n"
        "2025-11-03T11:00:00Z,gpt-4o,not-a-number,200,900,0.25,classification,true\n"
        "2025-11-03T12:00:00Z,gpt-4o-mini,1000,200,900,0.05,summarization,true\n");
    services::ImportJob job;
    QSignalSpy finished(&job, &services::ImportJob::finished);
    QVERIFY(job.start(db, {csv}));
    QVERIFY(finished.wait(20'000));
    const auto report = finished.at(0).at(0).value<services::ImportReport>();
    QCOMPARE(report.files, 1);
    QCOMPARE(report.imported, 2);
    QCOMPARE(report.skipped, 1);
    QCOMPARE(report.problems.size(), 1);
    QCOMPARE(report.problems.at(0).file, QStringLiteral("calls.csv"));
    QCOMPARE(report.problems.at(0).line, 3);
    QVERIFY(report.problems.at(0).reason.contains(QStringLiteral("input_tokens")));
    QVERIFY(!report.cancelled);
}

void TestServices::makeReportFoldsFiles()
{
    importers::FileImportResult a;
    a.path = QStringLiteral("/tmp/a.csv");
    a.counts.imported = 10;
    a.counts.skipped = 2;
    a.errors = {{4, QStringLiteral("bad timestamp")}, {9, QStringLiteral("bad model")}};
    a.unpricedModels = {QStringLiteral("zeta"), QStringLiteral("alpha")};
    importers::FileImportResult b;
    b.path = QStringLiteral("/tmp/b.jsonl");
    b.error = QStringLiteral("not UTF-8");
    b.unpricedModels = {QStringLiteral("alpha")};
    importers::FileImportResult c;
    c.path = QStringLiteral("/tmp/c.csv");
    c.alreadyImported = true;
    c.counts.duplicates = 5;
    importers::FileImportResult d; // identical rows inside a file are imported; overlaps are not
    d.path = QStringLiteral("/tmp/d.csv");
    d.counts.imported = 7;
    d.counts.duplicates = 2;
    d.counts.overlaps = 4;
    const services::ImportReport report = services::makeReport({a, b, c, d});
    QCOMPARE(report.files, 4);
    QCOMPARE(report.imported, 17);
    QCOMPARE(report.skipped, 2);
    QCOMPARE(report.duplicates, 5);
    QCOMPARE(report.identicalRows, 2);
    QCOMPARE(report.overlaps, 4);
    QCOMPARE(report.alreadyImportedFiles, 1);
    QCOMPARE(report.unpricedModels, (QStringList{QStringLiteral("alpha"), QStringLiteral("zeta")}));
    QCOMPARE(report.problems.size(), 3);
    QCOMPARE(report.problems.at(0).file, QStringLiteral("b.jsonl")); // whole-file failures first
    QCOMPARE(report.problems.at(0).line, 0);
    QCOMPARE(report.problems.at(1).line, 4);
    QCOMPARE(report.problems.at(2).reason, QStringLiteral("bad model"));
}

namespace {

const QByteArray kCsvHeader = "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";

QByteArray goodCsvRow(int i)
{
    return "2025-10-01T00:00:" + QByteArray::number(10 + i % 50) + "Z,gpt-4o,100,20,812,0.00045,chat,true,\"hi, " +
           QByteArray::number(i) + "\"\n";
}

QByteArray goodCsv(int from, int to)
{
    QByteArray csv = kCsvHeader;
    for (int i = from; i < to; ++i)
        csv += goodCsvRow(i);
    return csv;
}

} // namespace

void TestServices::importJobImportsSeveralFiles()
{
    QTemporaryDir dir;
    const QString path = testing::writeFile(dir, QStringLiteral("a.csv"), goodCsv(0, 500));
    const QString missing = dir.filePath(QStringLiteral("missing.csv"));
    services::ImportJob job;
    QSignalSpy progress(&job, &services::ImportJob::progress);
    QSignalSpy finished(&job, &services::ImportJob::finished);
    importers::ImportOptions options;
    options.batchRows = 100;
    QVERIFY(job.start(dir.filePath(QStringLiteral("store.db")), {path, missing}, options));
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!job.isRunning());
    const auto report = finished[0][0].value<services::ImportReport>();
    QCOMPARE(report.files, 2);
    QCOMPARE(report.imported, 500);
    QCOMPARE(report.problems.size(), 1);
    QCOMPARE(report.problems[0].file, QStringLiteral("missing.csv"));
    QCOMPARE(report.problems[0].reason, missing + QStringLiteral(": no such file"));
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.last()[0].toInt(), 50); // the first of two files done
}

// `finished` comes on the job's thread once its worker has ended, so the next import started from its handler
// never runs beside the old worker (the running flag used to be cleared, and `finished` emitted, by the worker).
void TestServices::importJobFinishesAfterItsWorker()
{
    QTemporaryDir dir;
    const QString first = testing::writeFile(dir, QStringLiteral("a.csv"), goodCsv(0, 50));
    const QString second = testing::writeFile(dir, QStringLiteral("b.csv"), goodCsv(100, 151));
    const QString dbPath = dir.filePath(QStringLiteral("store.db"));
    services::ImportJob job;
    QList<services::ImportReport> reports;
    bool onJobThread = true;
    bool runningWhileFinishing = false;
    bool secondStarted = false;
    connect(
        &job, &services::ImportJob::finished, &job,
        [&](const services::ImportReport& report) {
            onJobThread = onJobThread && QThread::currentThread() == job.thread();
            runningWhileFinishing = runningWhileFinishing || job.isRunning();
            reports += report;
            if (reports.size() == 1)
                secondStarted = job.start(dbPath, {second});
        },
        Qt::DirectConnection);
    QVERIFY(job.start(dbPath, {first}));
    QVERIFY(job.isRunning());
    QVERIFY(!job.start(dbPath, {second})); // one job at a time
    QTRY_COMPARE(reports.size(), 2);
    QTRY_VERIFY(!job.isRunning());
    QVERIFY(onJobThread);
    QVERIFY(!runningWhileFinishing);
    QVERIFY(secondStarted);
    QCOMPARE(reports[0].imported, 50);
    QCOMPARE(reports[1].imported, 51);
    QCOMPARE(reports[1].overlaps, 0);
}

QTEST_GUILESS_MAIN(TestServices)
#include "tst_services.moc"
