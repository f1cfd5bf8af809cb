#pragma once
// The conditions and tier of the rule selected in the RouterEditor. Each field edits the rule at once (one undo
// step per field while typing); a regex is checked with RE2 as it is typed and applied only once RE2 accepts it;
// "model is" picks among the store's models (or takes typed names) and applies only names the store has.
#include "pricing/PriceCatalog.h"
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
    // The store's logged model names (the picker's list and completion) and the catalog that resolves aliases.
    void setModels(const QStringList& models, const pricing::PriceCatalog& catalog);
    // The rule at `index` of the editor's router; -1 empties and disables the form.
    void showRule(int index);
    QString regexError() const;
    QString modelsError() const;

private:
    // `field` -1: an edit that is an undo step of its own.
    void editRule(const QString& text, int field, const std::function<void(whatif::RouterRule&)>& change);
    void onRegexEdited(const QString& pattern);
    void onModelsEdited(const QString& text, bool typing);
    // Shows the names the store has no model for; true when there is none.
    bool showUnmatchedModels(const QStringList& names);
    QWidget* buildModelsField();

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
    QComboBox* m_models;
    QLabel* m_modelsError;
    QStringList m_storeModels;
    pricing::PriceCatalog m_catalog;
    bool m_hasModels = false; // set once a month gave the store's models
    QComboBox* m_tier;
};

} // namespace costdash::ui
