#pragma once
// The one job pattern for long work off the UI thread: start(work) runs work(JobControl&) on a thread of its own;
// progress(int) and finished() come on the job's thread, and result() hands over the value the work returned.
// cancel() sets the flag the work polls. A start() while a job runs is refused (false): a caller that wants the
// newest request (ReplayRunner) cancels and starts again on finished(). isRunning() stays true until finished()
// is emitted, and the worker has ended by then, so a slot of finished() may start the next job.
// The hand-off is visible to ThreadSanitizer: the worker publishes progress and the result under m_mutex, then
// wakes the job's thread through a Mailbox; that thread takes m_mutex to read them and joins the worker before
// finished().
#include "services/Mailbox.h"

#include <QObject>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace costdash::services {

class JobControl {
public:
    bool isCancelled() const { return m_cancel.load(std::memory_order_relaxed); }
    const std::atomic_bool& cancelFlag() const { return m_cancel; }
    // Usually 0..100; the job emits each value that differs from the one before, in order.
    void setProgress(int percent) { m_report(percent); }

private:
    friend class JobBase;
    JobControl(const std::atomic_bool& cancel, std::function<void(int)> report)
        : m_cancel(cancel), m_report(std::move(report))
    {
    }
    const std::atomic_bool& m_cancel;
    std::function<void(int)> m_report;
};

class JobBase : public QObject {
    Q_OBJECT
public:
    explicit JobBase(QObject* parent = nullptr);
    // Cancels the running work and waits for it.
    ~JobBase() override;

    bool isRunning() const { return m_running; }
    void cancel() { m_cancel.store(true); }
    // Whether the running (or the last) job was asked to stop.
    bool isCancelled() const { return m_cancel.load(); }
    // Blocks until the worker has ended (finished() still comes through the event loop): destructors and tests.
    void waitForFinished();

Q_SIGNALS:
    void progress(int percent);
    void finished();

protected:
    // `work` runs on the worker thread; it must publish its result under lock() before it returns.
    bool startWork(std::function<void(JobControl&)> work);
    // Derived classes whose members the work writes call this first in their destructor.
    void cancelAndWait();
    std::unique_lock<std::mutex> lock() { return std::unique_lock(m_mutex); }

private:
    void report(int percent, bool done);
    void deliver();

    std::thread m_thread;
    Mailbox* m_mailbox; // a child: wakes this thread
    std::atomic_bool m_cancel{false};
    bool m_running = false; // the job's thread only
    std::mutex m_mutex; // guards the four below and the derived class's result
    std::vector<int> m_progress; // reported, not emitted yet
    int m_lastPercent = -1;
    bool m_done = false;
    bool m_posted = false; // a delivery is on its way: no second one
};

// A job whose work returns a Result.
template<typename Result>
class Job final : public JobBase {
public:
    using JobBase::JobBase;
    ~Job() override { cancelAndWait(); }

    template<typename Work>
    bool start(Work work)
    {
        return startWork([this, work = std::move(work)](JobControl& control) mutable {
            Result value = work(control);
            const auto locked = lock();
            m_result = std::move(value);
        });
    }
    // The finished job's value (once; nullopt after that or before the end).
    std::optional<Result> takeResult()
    {
        const auto locked = lock();
        return std::exchange(m_result, std::nullopt);
    }

private:
    std::optional<Result> m_result; // under lock()
};

} // namespace costdash::services
