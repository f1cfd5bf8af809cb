#pragma once
// The scenarios pinned for comparison (up to four), each with its projection over the loaded month. Pinned
// scenarios replay one after another on their own services::ReplayRunner, so the page's own replays never wait
// for them; a new month replays them all again.
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <QList>
#include <QObject>
#include <memory>
#include <optional>

namespace costdash::whatif {
class Snapshot;
}
namespace costdash::services {
class ReplayRunner;
}

namespace costdash::ui {

struct PinnedScenario {
    QString name; // as the scenario box named it when pinned
    whatif::Scenario scenario;
    std::optional<whatif::Projection> projection; // nullopt while its replay runs
};

class PinnedScenarios final : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxPinned = 4;

    explicit PinnedScenarios(QObject* parent = nullptr);
    ~PinnedScenarios() override;

    // False (nothing pinned) when four are pinned already or this scenario is pinned.
    bool pin(const QString& name, const whatif::Scenario& scenario);
    void unpin(int index);
    void setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot);

    const QList<PinnedScenario>& pinned() const { return m_pinned; }
    bool isComplete() const; // every pinned scenario has its projection

Q_SIGNALS:
    void changed();

private:
    void replayNext();

    QList<PinnedScenario> m_pinned;
    services::ReplayRunner* m_runner;
    int m_replaying = -1; // the index whose replay runs
};

} // namespace costdash::ui
