#include "whatif/PinnedScenarios.h"

#include "services/ReplayRunner.h"

namespace costdash::ui {

PinnedScenarios::PinnedScenarios(QObject* parent)
    : QObject(parent)
    , m_runner(new services::ReplayRunner(this))
{
    connect(m_runner, &services::ReplayRunner::projectionReady, this, [this](const whatif::Projection& projection) {
        if (m_replaying >= 0 && m_replaying < m_pinned.size())
            m_pinned[m_replaying].projection = projection;
        m_replaying = -1;
        Q_EMIT changed();
        replayNext();
    });
}

PinnedScenarios::~PinnedScenarios()
{
    m_runner->cancel();
}

bool PinnedScenarios::pin(const QString& name, const whatif::Scenario& scenario)
{
    if (m_pinned.size() >= kMaxPinned)
        return false;
    for (const PinnedScenario& p : std::as_const(m_pinned)) {
        if (p.scenario == scenario)
            return false;
    }
    m_pinned.append({name, scenario, std::nullopt});
    Q_EMIT changed();
    replayNext();
    return true;
}

void PinnedScenarios::unpin(int index)
{
    if (index < 0 || index >= m_pinned.size())
        return;
    if (m_replaying >= 0) { // indices shift: start over with what is still missing
        m_runner->cancel();
        m_replaying = -1;
    }
    m_pinned.removeAt(index);
    Q_EMIT changed();
    replayNext();
}

void PinnedScenarios::setSnapshot(std::shared_ptr<const whatif::Snapshot> snapshot)
{
    m_replaying = -1;
    m_runner->setSnapshot(std::move(snapshot));
    for (PinnedScenario& p : m_pinned)
        p.projection.reset();
    Q_EMIT changed();
    replayNext();
}

bool PinnedScenarios::isComplete() const
{
    for (const PinnedScenario& p : m_pinned) {
        if (!p.projection)
            return false;
    }
    return true;
}

void PinnedScenarios::replayNext()
{
    if (m_replaying >= 0 || !m_runner->hasSnapshot())
        return;
    for (int i = 0; i < m_pinned.size(); ++i) {
        if (!m_pinned.at(i).projection) {
            m_replaying = i;
            m_runner->run(m_pinned.at(i).scenario);
            return;
        }
    }
}

} // namespace costdash::ui
