#pragma once
// The what-if page: scenario controls on the left, the projection on the right. Every edit of the scenario asks
// the replay runner for a new projection at once; the runner drops stale answers.
#include "services/StoreService.h"
#include "whatif/Scenario.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;

namespace costdash::services {
class ReplayRunner;
}

namespace costdash::ui {

class ComparePanel;
class PinnedScenarios;
class ProjectionPanel;
class ScenarioPanel;

class WhatIfPage final : public QWidget {
    Q_OBJECT
public:
    WhatIfPage(services::ReplayRunner* runner, QWidget* parent = nullptr);

    // A freshly loaded month: new catalog and task types, then a replay of the current scenario.
    void setMonth(const services::SnapshotBundle& bundle);
    // A month is being loaded: the projection says so until setMonth().
    void setLoading();
    // The period's aggregate rows and spend lines (store::Summary): the note that they are left out of the replay,
    // or none.
    void setAggregates(std::int64_t calls, std::int64_t spendRows, money::Nanos cost);

    ScenarioPanel* scenarioPanel() const { return m_scenario; }
    ProjectionPanel* projectionPanel() const { return m_projection; }
    // Undo (Ctrl+Z) and redo (Ctrl+Shift+Z) of scenario edits and Pin scenario, for the window's menu.
    QList<QAction*> editActions(QObject* parent);
    // Pins the scenario shown for comparison; false (and the reason shown) when it cannot be.
    bool pinScenario();
    // The pinned scenarios, in pinning order (File > Export report can take them).
    QList<whatif::Scenario> pinnedScenarios() const;
    PinnedScenarios* pinned() const { return m_pinned; }
    ComparePanel* comparePanel() const { return m_compare; }
    // The scenario whose projection is shown (or on its way).
    const whatif::Scenario& requestedScenario() const { return m_requested; }

private:
    void replay();

    services::ReplayRunner* m_runner;
    ScenarioPanel* m_scenario;
    ProjectionPanel* m_projection;
    PinnedScenarios* m_pinned;
    ComparePanel* m_compare;
    QLabel* m_aggregateNote;
    whatif::Scenario m_requested; // the scenario of the newest request: the only one whose result is shown
    QString m_requestedName;      // and how the box named it then ("… *" when modified)
};

} // namespace costdash::ui
