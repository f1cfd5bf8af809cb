#pragma once
// Runs whatif::replay off the UI thread for every control change. At most one replay runs at a time and at most
// one waits (the newest scenario): a newer request cancels the running replay, which stops within a few thousand
// calls, and then starts. A result whose generation is older than the newest request is dropped, so a fast slider
// never shows an old position's numbers. Destroying the runner cancels and waits for the running replay.
// A month it lets go of is released on a worker: freeing a million calls would stall the caller's thread.
#include "services/Job.h"
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <QObject>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace costdash::whatif {
class Snapshot;
}

namespace costdash::services {

class ReplayRunner final : public QObject {
    Q_OBJECT
public:
    // Returns nullopt when `cancel` stopped it.
    using ReplayFunction = std::function<std::optional<whatif::Projection>(
        const whatif::Snapshot&, const whatif::Scenario&, const std::atomic<bool>& cancel)>;

    // `replay` defaults to whatif::replay; tests inject a slow or counting one.
    explicit ReplayRunner(QObject* parent = nullptr, ReplayFunction replay = {});

    // For tests of the window: the replay of the next requests (the default when empty).
    void setReplayFunction(ReplayFunction replay);

    // A new month: results of replays over the old one are dropped. nullptr clears it.
    void setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot);
    bool hasSnapshot() const { return m_snapshot != nullptr; }

    // Requests a replay of `scenario`; returns its generation. Never blocks.
    std::uint64_t run(const whatif::Scenario& scenario);

    // Stops the running replay at its next check and forgets the waiting one; no result comes for either.
    void cancel();

    std::uint64_t generation() const { return m_generation; }
    bool isRunning() const { return m_job.isRunning(); }
    std::int64_t droppedCount() const { return m_dropped; }
    std::int64_t cancelledCount() const { return m_cancelled; }

Q_SIGNALS:
    // Only for the newest request; `replayMs` is the wall time of the replay itself.
    void projectionReady(const costdash::whatif::Projection& projection, quint64 generation, double replayMs);
    void runningChanged(bool running);

private:
    struct Request {
        std::shared_ptr<const whatif::Snapshot> snapshot;
        whatif::Scenario scenario;
        std::uint64_t generation = 0;
    };
    struct Result {
        std::optional<whatif::Projection> projection; // nullopt: cancelled
        std::uint64_t generation = 0;
        double replayMs = 0;
    };
    void start(Request request);
    void onFinished();
    void cancelRunning();
    // Drops `old` (and the months waiting before it) on m_release's worker, one job at a time.
    void release(std::shared_ptr<const whatif::Snapshot> old);

    ReplayFunction m_replay;
    std::shared_ptr<const whatif::Snapshot> m_snapshot;
    std::optional<Request> m_pending;
    std::uint64_t m_generation = 0;
    std::int64_t m_dropped = 0;
    std::int64_t m_cancelled = 0;
    std::vector<std::shared_ptr<const whatif::Snapshot>> m_toRelease; // waiting for m_release
    Job<bool> m_release;
    Job<Result> m_job; // one replay at a time; last: destroyed (cancelled, waited for) first
};

} // namespace costdash::services
