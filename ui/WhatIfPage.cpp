#include "WhatIfPage.h"

#include "Format.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "services/ReplayRunner.h"

#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <algorithm>

namespace costdash::ui {

WhatIfPage::WhatIfPage(services::ReplayRunner* runner, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_scenario(new ScenarioPanel)
    , m_projection(new ProjectionPanel)
{
    setObjectName(QStringLiteral("whatIfPage"));
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_scenario);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(std::max(m_scenario->sizeHint().width() + 24, 420));
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_projection);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setCollapsible(1, false);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_scenario, &ScenarioPanel::scenarioChanged, this, &WhatIfPage::replay);
    connect(m_runner, &services::ReplayRunner::projectionReady, this,
            [this](const whatif::Projection& projection, quint64, double replayMs) {
                m_projection->showProjection(projection, m_requested, replayMs);
            });
    connect(m_runner, &services::ReplayRunner::runningChanged, this, [this](bool running) {
        if (running)
            m_projection->setStatus(tr("Replaying\u2026"));
    });
    setLoading();
}

void WhatIfPage::setLoading()
{
    m_projection->setStatus(tr("Loading the month\u2026"));
}

void WhatIfPage::setMonth(const services::SnapshotBundle& bundle)
{
    m_runner->setSnapshot(bundle.snapshot);
    m_scenario->setCatalog(bundle.catalog);
    m_scenario->setTaskTypes(bundle.taskTypes);
    m_projection->setRunEvidence(bundle.runEvidence, bundle.catalog);
    replay();
}

void WhatIfPage::replay()
{
    m_requested = m_scenario->scenario();
    if (!m_runner->hasSnapshot())
        return;
    m_runner->run(m_requested);
}

} // namespace costdash::ui
