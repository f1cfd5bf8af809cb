#include "services/ReplayRunner.h"

#include "whatif/Replay.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace costdash::services {

ReplayRunner::ReplayRunner(QObject* parent, ReplayFunction replay)
    : QObject(parent)
    , m_replay(replay ? std::move(replay) : ReplayFunction(&whatif::replay))
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &ReplayRunner::onFinished);
}

ReplayRunner::~ReplayRunner()
{
    // A replay holds only its own copies; waiting here keeps the thread pool from outliving the watcher.
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void ReplayRunner::setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    ++m_generation; // anything in flight was computed over the old month
    m_pending.reset();
}

std::uint64_t ReplayRunner::run(const whatif::Scenario& scenario)
{
    const std::uint64_t generation = ++m_generation;
    if (!m_snapshot)
        return generation;
    Request request{m_snapshot, scenario, generation};
    if (m_running) {
        m_pending = std::move(request); // replaces an older waiting request: it would be stale anyway
        return generation;
    }
    start(std::move(request));
    return generation;
}

void ReplayRunner::start(Request request)
{
    m_running = true;
    Q_EMIT runningChanged(true);
    m_watcher.setFuture(QtConcurrent::run([replay = m_replay, request = std::move(request)] {
        QElapsedTimer timer;
        timer.start();
        Result result{replay(*request.snapshot, request.scenario), request.generation, 0.0};
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
    if (result.generation != m_generation) {
        ++m_dropped;
        return;
    }
    Q_EMIT projectionReady(result.projection, result.generation, result.replayMs);
}

} // namespace costdash::services
