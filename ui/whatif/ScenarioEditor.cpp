#include "whatif/ScenarioEditor.h"

#include <QUndoCommand>

namespace costdash::ui {

// One edit: the scenario before and after it (values, so undo restores exactly what was there).
class ScenarioCommand final : public QUndoCommand {
public:
    ScenarioCommand(ScenarioEditor* editor, const QString& text, whatif::Scenario before, whatif::Scenario after,
                    int mergeKey)
        : QUndoCommand(text)
        , m_editor(editor)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_mergeKey(mergeKey)
    {
    }

    void undo() override { m_editor->apply(m_before); }
    void redo() override { m_editor->apply(m_after); }
    int id() const override { return m_mergeKey; }
    bool mergeWith(const QUndoCommand* other) override
    {
        m_after = static_cast<const ScenarioCommand*>(other)->m_after;
        setObsolete(m_after == m_before); // a drag back to where it started leaves nothing to undo
        return true;
    }

private:
    ScenarioEditor* m_editor;
    whatif::Scenario m_before;
    whatif::Scenario m_after;
    int m_mergeKey;
};

ScenarioEditor::ScenarioEditor(QObject* parent) : QObject(parent)
{
    m_undo.setObjectName(QStringLiteral("scenarioUndoStack"));
}

QString ScenarioEditor::displayName() const
{
    const QString name = m_scenario.name.isEmpty() ? tr("Untitled scenario") : m_scenario.name;
    return isModified() ? name + QStringLiteral(" *") : name;
}

void ScenarioEditor::open(const whatif::Scenario& scenario, const QString& source)
{
    restore(scenario, scenario, source);
}

void ScenarioEditor::restore(const whatif::Scenario& current, const whatif::Scenario& saved, const QString& source)
{
    m_undo.clear();
    m_saved = saved;
    m_source = source;
    m_scenario = current;
    Q_EMIT scenarioChanged();
    Q_EMIT stateChanged();
}

void ScenarioEditor::markSaved(const QString& path)
{
    m_saved = m_scenario;
    m_source = path;
    Q_EMIT stateChanged();
}

void ScenarioEditor::edit(const QString& text, const whatif::Scenario& after, int mergeKey)
{
    if (after == m_scenario)
        return;
    m_undo.push(new ScenarioCommand(this, text, m_scenario, after, mergeKey));
}

void ScenarioEditor::editRouter(const QString& text, const std::optional<whatif::Router>& router, int mergeKey)
{
    if (!router)
        return;
    whatif::Scenario after = m_scenario;
    after.router = router;
    edit(text, after, mergeKey);
}

void ScenarioEditor::apply(const whatif::Scenario& scenario)
{
    const bool wasModified = isModified();
    const QString oldName = m_scenario.name;
    m_scenario = scenario;
    Q_EMIT scenarioChanged();
    if (wasModified != isModified() || oldName != m_scenario.name)
        Q_EMIT stateChanged();
}

} // namespace costdash::ui
