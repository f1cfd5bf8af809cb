#include "ScenarioPanel.h"

#include "Format.h"
#include "Palette.h"
#include "TtlScale.h"
#include "WheelGuard.h"
#include "services/ScenarioFiles.h"
#include "whatif/RouterEdits.h"
#include "whatif/RouterEditor.h"
#include "whatif/ScenarioEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

namespace key {
const QString source = QStringLiteral("whatif/source");
const QString scenario = QStringLiteral("whatif/scenario");
const QString saved = QStringLiteral("whatif/saved");
const QString tab = QStringLiteral("whatif/panelTab");
} // namespace key

// Edits of one control in a row undo as one step.
enum MergeKey { MergeTtl = 1, MergeSimilarity, MergeDiscount, MergeName };

int percentOf(std::int64_t ppm)
{
    return static_cast<int>((ppm + 5'000) / 10'000);
}

} // namespace

ScenarioPanel::ScenarioPanel(QWidget* parent)
    : QWidget(parent)
    , m_catalog(pricing::PriceCatalog::bundled())
    , m_editor(new ScenarioEditor(this))
{
    setObjectName(QStringLiteral("scenarioPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildScenarioBox());
    // Two tabs keep the panel short: the levers that need no rules, and the router's editor.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("scenarioTabs"));
    auto* levers = new QWidget(m_tabs);
    auto* leversLayout = new QVBoxLayout(levers);
    leversLayout->addWidget(buildCacheBox());
    leversLayout->addWidget(buildBatchBox());
    leversLayout->addStretch();
    m_tabs->addTab(levers, tr("Cache && batch"));
    m_tabs->addTab(buildRouterBox(), tr("Router"));
    layout->addWidget(m_tabs, 1);
    connect(m_editor, &ScenarioEditor::scenarioChanged, this, &ScenarioPanel::showScenario);
    connect(m_editor, &ScenarioEditor::stateChanged, this, &ScenarioPanel::fillScenarioBox);
    fillScenarioBox();
    showScenario();
    guardWheel(this);
}

QWidget* ScenarioPanel::buildScenarioBox()
{
    auto* box = new QGroupBox(tr("Scenario"), this);
    m_preset = new QComboBox(box);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(20);
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("scenarioName"));
    m_name->setPlaceholderText(tr("Name of the scenario"));
    auto* open = new QPushButton(tr("Open\u2026"), box);
    auto* save = new QPushButton(tr("Save"), box);
    auto* saveAs = new QPushButton(tr("Save as\u2026"), box);
    open->setObjectName(QStringLiteral("openScenarioButton"));
    save->setObjectName(QStringLiteral("saveScenarioButton"));
    saveAs->setObjectName(QStringLiteral("saveScenarioAsButton"));
    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("scenarioError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(palette::onWindow(palette::kBad)));
    m_error->hide();
    connect(m_preset, &QComboBox::activated, this, &ScenarioPanel::onPresetActivated);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& name) {
        whatif::Scenario s = scenario();
        s.name = name;
        edit(tr("Rename the scenario"), s, MergeName);
    });
    connect(open, &QPushButton::clicked, this, &ScenarioPanel::openScenario);
    connect(save, &QPushButton::clicked, this, &ScenarioPanel::save);
    connect(saveAs, &QPushButton::clicked, this, &ScenarioPanel::saveScenarioAs);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(save);
    buttons->addWidget(saveAs);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_preset);
    layout->addWidget(m_name);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    return box;
}

QWidget* ScenarioPanel::buildCacheBox()
{
    auto* box = new QGroupBox(tr("Cache"), this);
    m_cacheMode = new QComboBox(box);
    m_cacheMode->setObjectName(QStringLiteral("cacheModeCombo"));
    m_cacheMode->addItem(tr("Off"), static_cast<int>(whatif::CacheMode::Off));
    m_cacheMode->addItem(tr("Exact prompt"), static_cast<int>(whatif::CacheMode::Exact));
    m_cacheMode->addItem(tr("Near prompt (approximate)"), static_cast<int>(whatif::CacheMode::Near));

    m_ttlSlider = new QSlider(Qt::Horizontal, box);
    m_ttlSlider->setObjectName(QStringLiteral("ttlSlider"));
    m_ttlSlider->setRange(0, ttl::kSteps);
    m_ttlLabel = new QLabel(box);
    m_ttlLabel->setObjectName(QStringLiteral("ttlLabel"));
    m_ttlLabel->setMinimumWidth(m_ttlLabel->fontMetrics().horizontalAdvance(QStringLiteral("00 h 00 min")));
    m_ttlLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* ttlRow = new QHBoxLayout;
    ttlRow->addWidget(m_ttlSlider, 1);
    ttlRow->addWidget(m_ttlLabel);
    m_ttlPresets = new QWidget(box);
    auto* presetRow = new QHBoxLayout(m_ttlPresets);
    presetRow->setContentsMargins(0, 0, 0, 0);
    presetRow->setSpacing(2);
    for (const std::int64_t seconds : ttl::kPresets) {
        auto* button = new QToolButton(m_ttlPresets);
        button->setText(formatDuration(seconds));
        button->setObjectName(QStringLiteral("ttlPreset%1").arg(seconds));
        connect(button, &QToolButton::clicked, this, [this, seconds] { setTtlSeconds(seconds); });
        presetRow->addWidget(button);
    }
    presetRow->addStretch();

    m_similarity = new QDoubleSpinBox(box);
    m_similarity->setObjectName(QStringLiteral("similaritySpin"));
    m_similarity->setRange(0.5, 1.0);
    m_similarity->setSingleStep(0.01);
    m_similarity->setDecimals(2);
    m_similarity->setToolTip(tr("Lexical similarity a near hit must reach. Approximate: prompts that differ in a "
                                "negation or a number never match."));
    m_scope = new QComboBox(box);
    m_scope->setObjectName(QStringLiteral("cacheScopeCombo"));
    m_scope->addItem(tr("Global"), static_cast<int>(whatif::CacheScope::Global));
    m_scope->addItem(tr("Per model"), static_cast<int>(whatif::CacheScope::Model));

    connect(m_cacheMode, &QComboBox::currentIndexChanged, this, [this] {
        whatif::Scenario s = scenario();
        s.cache.mode = static_cast<whatif::CacheMode>(m_cacheMode->currentData().toInt());
        edit(tr("Cache mode"), s);
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        whatif::Scenario s = scenario();
        s.cache.scope = static_cast<whatif::CacheScope>(m_scope->currentData().toInt());
        edit(tr("Cache scope"), s);
    });
    connect(m_similarity, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        whatif::Scenario s = scenario();
        s.cache.similarity = value;
        edit(tr("Similarity"), s, MergeSimilarity);
    });
    connect(m_ttlSlider, &QSlider::valueChanged, this, [this](int position) {
        whatif::Scenario s = scenario();
        s.cache.ttlSeconds = ttl::secondsAt(position);
        edit(tr("Cache TTL"), s, MergeTtl);
    });

    auto* form = new QFormLayout(box);
    form->addRow(tr("Mode"), m_cacheMode);
    form->addRow(tr("TTL"), ttlRow);
    form->addRow(QString(), m_ttlPresets);
    form->addRow(tr("Similarity (approx.)"), m_similarity);
    form->addRow(tr("Scope"), m_scope);
    return box;
}

QWidget* ScenarioPanel::buildBatchBox()
{
    auto* box = new QGroupBox(tr("Batch"), this);
    m_batchTasks = new QListWidget(box);
    m_batchTasks->setObjectName(QStringLiteral("batchTaskList"));
    m_batchTasks->setMaximumHeight(150);
    // A list view expands by default: the box would take the panel's spare height and show it as a band.
    m_batchTasks->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_discount = new QSpinBox(box);
    m_discount->setObjectName(QStringLiteral("batchDiscountSpin"));
    m_discount->setRange(0, 100);
    m_discount->setSuffix(QStringLiteral(" %"));
    connect(m_batchTasks, &QListWidget::itemChanged, this, [this] { edit(tr("Batch task types"), batchFromControls()); });
    connect(m_discount, &QSpinBox::valueChanged, this, [this](int percent) {
        whatif::Scenario s = scenario();
        s.batch.discountPpm = static_cast<std::int64_t>(percent) * 10'000;
        edit(tr("Batch discount"), s, MergeDiscount);
    });
    auto* form = new QFormLayout(box);
    form->addRow(new QLabel(tr("Eligible task types"), box));
    form->addRow(m_batchTasks);
    form->addRow(tr("Discount"), m_discount);
    return box;
}

QWidget* ScenarioPanel::buildRouterBox()
{
    auto* box = new QWidget(this);
    m_router = new QCheckBox(tr("Apply the router"), box);
    m_router->setObjectName(QStringLiteral("routerCheck"));
    m_routerEditor = new RouterEditor(m_editor, box);
    connect(m_router, &QCheckBox::toggled, this, [this](bool on) {
        whatif::Scenario s = scenario();
        s.router = on ? m_lastRouter.value_or(whatif::edits::startingRouter()) : std::optional<whatif::Router>();
        edit(on ? tr("Apply the router") : tr("Switch the router off"), s);
    });
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_router);
    layout->addWidget(m_routerEditor, 1);
    return box;
}

void ScenarioPanel::setCatalog(const pricing::PriceCatalog& catalog)
{
    m_catalog = catalog;
    m_routerEditor->setCatalog(catalog);
}

void ScenarioPanel::setTaskTypes(const QStringList& taskTypes)
{
    m_taskTypes = taskTypes;
    m_routerEditor->setTaskTypes(taskTypes);
    fillBatchList(scenario().batch.taskTypes);
}

const whatif::Scenario& ScenarioPanel::scenario() const
{
    return m_editor->scenario();
}

void ScenarioPanel::edit(const QString& text, const whatif::Scenario& after, int mergeKey)
{
    if (!m_updating)
        m_editor->edit(text, after, mergeKey);
}

// The presets, the file shown when it is not one, and the entry shown named as the editor names it ("… *").
void ScenarioPanel::fillScenarioBox()
{
    const bool updating = std::exchange(m_updating, true);
    m_preset->clear();
    for (const services::ScenarioPreset& preset : services::bundledPresets())
        m_preset->addItem(preset.name, preset.path);
    const QString source = m_editor->source();
    int shown = m_preset->findData(source);
    if (shown < 0 || source.isEmpty()) {
        m_preset->addItem(QString(), source);
        shown = m_preset->count() - 1;
    }
    m_preset->setItemText(shown, m_editor->displayName());
    m_preset->setItemData(shown, QDir::toNativeSeparators(source), Qt::ToolTipRole);
    m_preset->setCurrentIndex(shown);
    if (m_name->text() != scenario().name)
        m_name->setText(scenario().name);
    m_updating = updating;
}

void ScenarioPanel::onPresetActivated(int index)
{
    const QString path = m_preset->itemData(index).toString();
    if (!path.isEmpty() && path != m_editor->source())
        loadScenarioFile(path);
}

bool ScenarioPanel::loadScenarioFile(const QString& path)
{
    QString error;
    const std::optional<whatif::Scenario> parsed = services::readScenarioFile(path, m_catalog, &error);
    showError(error);
    if (!parsed) {
        fillScenarioBox(); // the box goes back to the scenario still shown
        return false;
    }
    m_lastRouter.reset();
    m_editor->open(*parsed, path);
    return true;
}

bool ScenarioPanel::saveScenarioFile(const QString& requested)
{
    const QString path = services::withJsonSuffix(requested);
    // An edited preset saved under a new file is no longer that preset: it takes the file's name.
    if (path != m_editor->source() && services::isBundledPreset(m_editor->source()) && m_editor->isModified()
        && scenario().name == m_editor->saved().name) {
        whatif::Scenario renamed = scenario();
        renamed.name = QFileInfo(path).completeBaseName();
        m_editor->edit(tr("Rename the scenario"), renamed);
    }
    QString error;
    if (!services::writeScenarioFile(path, scenario(), &error)) {
        showError(error);
        return false;
    }
    showError({});
    m_editor->markSaved(path);
    return true;
}

QString ScenarioPanel::proposedSavePath() const
{
    const QString source = m_editor->source();
    const QString dir = !source.isEmpty() && !services::isBundledPreset(source)
        ? QFileInfo(source).absolutePath()
        : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const bool editedPreset = services::isBundledPreset(source) && m_editor->isModified()
        && scenario().name == m_editor->saved().name;
    const QString name = editedPreset ? scenario().name + tr(" edited") : scenario().name;
    return QDir(dir).filePath(services::proposedFileName(name, dir));
}

QString ScenarioPanel::scenarioSource() const
{
    return m_editor->source();
}

void ScenarioPanel::saveState(QSettings& settings) const
{
    settings.setValue(key::source, m_editor->source());
    settings.setValue(key::scenario, whatif::toJson(scenario()));
    settings.setValue(key::saved, whatif::toJson(m_editor->saved()));
    settings.setValue(key::tab, m_tabs->currentIndex());
}

bool ScenarioPanel::restoreState(const QSettings& settings)
{
    m_tabs->setCurrentIndex(settings.value(key::tab, 0).toInt());
    QString error;
    const auto current = whatif::parseScenario(settings.value(key::scenario).toByteArray(), m_catalog, &error);
    if (!current)
        return false;
    const QString source = settings.value(key::source).toString();
    auto saved = whatif::parseScenario(settings.value(key::saved).toByteArray(), m_catalog, &error);
    if (!saved && !source.isEmpty())
        saved = services::readScenarioFile(source, m_catalog, &error);
    m_lastRouter = saved && saved->router ? saved->router : std::nullopt;
    m_editor->restore(*current, saved.value_or(*current), source);
    return true;
}

void ScenarioPanel::openScenario()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadScenarioFile(path);
}

void ScenarioPanel::save()
{
    const QString source = m_editor->source();
    if (source.isEmpty() || services::isBundledPreset(source))
        saveScenarioAs();
    else
        saveScenarioFile(source);
}

void ScenarioPanel::saveScenarioAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), proposedSavePath(),
                                                      tr("Scenarios (*.json)"));
    if (!path.isEmpty())
        saveScenarioFile(path);
}

void ScenarioPanel::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString ScenarioPanel::errorText() const
{
    return m_error->text();
}

void ScenarioPanel::setTtlSeconds(std::int64_t seconds)
{
    whatif::Scenario s = scenario();
    s.cache.ttlSeconds = seconds;
    m_editor->edit(tr("Cache TTL"), s);
}

std::int64_t ScenarioPanel::ttlSeconds() const
{
    return scenario().cache.ttlSeconds;
}

// Every control from the editor's scenario; no edit comes back from it.
void ScenarioPanel::showScenario()
{
    const whatif::Scenario& s = scenario();
    const bool updating = std::exchange(m_updating, true);
    if (s.router)
        m_lastRouter = s.router;
    m_cacheMode->setCurrentIndex(m_cacheMode->findData(static_cast<int>(s.cache.mode)));
    m_scope->setCurrentIndex(m_scope->findData(static_cast<int>(s.cache.scope)));
    m_similarity->setValue(s.cache.similarity);
    m_discount->setValue(percentOf(s.batch.discountPpm));
    m_router->setChecked(s.router.has_value());
    m_ttlSlider->setValue(ttl::positionOf(s.cache.ttlSeconds)); // the nearest position; the value stays exact
    m_ttlLabel->setText(formatDuration(s.cache.ttlSeconds));
    if (m_name->text() != s.name)
        m_name->setText(s.name);
    fillBatchList(s.batch.taskTypes);
    m_updating = updating;
    syncEnabled();
}

whatif::Scenario ScenarioPanel::batchFromControls() const
{
    whatif::Scenario s = scenario();
    s.batch.taskTypes.clear();
    for (int i = 0; i < m_batchTasks->count(); ++i) {
        if (m_batchTasks->item(i)->checkState() == Qt::Checked)
            s.batch.taskTypes << m_batchTasks->item(i)->text();
    }
    return s;
}

void ScenarioPanel::fillBatchList(const QStringList& checked)
{
    const bool updating = std::exchange(m_updating, true);
    m_batchTasks->clear();
    QStringList tasks = m_taskTypes + checked;
    tasks.sort();
    tasks.removeDuplicates();
    for (const QString& task : std::as_const(tasks)) {
        auto* item = new QListWidgetItem(task, m_batchTasks);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(task) ? Qt::Checked : Qt::Unchecked);
        if (!m_taskTypes.isEmpty() && !m_taskTypes.contains(task))
            item->setToolTip(tr("Not in this month's calls"));
    }
    m_updating = updating;
}

// What does nothing in the current mode is disabled: TTL and its presets and the scope without a cache, the
// similarity outside near mode.
void ScenarioPanel::syncEnabled()
{
    const whatif::CacheMode mode = scenario().cache.mode;
    const bool caching = mode != whatif::CacheMode::Off;
    m_ttlSlider->setEnabled(caching);
    m_ttlPresets->setEnabled(caching);
    m_scope->setEnabled(caching);
    m_similarity->setEnabled(mode == whatif::CacheMode::Near);
}

} // namespace costdash::ui
