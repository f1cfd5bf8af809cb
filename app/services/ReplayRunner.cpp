#include "services/ReplayRunner.h"

#include "whatif/Replay.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace costdash::services {

namespace {

std::optional<whatif::Projection> engineReplay(const whatif::Snapshot& snapshot, const whatif::Scenario& scenario,
                                               const std::atomic<bool>& cancel)
{
    return whatif::replay(snapshot, scenario, cancel);
}

} // namespace

ReplayRunner::ReplayRunner(QObject* parent, ReplayFunction replay) : QObject(parent)
{
    setReplayFunction(std::move(replay));
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &ReplayRunner::onFinished);
}

ReplayRunner::~ReplayRunner()
{
    // A replay holds only its own copies; cancelling, then waiting, keeps the thread pool from outliving the
    // watcher without making the window's exit wait for a long replay.
    m_watcher.disconnect(this);
    cancelRunning();
    m_watcher.waitForFinished();
}

void ReplayRunner::setReplayFunction(ReplayFunction replay)
{
    m_replay = replay ? std::move(replay) : ReplayFunction(&engineReplay);
}

void ReplayRunner::setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    ++m_generation; // anything in flight was computed over the old month
    m_pending.reset();
    cancelRunning();
}

void ReplayRunner::cancel()
{
    ++m_generation;
    m_pending.reset();
    cancelRunning();
}

void ReplayRunner::cancelRunning()
{
    if (m_running && m_cancel && !m_cancel->exchange(true))
        ++m_cancelled;
}

std::uint64_t ReplayRunner::run(const whatif::Scenario& scenario)
{
    const std::uint64_t generation = ++m_generation;
    if (!m_snapshot)
        return generation;
    Request request{m_snapshot, scenario, generation};
    if (m_running) {
        m_pending = std::move(request); // replaces an older waiting request: it would be stale anyway
        cancelRunning();                // and the running one is stale already: it stops at its next check
        return generation;
    }
    start(std::move(request));
    return generation;
}

void ReplayRunner::start(Request request)
{
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    Q_EMIT runningChanged(true);
    m_watcher.setFuture(QtConcurrent::run([replay = m_replay, request = std::move(request), cancel = m_cancel] {
        QElapsedTimer timer;
        timer.start();
        Result result{replay(*request.snapshot, request.scenario, *cancel), request.generation, 0.0};
        result.replayMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        return result;
    }));
}

void ReplayRunner::onFinished()
{
    const Result result = m_watcher.result();
    if (m_pending) {
        Request next = std::move(*m_pending);
        m_pending.reset();
        ++m_dropped; // the finished one is older than the pending request
        start(std::move(next));
        return;
    }
    m_running = false;
    Q_EMIT runningChanged(false);
    if (result.generation != m_generation || !result.projection) {
        ++m_dropped;
        return;
    }
    Q_EMIT projectionReady(*result.projection, result.generation, result.replayMs);
}

} // namespace costdash::services
