#include "whatif/RouterEditor.h"

#include "Format.h"
#include "whatif/RouterEdits.h"
#include "whatif/RuleForm.h"
#include "whatif/RuleText.h"
#include "whatif/ScenarioEditor.h"
#include "whatif/TierTable.h"

#include <QDataStream>
#include <QDropEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>

namespace costdash::ui {
namespace {

enum Column { Number, Rule, Calls, Moved };

// Rules reordered by drag and drop: the model's drop becomes a move edit; the list is refilled from the scenario.
// Keys with the list focused: Alt+Up / Alt+Down move the rule, Ctrl+D duplicates it, Delete removes it.
class RuleTree final : public QTreeWidget {
public:
    RuleTree(std::function<void(int, int)> moved, QWidget* parent) : QTreeWidget(parent), m_moved(std::move(moved))
    {
        setDragDropMode(QAbstractItemView::InternalMove);
        setDefaultDropAction(Qt::MoveAction);
    }

protected:
    // A drop goes to the model (as Qt's own drops do) between the rules the drop indicator shows it between.
    void dropEvent(QDropEvent* event) override
    {
        model()->dropMimeData(event->mimeData(), Qt::MoveAction, gapAt(event->position().toPoint()), 0, QModelIndex());
        event->setDropAction(Qt::IgnoreAction); // nothing for the view to take away: the edit refills the list
        event->accept();
    }

    // The model's drop: the dragged rule (its row in the mime data of QAbstractItemModel::mimeData) goes into the
    // gap `index` between the top-level rules, as one move edit.
    bool dropMimeData(QTreeWidgetItem* parent, int index, const QMimeData* data, Qt::DropAction) override
    {
        const QStringList formats = mimeTypes();
        if (parent || formats.isEmpty() || !data->hasFormat(formats.first()))
            return false;
        QByteArray encoded = data->data(formats.first());
        QDataStream stream(&encoded, QIODevice::ReadOnly);
        int from = -1;
        int column = 0;
        QMap<int, QVariant> roles;
        stream >> from >> column >> roles;
        if (stream.status() != QDataStream::Ok || from < 0 || from >= topLevelItemCount())
            return false;
        const int to = index > from ? index - 1 : index; // where the rule lands once taken out of its place
        if (from != to)
            m_moved(from, to);
        return true;
    }

    // The gap between rules a drop at `pos` goes into (0 = before the first), as the view's drop indicator
    // shows it: above or below the rule under the pointer by its half, after the last below the rules.
    int gapAt(QPoint pos) const
    {
        QTreeWidgetItem* target = itemAt(pos);
        if (!target)
            return topLevelItemCount();
        const QRect rect = visualItemRect(target);
        return indexOfTopLevelItem(target) + (pos.y() >= rect.center().y() ? 1 : 0);
    }

    void keyPressEvent(QKeyEvent* event) override
    {
        for (const auto& [keys, button] : std::as_const(m_keys)) {
            if (QKeySequence(event->keyCombination()) == keys) {
                button->click();
                return;
            }
        }
        QTreeWidget::keyPressEvent(event);
    }

public:
    QList<QPair<QKeySequence, QPushButton*>> m_keys;

private:
    std::function<void(int, int)> m_moved;
};

} // namespace

RouterEditor::RouterEditor(ScenarioEditor* editor, QWidget* parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_rules(new RuleTree([this](int from, int to) { onDropped(from, to); }, this))
    , m_form(new RuleForm(editor, [this](const QString& text, const std::optional<whatif::Router>& router,
                                         int mergeKey) { edit(text, router, mergeKey); }, this))
    , m_tiers(new TierTable(editor, [this](const QString& text, const std::optional<whatif::Router>& router,
                                           int mergeKey) { edit(text, router, mergeKey); }, this))
    , m_defaultTier(new QLabel(this))
    , m_unmatched(new QLabel(this))
{
    setObjectName(QStringLiteral("routerEditor"));
    m_rules->setObjectName(QStringLiteral("routerRules"));
    m_rules->setHeaderLabels({QStringLiteral("#"), tr("When \u2192 tier (model)"), tr("Calls"), tr("Moved")});
    m_rules->setRootIsDecorated(false);
    m_rules->setUniformRowHeights(false);
    m_rules->setMinimumHeight(150);
    m_rules->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rules->header()->setSectionResizeMode(Rule, QHeaderView::Stretch);
    m_rules->header()->setStretchLastSection(false);
    m_defaultTier->setObjectName(QStringLiteral("defaultTierLabel"));
    m_defaultTier->setWordWrap(true);
    m_unmatched->setObjectName(QStringLiteral("unmatchedLabel"));
    m_unmatched->setWordWrap(true);
    connect(m_rules, &QTreeWidget::itemChanged, this, &RouterEditor::onItemChanged);
    connect(m_rules, &QTreeWidget::currentItemChanged, this, [this] {
        m_form->showRule(selectedRule());
        for (QPushButton* b : std::as_const(m_ruleButtons))
            b->setEnabled(selectedRule() >= 0);
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rules, 1);
    layout->addWidget(buildButtons());
    layout->addWidget(m_defaultTier);
    layout->addWidget(m_unmatched);
    layout->addWidget(m_form);
    layout->addWidget(m_tiers);
    connect(m_editor, &ScenarioEditor::scenarioChanged, this, &RouterEditor::showRouter);
    refill();
}

QWidget* RouterEditor::buildButtons()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto button = [&](const QString& name, const QString& text, const QKeySequence& keys, auto slot) {
        auto* b = new QPushButton(text, row);
        b->setObjectName(name);
        connect(b, &QPushButton::clicked, this, slot);
        static_cast<RuleTree*>(m_rules)->m_keys.append({keys, b});
        b->setToolTip(text + QStringLiteral(" (") + keys.toString(QKeySequence::NativeText) + u')');
        layout->addWidget(b);
        return b;
    };
    button(QStringLiteral("addRuleButton"), tr("Add"), QKeySequence(Qt::Key_Insert), [this] {
        const int at = selectedRule() + 1;
        edit(tr("Add a rule"), whatif::edits::addRule(*m_editor->scenario().router, at));
        selectRule(at);
    });
    m_ruleButtons << button(QStringLiteral("duplicateRuleButton"), tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        const int at = selectedRule();
        edit(tr("Duplicate a rule"), whatif::edits::duplicateRule(*m_editor->scenario().router, at));
        selectRule(at + 1);
    });
    m_ruleButtons << button(QStringLiteral("deleteRuleButton"), tr("Delete"), QKeySequence(Qt::Key_Delete), [this] {
        const int at = selectedRule();
        edit(tr("Delete a rule"), whatif::edits::removeRule(*m_editor->scenario().router, at));
        selectRule(std::min(at, m_rules->topLevelItemCount() - 1));
    });
    m_ruleButtons << button(QStringLiteral("moveRuleUpButton"), tr("Up"), QKeySequence(Qt::ALT | Qt::Key_Up),
                            [this] { moveSelected(-1); });
    m_ruleButtons << button(QStringLiteral("moveRuleDownButton"), tr("Down"), QKeySequence(Qt::ALT | Qt::Key_Down),
                            [this] { moveSelected(1); });
    layout->addStretch();
    return row;
}

void RouterEditor::setCatalog(const pricing::PriceCatalog& catalog)
{
    m_catalog = catalog;
    m_tiers->setCatalog(catalog);
}

void RouterEditor::setModels(const QStringList& models)
{
    m_form->setModels(models, m_catalog);
}

void RouterEditor::setTaskTypes(const QStringList& taskTypes)
{
    m_form->setTaskTypes(taskTypes);
}

int RouterEditor::selectedRule() const
{
    return m_rules->indexOfTopLevelItem(m_rules->currentItem());
}

void RouterEditor::selectRule(int index)
{
    if (m_refillPending)
        m_wantSelected = index;
    if (QTreeWidgetItem* item = m_rules->topLevelItem(index))
        m_rules->setCurrentItem(item);
}

void RouterEditor::moveSelected(int by)
{
    const int from = selectedRule();
    edit(tr("Move a rule"), whatif::edits::moveRule(*m_editor->scenario().router, from, from + by));
    selectRule(from + by);
}

void RouterEditor::onDropped(int from, int to)
{
    edit(tr("Move a rule"), whatif::edits::moveRule(*m_editor->scenario().router, from, to));
    selectRule(to);
}

void RouterEditor::onItemChanged(QTreeWidgetItem* item, int column)
{
    const int index = m_rules->indexOfTopLevelItem(item);
    if (m_updating || column != Number || index < 0)
        return;
    whatif::RouterRule rule = m_editor->scenario().router->rules.at(index);
    rule.enabled = item->checkState(Number) == Qt::Checked;
    edit(rule.enabled ? tr("Enable a rule") : tr("Disable a rule"),
                         whatif::edits::setRule(*m_editor->scenario().router, index, rule));
}

void RouterEditor::edit(const QString& text, const std::optional<whatif::Router>& router, int mergeKey)
{
    const bool deferring = std::exchange(m_deferRefill, true);
    m_editor->editRouter(text, router, mergeKey);
    m_deferRefill = deferring;
}

void RouterEditor::showRouter()
{
    if (!m_deferRefill) {
        refill();
        return;
    }
    if (std::exchange(m_refillPending, true))
        return;
    QMetaObject::invokeMethod(this, &RouterEditor::refill, Qt::QueuedConnection);
}

void RouterEditor::refill()
{
    m_refillPending = false;
    const std::optional<whatif::Router>& router = m_editor->scenario().router;
    if (m_filled && router == m_shown)
        return; // another part of the scenario changed
    m_filled = true;
    m_shown = router;
    const int selected = m_wantSelected >= 0 ? m_wantSelected : selectedRule();
    m_wantSelected = -1;
    const bool updating = std::exchange(m_updating, true);
    m_rules->clear();
    setEnabled(router.has_value());
    m_tiers->showRouter();
    if (!router) {
        m_defaultTier->setText(tr("This scenario has no router: every call keeps its model."));
        m_unmatched->clear();
        m_form->showRule(-1);
        m_updating = updating;
        return;
    }
    for (int i = 0; i < router->rules.size(); ++i) {
        const whatif::RouterRule& rule = router->rules.at(i);
        const QString text = ruleText(rule, *router);
        auto* item = new QTreeWidgetItem(m_rules, {QString::number(i + 1), text});
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setCheckState(Number, rule.enabled ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(Rule, ruleToolTip(rule, *router));
        if (!rule.enabled)
            item->setForeground(Rule, palette().brush(QPalette::Disabled, QPalette::Text));
    }
    m_defaultTier->setText(tr("No rule matches \u2192 %1").arg(tierText(router->defaultTier, *router)));
    m_updating = updating;
    if (QTreeWidgetItem* item = m_rules->topLevelItem(std::clamp(selected, 0, m_rules->topLevelItemCount() - 1)))
        m_rules->setCurrentItem(item);
    m_form->showRule(selectedRule());
    for (QPushButton* b : std::as_const(m_ruleButtons))
        b->setEnabled(selectedRule() >= 0);
    showStats();
}

void RouterEditor::showRuleStats(const QList<std::int64_t>& calls, const QList<money::Nanos>& moved)
{
    m_calls = calls;
    m_moved = moved;
    showStats();
}

// The newest replay's counts, when they are for as many rules as the list shows (else they are on their way).
void RouterEditor::showStats()
{
    const int rules = m_rules->topLevelItemCount();
    const bool current = m_calls.size() == rules + 1 && m_moved.size() == rules + 1;
    const bool updating = std::exchange(m_updating, true);
    for (int i = 0; i < rules; ++i) {
        QTreeWidgetItem* item = m_rules->topLevelItem(i);
        item->setText(Calls, current ? formatCount(m_calls.at(i)) : QStringLiteral("\u2026"));
        item->setText(Moved, current ? formatUsdAmount(m_moved.at(i)) : QStringLiteral("\u2026"));
        item->setTextAlignment(Calls, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(Moved, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_updating = updating;
    if (!m_editor->scenario().router)
        return;
    m_unmatched->setText(current ? tr("Matched by no rule: %1, moving %2")
                                       .arg(countOf(m_calls.last(), tr("call"), tr("calls")),
                                            formatUsdAmount(m_moved.last()))
                                 : tr("Matched by no rule: \u2026"));
}

} // namespace costdash::ui
