#pragma once
// Runs whatif::replay off the UI thread for every control change. At most one replay runs at a time and at most
// one waits (the newest scenario); a result whose generation is older than the newest request is dropped, so a
// fast slider never shows an old position's numbers.
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <QFutureWatcher>
#include <QObject>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace costdash::whatif {
class Snapshot;
}

namespace costdash::services {

class ReplayRunner final : public QObject {
    Q_OBJECT
public:
    using ReplayFunction = std::function<whatif::Projection(const whatif::Snapshot&, const whatif::Scenario&)>;

    // `replay` defaults to whatif::replay; tests inject a slow or counting one.
    explicit ReplayRunner(QObject* parent = nullptr, ReplayFunction replay = {});
    ~ReplayRunner() override;

    // A new month: results of replays over the old one are dropped. nullptr clears it.
    void setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot);
    bool hasSnapshot() const { return m_snapshot != nullptr; }

    // Requests a replay of `scenario`; returns its generation. Never blocks.
    std::uint64_t run(const whatif::Scenario& scenario);

    std::uint64_t generation() const { return m_generation; }
    bool isRunning() const { return m_running; }
    std::int64_t droppedCount() const { return m_dropped; }

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
    void start(Request request);
    void onFinished();

    ReplayFunction m_replay;
    std::shared_ptr<const whatif::Snapshot> m_snapshot;
    std::optional<Request> m_pending;
    std::uint64_t m_generation = 0;
    std::int64_t m_dropped = 0;
    bool m_running = false;
    struct Result {
        whatif::Projection projection;
        std::uint64_t generation = 0;
        double replayMs = 0;
    };
    QFutureWatcher<Result> m_watcher; // one replay at a time, so one watcher
};

} // namespace costdash::services
