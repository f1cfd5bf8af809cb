#include "services/ReplayRunner.h"

#include "whatif/Replay.h"

#include <QElapsedTimer>
#include <utility>

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
    connect(&m_job, &JobBase::finished, this, &ReplayRunner::onFinished);
    connect(&m_release, &JobBase::finished, this, [this] { release(nullptr); });
}

void ReplayRunner::setReplayFunction(ReplayFunction replay)
{
    m_replay = replay ? std::move(replay) : ReplayFunction(&engineReplay);
}

void ReplayRunner::setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot)
{
    release(std::exchange(m_snapshot, std::move(snapshot)));
    ++m_generation; // anything in flight was computed over the old month
    if (m_pending)
        release(std::move(m_pending->snapshot));
    m_pending.reset();
    cancelRunning();
}

void ReplayRunner::release(std::shared_ptr<const whatif::Snapshot> old)
{
    if (old)
        m_toRelease.push_back(std::move(old));
    if (m_toRelease.empty() || m_release.isRunning())
        return; // the running release calls again when it has finished
    m_release.start([months = std::exchange(m_toRelease, {})](JobControl&) mutable {
        months.clear(); // the last owner frees here, not on the caller's thread
        return true;
    });
}

void ReplayRunner::cancel()
{
    ++m_generation;
    m_pending.reset();
    cancelRunning();
}

void ReplayRunner::cancelRunning()
{
    if (m_job.isRunning() && !m_job.isCancelled()) {
        m_job.cancel();
        ++m_cancelled;
    }
}

std::uint64_t ReplayRunner::run(const whatif::Scenario& scenario)
{
    const std::uint64_t generation = ++m_generation;
    if (!m_snapshot)
        return generation;
    Request request{m_snapshot, scenario, generation};
    if (m_job.isRunning()) {
        m_pending = std::move(request); // replaces an older waiting request: it would be stale anyway
        cancelRunning();                // and the running one is stale already: it stops at its next check
        return generation;
    }
    start(std::move(request));
    return generation;
}

void ReplayRunner::start(Request request)
{
    m_job.start([replay = m_replay, request = std::move(request)](JobControl& control) {
        QElapsedTimer timer;
        timer.start();
        Result result{replay(*request.snapshot, request.scenario, control.cancelFlag()), request.generation, 0.0};
        result.replayMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        return result;
    });
    Q_EMIT runningChanged(true);
}

void ReplayRunner::onFinished()
{
    const Result result = m_job.takeResult().value_or(Result{});
    if (m_pending) {
        Request next = std::move(*m_pending);
        m_pending.reset();
        ++m_dropped; // the finished one is older than the pending request
        start(std::move(next));
        return;
    }
    Q_EMIT runningChanged(false);
    if (result.generation != m_generation || !result.projection) {
        ++m_dropped;
        return;
    }
    Q_EMIT projectionReady(*result.projection, result.generation, result.replayMs);
}

} // namespace costdash::services
