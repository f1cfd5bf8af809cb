#include "whatif/RuleForm.h"

#include "Palette.h"
#include "whatif/RouterEdits.h"
#include "whatif/ScenarioEditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QStringListModel>
#include <QVBoxLayout>
#include <functional>

namespace costdash::ui {
namespace {

enum Field { Tasks, Contains, Matches, AtLeast, Below, Models, Tier, FieldCount };
constexpr int kMergeBase = 1000; // above the panel's own merge keys

QStringList words(const QString& text)
{
    QStringList out;
    for (const QString& word : text.split(u',')) {
        if (!word.trimmed().isEmpty())
            out << word.trimmed();
    }
    return out;
}

QSpinBox* tokenSpin(const QString& name, QWidget* parent)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0, 2'000'000'000);
    spin->setSingleStep(500);
    spin->setGroupSeparatorShown(true);
    spin->setSpecialValueText(RuleForm::tr("any"));
    spin->setSuffix(RuleForm::tr(" tokens"));
    return spin;
}

void setIdleText(QLineEdit* edit, const QString& text)
{
    if (!edit->hasFocus() && edit->text() != text) // never under the user's cursor
        edit->setText(text);
}

// Completes the name after the last comma, keeping the names before it: several models, typed one at a time.
class LastNameCompleter final : public QCompleter {
public:
    LastNameCompleter(QAbstractItemModel* model, QLineEdit* edit) : QCompleter(model, edit), m_edit(edit)
    {
        setCaseSensitivity(Qt::CaseInsensitive);
        setCompletionMode(QCompleter::PopupCompletion);
    }

    QStringList splitPath(const QString& path) const override { return {path.section(u',', -1).trimmed()}; }

    QString pathFromIndex(const QModelIndex& index) const override
    {
        const QString text = m_edit->text();
        const qsizetype comma = text.lastIndexOf(u',');
        return (comma < 0 ? QString() : text.left(comma + 1) + u' ') + QCompleter::pathFromIndex(index);
    }

private:
    QLineEdit* m_edit;
};

} // namespace

RuleForm::RuleForm(const ScenarioEditor* editor, RouterEdit edit, QWidget* parent)
    : QGroupBox(tr("Selected rule"), parent)
    , m_editor(editor)
    , m_edit(std::move(edit))
    , m_tasks(new QListWidget(this))
    , m_contains(new QLineEdit(this))
    , m_matches(new QLineEdit(this))
    , m_regexError(new QLabel(this))
    , m_atLeast(tokenSpin(QStringLiteral("ruleInputAtLeast"), this))
    , m_below(tokenSpin(QStringLiteral("ruleInputBelow"), this))
    , m_models(new QComboBox(this))
    , m_modelsError(new QLabel(this))
    , m_tier(new QComboBox(this))
{
    setObjectName(QStringLiteral("ruleForm"));
    m_tasks->setObjectName(QStringLiteral("ruleTaskTypes"));
    m_tasks->setMaximumHeight(110);
    m_contains->setObjectName(QStringLiteral("rulePromptContains"));
    m_contains->setPlaceholderText(tr("words, comma-separated (any of them)"));
    m_matches->setObjectName(QStringLiteral("rulePromptMatches"));
    m_matches->setPlaceholderText(tr("RE2 regular expression, case-insensitive"));
    m_regexError->setObjectName(QStringLiteral("ruleRegexError"));
    m_regexError->setWordWrap(true);
    m_regexError->setStyleSheet(QStringLiteral("color: %1;").arg(palette::onWindow(palette::kBad)));
    m_regexError->hide();
    m_tier->setObjectName(QStringLiteral("ruleTier"));

    connect(m_tasks, &QListWidget::itemChanged, this, [this] {
        QStringList checked;
        for (int i = 0; i < m_tasks->count(); ++i) {
            if (m_tasks->item(i)->checkState() == Qt::Checked)
                checked << m_tasks->item(i)->text();
        }
        editRule(tr("Rule task types"), Tasks, [&](whatif::RouterRule& r) { r.when.taskTypes = checked; });
    });
    connect(m_contains, &QLineEdit::textEdited, this, [this](const QString& text) {
        editRule(tr("Rule prompt words"), Contains, [&](whatif::RouterRule& r) { r.when.promptContains = words(text); });
    });
    connect(m_matches, &QLineEdit::textEdited, this, &RuleForm::onRegexEdited);
    auto bound = [](int value) { return value > 0 ? std::optional<std::int64_t>(value) : std::nullopt; };
    connect(m_atLeast, &QSpinBox::valueChanged, this, [this, bound](int value) {
        editRule(tr("Rule input tokens at least"), AtLeast, [&](whatif::RouterRule& r) { r.when.inputTokensAtLeast = bound(value); });
    });
    connect(m_below, &QSpinBox::valueChanged, this, [this, bound](int value) {
        editRule(tr("Rule input tokens below"), Below, [&](whatif::RouterRule& r) { r.when.inputTokensBelow = bound(value); });
    });
    connect(m_tier, &QComboBox::activated, this, [this](int index) {
        const QString tier = m_tier->itemText(index);
        editRule(tr("Rule tier"), Tier, [&](whatif::RouterRule& r) { r.tier = tier; });
    });

    auto* form = new QFormLayout(this);
    form->addRow(tr("Task type is"), m_tasks);
    form->addRow(tr("Prompt contains"), m_contains);
    form->addRow(tr("Prompt matches"), m_matches);
    form->addRow(QString(), m_regexError);
    form->addRow(tr("Input \u2265"), m_atLeast);
    form->addRow(tr("Input <"), m_below);
    form->addRow(tr("Model is"), buildModelsField());
    form->addRow(tr("Send to tier"), m_tier);
    showRule(-1);
}

// An editable combo box of the store's models; typing completes the name after the last comma.
QWidget* RuleForm::buildModelsField()
{
    m_models->setObjectName(QStringLiteral("ruleModels"));
    m_models->setEditable(true);
    m_models->setInsertPolicy(QComboBox::NoInsert);
    m_models->lineEdit()->setPlaceholderText(tr("any model; or pick one, or type names, comma-separated"));
    m_models->setCompleter(nullptr); // the combo's own completer would replace the whole list with one name
    m_models->lineEdit()->setCompleter(new LastNameCompleter(new QStringListModel(this), m_models->lineEdit()));
    m_modelsError->setObjectName(QStringLiteral("ruleModelsError"));
    m_modelsError->setWordWrap(true);
    m_modelsError->setStyleSheet(QStringLiteral("color: %1;").arg(palette::onWindow(palette::kBad)));
    m_modelsError->hide();
    // Typing and its completions are one undo step; a pick from the list is a step of its own.
    connect(m_models->lineEdit(), &QLineEdit::textEdited, this, [this](const QString& text) { onModelsEdited(text, true); });
    QCompleter* completer = m_models->lineEdit()->completer();
    for (auto signal : {qOverload<const QString&>(&QCompleter::activated), qOverload<const QString&>(&QCompleter::highlighted)})
        connect(completer, signal, this, [this](const QString& text) { onModelsEdited(text, true); });
    connect(m_models, &QComboBox::activated, this, [this](int index) { onModelsEdited(m_models->itemText(index), false); });
    auto* field = new QWidget(this);
    auto* layout = new QVBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_models);
    layout->addWidget(m_modelsError);
    return field;
}

void RuleForm::setTaskTypes(const QStringList& taskTypes)
{
    m_taskTypes = taskTypes;
    showRule(m_index);
}

void RuleForm::setModels(const QStringList& models, const pricing::PriceCatalog& catalog)
{
    m_storeModels = models;
    m_catalog = catalog;
    m_hasModels = true;
    const bool updating = std::exchange(m_updating, true);
    const QString text = m_models->currentText(); // refilling the list would replace it
    m_models->clear();
    m_models->addItems(m_storeModels);
    m_models->setCurrentIndex(-1);
    m_models->setEditText(text);
    static_cast<QStringListModel*>(m_models->lineEdit()->completer()->model())->setStringList(m_storeModels);
    m_updating = updating;
    showRule(m_index);
}

void RuleForm::editRule(const QString& text, int field, const std::function<void(whatif::RouterRule&)>& change)
{
    const std::optional<whatif::Router>& router = m_editor->scenario().router;
    if (m_updating || !router || m_index < 0 || m_index >= router->rules.size())
        return;
    whatif::RouterRule rule = router->rules.at(m_index);
    change(rule);
    m_edit(text, whatif::edits::setRule(*router, m_index, rule), field < 0 ? -1 : kMergeBase + m_index * FieldCount + field);
}

void RuleForm::onRegexEdited(const QString& pattern)
{
    QString re2;
    const QString error = pattern.isEmpty() ? QString() : whatif::promptRegexError(pattern, &re2);
    m_regexError->setText(error.isEmpty() ? QString() : error + QStringLiteral(": ") + re2);
    m_regexError->setVisible(!error.isEmpty());
    if (error.isEmpty())
        editRule(tr("Rule prompt pattern"), Matches, [&](whatif::RouterRule& r) { r.when.promptMatches = pattern; });
}

QString RuleForm::regexError() const
{
    return m_regexError->isHidden() ? QString() : m_regexError->text();
}

// Applied only when every name is a model of the store (the router would match no call of an unknown one).
void RuleForm::onModelsEdited(const QString& text, bool typing)
{
    if (m_updating)
        return;
    const QStringList names = words(text);
    if (showUnmatchedModels(names))
        editRule(tr("Rule models"), typing ? Models : -1, [&](whatif::RouterRule& r) { r.when.models = names; });
}

bool RuleForm::showUnmatchedModels(const QStringList& names)
{
    const QStringList unmatched = m_hasModels ? whatif::edits::unmatchedModels(names, m_storeModels, m_catalog)
                                              : QStringList{}; // nothing to check them against yet
    m_modelsError->setText(unmatched.isEmpty() ? QString()
                                               : tr("not a model of this store: %1").arg(unmatched.join(QStringLiteral(", "))));
    m_modelsError->setVisible(!unmatched.isEmpty());
    return unmatched.isEmpty();
}

QString RuleForm::modelsError() const
{
    return m_modelsError->isHidden() ? QString() : m_modelsError->text();
}

void RuleForm::showRule(int index)
{
    const std::optional<whatif::Router>& router = m_editor->scenario().router;
    const bool valid = router && index >= 0 && index < router->rules.size();
    const bool updating = std::exchange(m_updating, true);
    if (index != m_index) {
        m_regexError->hide();
        m_matches->clear(); // a half-typed pattern belongs to the rule it was typed for
    }
    m_index = valid ? index : -1;
    setEnabled(valid);
    const whatif::RouterRule rule = valid ? router->rules.at(index) : whatif::RouterRule{};
    setTitle(valid ? tr("Rule %1").arg(index + 1) : tr("Selected rule"));
    m_tasks->clear();
    QStringList tasks = m_taskTypes + rule.when.taskTypes;
    tasks.sort();
    tasks.removeDuplicates();
    for (const QString& task : std::as_const(tasks)) {
        auto* item = new QListWidgetItem(task, m_tasks);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(rule.when.taskTypes.contains(task) ? Qt::Checked : Qt::Unchecked);
    }
    setIdleText(m_contains, rule.when.promptContains.join(QStringLiteral(", ")));
    if (m_regexError->isHidden())
        setIdleText(m_matches, rule.when.promptMatches);
    m_atLeast->setValue(int(std::min<std::int64_t>(rule.when.inputTokensAtLeast.value_or(0), m_atLeast->maximum())));
    m_below->setValue(int(std::min<std::int64_t>(rule.when.inputTokensBelow.value_or(0), m_below->maximum())));
    if (!m_models->lineEdit()->hasFocus()) {
        setIdleText(m_models->lineEdit(), rule.when.models.join(QStringLiteral(", ")));
        showUnmatchedModels(rule.when.models);
    }
    m_tier->clear();
    if (router)
        m_tier->addItems(router->tiers.keys());
    m_tier->setCurrentText(rule.tier);
    m_updating = updating;
}

} // namespace costdash::ui
