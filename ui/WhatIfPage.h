#pragma once
// The what-if page: scenario controls on the left, the projection on the right. Every control change asks the
// replay runner for a new projection at once; the runner drops stale answers.
#include "services/StoreService.h"
#include "whatif/Scenario.h"

#include <QWidget>

namespace costdash::services {
class ReplayRunner;
}

namespace costdash::ui {

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

    ScenarioPanel* scenarioPanel() const { return m_scenario; }
    ProjectionPanel* projectionPanel() const { return m_projection; }

private:
    void replay();

    services::ReplayRunner* m_runner;
    ScenarioPanel* m_scenario;
    ProjectionPanel* m_projection;
    whatif::Scenario m_requested; // the scenario of the newest request: the only one whose result is shown
};

} // namespace costdash::ui
