#pragma once
// The conditions and tier of the rule selected in the RouterEditor. Each field edits the rule at once (one undo
// step per field while typing); a regex is checked with RE2 as it is typed and applied only once RE2 accepts it.
#include "whatif/ScenarioEditor.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace costdash::whatif {
struct RouterRule;
}

namespace costdash::ui {

class RuleForm final : public QGroupBox {
    Q_OBJECT
public:
    // Reads the scenario from `editor`, hands edits to `edit`.
    RuleForm(const ScenarioEditor* editor, RouterEdit edit, QWidget* parent = nullptr);

    void setTaskTypes(const QStringList& taskTypes);
    // The rule at `index` of the editor's router; -1 empties and disables the form.
    void showRule(int index);
    QString regexError() const;

private:
    void editRule(const QString& text, int field, const std::function<void(whatif::RouterRule&)>& change);
    void onRegexEdited(const QString& pattern);

    const ScenarioEditor* m_editor;
    RouterEdit m_edit;
    int m_index = -1;
    QStringList m_taskTypes;
    bool m_updating = false;
    QListWidget* m_tasks;
    QLineEdit* m_contains;
    QLineEdit* m_matches;
    QLabel* m_regexError;
    QSpinBox* m_atLeast;
    QSpinBox* m_below;
    QLineEdit* m_models;
    QComboBox* m_tier;
};

} // namespace costdash::ui
