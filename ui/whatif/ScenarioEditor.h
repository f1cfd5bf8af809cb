#pragma once
// The scenario the What-if page holds, edited only through commands on its undo stack (Ctrl+Z / Ctrl+Shift+Z),
// with where it came from and whether it differs from that file: the box, the Projected caption and Save read it.
#include "whatif/Scenario.h"

#include <QObject>
#include <QUndoStack>
#include <functional>

namespace costdash::ui {

// How the router's sub-editors hand an edit over: the RouterEditor defers its refill while one runs.
using RouterEdit = std::function<void(const QString& text, const std::optional<whatif::Router>& router, int mergeKey)>;

class ScenarioEditor final : public QObject {
    Q_OBJECT
public:
    explicit ScenarioEditor(QObject* parent = nullptr);

    const whatif::Scenario& scenario() const { return m_scenario; }
    // The file the scenario was opened from or saved to (":/scenarios/…" for a preset); empty when none.
    QString source() const { return m_source; }
    // The scenario as that file holds it.
    const whatif::Scenario& saved() const { return m_saved; }
    bool isModified() const { return m_scenario != m_saved; }
    // "Tiered router + 24 h exact cache *" while modified.
    QString displayName() const;
    QUndoStack* undoStack() { return &m_undo; }

    // A scenario fresh from `source`: unmodified, the undo history cleared.
    void open(const whatif::Scenario& scenario, const QString& source);
    // After a restart: `current` as it was left, `saved` as its file holds it.
    void restore(const whatif::Scenario& current, const whatif::Scenario& saved, const QString& source);
    // The scenario now is what `path` holds (the history stays: undo goes back past the save).
    void markSaved(const QString& path);

    // One undoable edit: `after` replaces the scenario. Consecutive edits with the same `mergeKey` (>= 0: one
    // slider drag, one field's typing) undo as one.
    void edit(const QString& text, const whatif::Scenario& after, int mergeKey = -1);
    // The same for the router: `router` (nullopt: a refused edit, nothing happens) replaces the scenario's.
    void editRouter(const QString& text, const std::optional<whatif::Router>& router, int mergeKey = -1);

Q_SIGNALS:
    void scenarioChanged(); // the value changed (an edit, an undo, an open)
    void stateChanged();    // the name, the source or the modified mark changed

private:
    friend class ScenarioCommand;
    void apply(const whatif::Scenario& scenario);

    whatif::Scenario m_scenario;
    whatif::Scenario m_saved;
    QString m_source;
    QUndoStack m_undo;
};

} // namespace costdash::ui
