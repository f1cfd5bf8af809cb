#pragma once
// The router of the scenario being edited: the ordered rules (add, duplicate, delete, drag or Alt+Up/Alt+Down to
// reorder, a check box to enable), the selected rule's conditions (RuleForm) and the tiers (TierTable). Each
// change is one undoable edit of the ScenarioEditor; the rules show, live, the calls each took and the dollars
// those moved, and the calls no rule matched.
#include "money/Money.h"
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace costdash::ui {

class RuleForm;
class ScenarioEditor;
class TierTable;

class RouterEditor final : public QWidget {
    Q_OBJECT
public:
    RouterEditor(ScenarioEditor* editor, QWidget* parent = nullptr);

    void setCatalog(const pricing::PriceCatalog& catalog);
    void setTaskTypes(const QStringList& taskTypes);
    void setModels(const QStringList& models); // the store's logged model names, for "model is"
    // Per rule then "no rule matched": routed calls and the dollars they moved (whatif::Projection).
    void showRuleStats(const QList<std::int64_t>& calls, const QList<money::Nanos>& moved);
    // Refills from the editor's router (or an empty, disabled editor without one); after an edit made here, once
    // the event loop runs: that edit came from a signal of a widget the refill replaces.
    void showRouter();

    int selectedRule() const;
    void selectRule(int index);

private:
    QWidget* buildButtons();
    void moveSelected(int by);
    void onItemChanged(QTreeWidgetItem* item, int column);
    void onDropped(int from, int to);
    void showStats();
    void refill();
    void edit(const QString& text, const std::optional<whatif::Router>& router, int mergeKey = -1);

    ScenarioEditor* m_editor;
    QTreeWidget* m_rules;
    RuleForm* m_form;
    TierTable* m_tiers;
    QLabel* m_defaultTier;
    QLabel* m_unmatched;
    QList<QPushButton*> m_ruleButtons; // enabled only with a rule selected
    pricing::PriceCatalog m_catalog;
    QList<std::int64_t> m_calls;
    QList<money::Nanos> m_moved;
    bool m_updating = false;
    bool m_refillPending = false;
    bool m_deferRefill = false; // set while an edit made here runs
    bool m_filled = false;
    int m_wantSelected = -1; // the rule to select once the list is refilled (a new or moved rule)
    std::optional<whatif::Router> m_shown; // the router the list shows
};

} // namespace costdash::ui
