#pragma once
// The scenarios pinned for comparison (up to four), each with its projection over the loaded month. Pinned
// scenarios replay one after another on their own services::ReplayRunner, so the page's own replays never wait
// for them; a new month replays them all again. The pins of each store are kept between runs (QSettings, the
// scenario JSON of whatif::toJson).
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <QList>
#include <QObject>
#include <memory>
#include <optional>

namespace costdash::pricing {
class PriceCatalog;
}
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
    // The store the month comes from: another store's pins replace these (those it kept last time; a scenario
    // `catalog` no longer validates is left out). Call before setSnapshot of that store's month.
    void setStore(const QString& path, const pricing::PriceCatalog& catalog);
    void setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot);

    const QList<PinnedScenario>& pinned() const { return m_pinned; }
    bool isComplete() const; // every pinned scenario has its projection

Q_SIGNALS:
    void changed();

private:
    void replayNext();
    void save() const;

    QList<PinnedScenario> m_pinned;
    QString m_store; // absolute path; "" before a store is set (nothing is saved then)
    services::ReplayRunner* m_runner;
    int m_replaying = -1; // the index whose replay runs
};

} // namespace costdash::ui
