// services::Job: the one job pattern (result, progress, cancel, one job at a time, never outliving its object).
#include "platform/Platform.h"
#include "services/Job.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace costdash;

class TestJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handsOverTheResultOnItsThread();
    void reportsEachProgressInOrder();
    void cancelStopsTheWork();
    void refusesASecondStartWhileRunning();
    void startsAgainFromFinished();
    void destroyingCancelsAndWaits();
    void runsBelowTheCallersPriority();
};

void TestJob::handsOverTheResultOnItsThread()
{
    services::Job<QString> job;
    QThread* workerThread = nullptr;
    QThread* finishedOn = nullptr;
    connect(&job, &services::JobBase::finished, &job, [&] { finishedOn = QThread::currentThread(); });
    QSignalSpy finished(&job, &services::JobBase::finished);
    QVERIFY(job.start([&workerThread](services::JobControl&) {
        workerThread = QThread::currentThread();
        return QStringLiteral("forty-two");
    }));
    QVERIFY(job.isRunning());
    QVERIFY(finished.wait(5'000));
    QVERIFY(!job.isRunning());
    QCOMPARE(finishedOn, QThread::currentThread());
    QVERIFY(workerThread != QThread::currentThread());
    QCOMPARE(job.takeResult(), std::optional<QString>(QStringLiteral("forty-two")));
    QCOMPARE(job.takeResult(), std::optional<QString>()); // handed over once
    QCOMPARE(finished.count(), 1);
}

void TestJob::reportsEachProgressInOrder()
{
    services::Job<int> job;
    QSignalSpy progress(&job, &services::JobBase::progress);
    QSignalSpy finished(&job, &services::JobBase::finished);
    QVERIFY(job.start([](services::JobControl& control) {
        for (const int percent : {0, 10, 10, 50, 100})
            control.setProgress(percent);
        return 7;
    }));
    QVERIFY(finished.wait(5'000));
    QList<int> seen;
    for (const QList<QVariant>& args : progress)
        seen << args.at(0).toInt();
    QCOMPARE(seen, (QList<int>{0, 10, 50, 100})); // a repeated value once; all of them before finished
    QCOMPARE(job.takeResult(), std::optional<int>(7));
}

void TestJob::cancelStopsTheWork()
{
    services::Job<bool> job;
    QSignalSpy finished(&job, &services::JobBase::finished);
    std::atomic_bool started{false};
    QVERIFY(job.start([&started](services::JobControl& control) {
        started = true;
        QElapsedTimer timer;
        timer.start();
        while (!control.isCancelled() && timer.elapsed() < 30'000)
            QThread::msleep(1);
        return control.isCancelled();
    }));
    QTRY_VERIFY(started.load());
    QElapsedTimer timer;
    timer.start();
    job.cancel();
    QVERIFY(finished.wait(5'000));
    QVERIFY(timer.elapsed() < 2'000);
    QVERIFY(job.isCancelled());
    QCOMPARE(job.takeResult(), std::optional<bool>(true));
}

// One job at a time: a start() while one runs is refused, and changes nothing of the running one.
void TestJob::refusesASecondStartWhileRunning()
{
    services::Job<int> job;
    QSignalSpy finished(&job, &services::JobBase::finished);
    std::atomic_bool release{false};
    QVERIFY(job.start([&release](services::JobControl&) {
        while (!release.load())
            QThread::msleep(1);
        return 1;
    }));
    QVERIFY(!job.start([](services::JobControl&) { return 2; }));
    release = true;
    QVERIFY(finished.wait(5'000));
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.takeResult(), std::optional<int>(1));
}

// finished() comes once the worker has ended, so its slot may start the next job at once.
void TestJob::startsAgainFromFinished()
{
    services::Job<int> job;
    QList<int> results;
    bool runningInFinished = false;
    connect(&job, &services::JobBase::finished, &job, [&] {
        runningInFinished = runningInFinished || job.isRunning();
        results << job.takeResult().value_or(-1);
        if (results.size() == 1)
            QVERIFY(job.start([](services::JobControl&) { return 2; }));
    });
    QVERIFY(job.start([](services::JobControl&) { return 1; }));
    QTRY_COMPARE(results.size(), 2);
    QCOMPARE(results, (QList<int>{1, 2}));
    QVERIFY(!runningInFinished);
    QTRY_VERIFY(!job.isRunning());
}

void TestJob::destroyingCancelsAndWaits()
{
    std::atomic_bool ended{false};
    auto job = std::make_unique<services::Job<int>>();
    QVERIFY(job->start([&ended](services::JobControl& control) {
        while (!control.isCancelled())
            QThread::msleep(1);
        ended = true;
        return 0;
    }));
    QTest::qWait(20);
    job.reset();
    QVERIFY(ended.load()); // the worker ended before the job did
    QTest::qWait(50);      // and no event reaches the gone job
}

// The UI thread gets a core first when a job competes with it for one.
void TestJob::runsBelowTheCallersPriority()
{
    services::Job<int> job;
    QSignalSpy finished(&job, &services::JobBase::finished);
    QVERIFY(job.start([](services::JobControl&) { return platform::thisThreadNice(); }));
    QVERIFY(finished.wait(10'000));
#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
    QCOMPARE(job.takeResult().value_or(-1), std::max(platform::kWorkerNice, platform::thisThreadNice()));
#else
    QCOMPARE(job.takeResult().value_or(-1), 0);
#endif
}

QTEST_GUILESS_MAIN(TestJob)
#include "tst_job.moc"
