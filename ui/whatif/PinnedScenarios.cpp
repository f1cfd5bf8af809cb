#include "whatif/PinnedScenarios.h"

#include "services/ReplayRunner.h"

#include <QFileInfo>
#include <QSettings>

namespace costdash::ui {
namespace {

// Store path -> its pins, each a map of "name" and "scenario" (the JSON).
const QString kPinnedKey = QStringLiteral("whatif/pinned");

} // namespace

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
    save();
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
    save();
    Q_EMIT changed();
    replayNext();
}

void PinnedScenarios::setStore(const QString& path, const pricing::PriceCatalog& catalog)
{
    const QString store = QFileInfo(path).absoluteFilePath();
    if (store == m_store)
        return;
    m_store = store;
    m_runner->cancel();
    m_replaying = -1;
    m_pinned.clear();
    const QVariantList saved = QSettings().value(kPinnedKey).toMap().value(m_store).toList();
    for (const QVariant& entry : saved) {
        const QVariantMap pin = entry.toMap();
        QString error;
        auto scenario = whatif::parseScenario(pin.value(QStringLiteral("scenario")).toByteArray(), catalog, &error);
        if (scenario && m_pinned.size() < kMaxPinned)
            m_pinned.append({pin.value(QStringLiteral("name")).toString(), std::move(*scenario), std::nullopt});
    }
    Q_EMIT changed();
}

void PinnedScenarios::save() const
{
    if (m_store.isEmpty())
        return;
    QVariantList pins;
    for (const PinnedScenario& p : m_pinned)
        pins.append(QVariantMap{{QStringLiteral("name"), p.name}, {QStringLiteral("scenario"), whatif::toJson(p.scenario)}});
    QSettings settings;
    QVariantMap byStore = settings.value(kPinnedKey).toMap();
    if (pins.isEmpty())
        byStore.remove(m_store);
    else
        byStore.insert(m_store, pins);
    settings.setValue(kPinnedKey, byStore);
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
