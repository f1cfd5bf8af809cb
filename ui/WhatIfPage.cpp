#include "WhatIfPage.h"

#include "Format.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "services/ReplayRunner.h"
#include "whatif/ComparePanel.h"
#include "whatif/PinnedScenarios.h"
#include "whatif/RouterEditor.h"
#include "whatif/ScenarioEditor.h"

#include <QAction>

#include <QHBoxLayout>
#include "whatif/LeftOut.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QSplitter>
#include <algorithm>

namespace costdash::ui {

WhatIfPage::WhatIfPage(services::ReplayRunner* runner, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_scenario(new ScenarioPanel)
    , m_projection(new ProjectionPanel)
    , m_pinned(new PinnedScenarios(this))
    , m_compare(new ComparePanel(m_pinned))
    , m_aggregateNote(new QLabel(this))
{
    m_aggregateNote->setObjectName(QStringLiteral("aggregateNote"));
    m_aggregateNote->setWordWrap(true);
    m_aggregateNote->hide();
    m_projection->addTab(m_compare, tr("Compare"));
    connect(m_compare, &ComparePanel::pinRequested, this, &WhatIfPage::pinScenario);
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
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_aggregateNote);
    layout->addWidget(splitter, 1);

    connect(m_scenario->editor(), &ScenarioEditor::scenarioChanged, this, &WhatIfPage::replay);
    connect(m_scenario->editor(), &ScenarioEditor::stateChanged, this, [this] {
        m_requestedName = m_scenario->editor()->displayName();
    m_scenario->routerEditor()->showRuleStats({}, {}); // the shown counts are for the scenario before this edit
        m_projection->setScenarioName(m_requestedName);
    });
    connect(m_runner, &services::ReplayRunner::projectionReady, this,
            [this](const whatif::Projection& projection, quint64, double replayMs) {
                m_projection->showProjection(projection, m_requested, m_requestedName, replayMs);
                m_scenario->routerEditor()->showRuleStats(projection.ruleCalls, projection.ruleSavings);
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

void WhatIfPage::setAggregates(std::int64_t calls, std::int64_t spendRows, money::Nanos cost)
{
    const bool any = calls > 0 || spendRows > 0;
    m_aggregateNote->setText(any ? whatif::aggregatesLeftOut(calls, spendRows, cost) + u'.' : QString());
    m_aggregateNote->setVisible(any);
}

void WhatIfPage::setMonth(const services::SnapshotBundle& bundle)
{
    m_runner->setSnapshot(bundle.snapshot);
    m_pinned->setStore(bundle.storePath, bundle.catalog);
    m_pinned->setSnapshot(bundle.snapshot);
    m_scenario->setCatalog(bundle.catalog);
    m_scenario->setTaskTypes(bundle.taskTypes);
    m_scenario->routerEditor()->setModels(bundle.models);
    m_projection->setRunEvidence(bundle.runEvidence, bundle.catalog);
    replay();
}

bool WhatIfPage::pinScenario()
{
    const QString name = m_scenario->editor()->displayName();
    const bool pinned = m_pinned->pin(name, m_scenario->scenario());
    m_compare->setMessage(pinned ? QString()
                          : m_pinned->pinned().size() >= PinnedScenarios::kMaxPinned
                              ? tr("Four scenarios are pinned: unpin one to pin \u201c%1\u201d.").arg(name)
                              : tr("\u201c%1\u201d is pinned already.").arg(name));
    return pinned;
}

QList<whatif::Scenario> WhatIfPage::pinnedScenarios() const
{
    QList<whatif::Scenario> out;
    for (const PinnedScenario& p : m_pinned->pinned())
        out.append(p.scenario);
    return out;
}

QList<QAction*> WhatIfPage::editActions(QObject* parent)
{
    QUndoStack* stack = m_scenario->editor()->undoStack();
    QAction* undo = stack->createUndoAction(parent, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undoScenarioAction"));
    QAction* redo = stack->createRedoAction(parent, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    redo->setObjectName(QStringLiteral("redoScenarioAction"));
    auto* pin = new QAction(tr("&Pin scenario for comparison"), parent);
    pin->setObjectName(QStringLiteral("pinScenarioAction"));
    pin->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P));
    connect(pin, &QAction::triggered, this, &WhatIfPage::pinScenario);
    return {undo, redo, pin};
}

void WhatIfPage::replay()
{
    m_requested = m_scenario->scenario();
    m_requestedName = m_scenario->editor()->displayName();
    m_scenario->routerEditor()->showRuleStats({}, {}); // the shown counts are for the scenario before this edit
    if (!m_runner->hasSnapshot())
        return;
    m_runner->run(m_requested);
}

} // namespace costdash::ui
