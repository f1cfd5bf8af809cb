#include "ScenarioPanel.h"

#include "Format.h"
#include "TtlScale.h"

#include "Palette.h"
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

const QString kPresetDir = QStringLiteral(":/scenarios");

QString describe(const whatif::RuleCondition& when)
{
    QStringList parts;
    const QString any = QStringLiteral(" | ");
    if (!when.taskTypes.isEmpty())
        parts << QObject::tr("task is %1").arg(when.taskTypes.join(any));
    if (!when.models.isEmpty())
        parts << QObject::tr("model is %1").arg(when.models.join(any));
    if (!when.promptContains.isEmpty()) {
        // The panel is narrow: two words and a count; the tooltip has the rule in full.
        const QStringList shown = when.promptContains.mid(0, 2);
        const qsizetype more = when.promptContains.size() - shown.size();
        parts << QObject::tr("prompt has \u201c%1\u201d").arg(shown.join(QStringLiteral("\u201d, \u201c")))
                + (more > 0 ? QObject::tr(" +%1 more").arg(more) : QString());
    }
    if (!when.promptMatches.isEmpty())
        parts << QObject::tr("prompt matches /%1/").arg(when.promptMatches);
    if (when.inputTokensAtLeast)
        parts << QObject::tr("input \u2265 %1 tokens").arg(formatCount(*when.inputTokensAtLeast));
    if (when.inputTokensBelow)
        parts << QObject::tr("input < %1 tokens").arg(formatCount(*when.inputTokensBelow));
    return parts.isEmpty() ? QObject::tr("always") : parts.join(QObject::tr(" and "));
}

int percentOf(std::int64_t ppm)
{
    return static_cast<int>((ppm + 5'000) / 10'000);
}

} // namespace

ScenarioPanel::ScenarioPanel(QWidget* parent)
    : QWidget(parent)
    , m_catalog(pricing::PriceCatalog::bundled())
{
    setObjectName(QStringLiteral("scenarioPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildScenarioBox());
    layout->addWidget(buildCacheBox());
    layout->addWidget(buildBatchBox());
    layout->addWidget(buildRouterBox(), 1);
    reloadPresets();
    syncEnabled();
}

QWidget* ScenarioPanel::buildScenarioBox()
{
    auto* box = new QGroupBox(tr("Scenario"), this);
    m_preset = new QComboBox(box);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(20);
    auto* open = new QPushButton(tr("Open\u2026"), box);
    auto* save = new QPushButton(tr("Save as\u2026"), box);
    open->setObjectName(QStringLiteral("openScenarioButton"));
    save->setObjectName(QStringLiteral("saveScenarioButton"));
    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("scenarioError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(palette::kBad));
    m_error->hide();
    connect(m_preset, &QComboBox::activated, this, &ScenarioPanel::onPresetActivated);
    connect(open, &QPushButton::clicked, this, &ScenarioPanel::openScenario);
    connect(save, &QPushButton::clicked, this, &ScenarioPanel::saveScenarioAs);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(save);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_preset);
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
    auto* presetRow = new QHBoxLayout;
    presetRow->setSpacing(2);
    for (const std::int64_t seconds : ttl::kPresets) {
        auto* button = new QToolButton(box);
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

    connect(m_cacheMode, &QComboBox::currentIndexChanged, this, &ScenarioPanel::controlChanged);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &ScenarioPanel::controlChanged);
    connect(m_similarity, &QDoubleSpinBox::valueChanged, this, &ScenarioPanel::controlChanged);
    connect(m_ttlSlider, &QSlider::valueChanged, this, [this](int position) {
        if (m_updating)
            return;
        m_ttlSeconds = ttl::secondsAt(position);
        m_ttlLabel->setText(formatDuration(m_ttlSeconds));
        controlChanged();
    });

    auto* form = new QFormLayout(box);
    form->addRow(tr("Mode"), m_cacheMode);
    form->addRow(tr("TTL"), ttlRow);
    form->addRow(QString(), presetRow);
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
    m_discount = new QSpinBox(box);
    m_discount->setObjectName(QStringLiteral("batchDiscountSpin"));
    m_discount->setRange(0, 100);
    m_discount->setSuffix(QStringLiteral(" %"));
    connect(m_batchTasks, &QListWidget::itemChanged, this, &ScenarioPanel::controlChanged);
    connect(m_discount, &QSpinBox::valueChanged, this, &ScenarioPanel::controlChanged);
    auto* form = new QFormLayout(box);
    form->addRow(new QLabel(tr("Eligible task types"), box));
    form->addRow(m_batchTasks);
    form->addRow(tr("Discount"), m_discount);
    return box;
}

QWidget* ScenarioPanel::buildRouterBox()
{
    auto* box = new QGroupBox(tr("Router (from the scenario, read-only)"), this);
    m_router = new QCheckBox(tr("Apply the router"), box);
    m_router->setObjectName(QStringLiteral("routerCheck"));
    m_rules = new QTreeWidget(box);
    m_rules->setObjectName(QStringLiteral("routerRules"));
    m_rules->setHeaderLabels({QStringLiteral("#"), tr("When \u2192 tier (model)")});
    m_rules->setRootIsDecorated(false);
    m_rules->setUniformRowHeights(false);
    m_rules->setMinimumHeight(150);
    m_rules->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_defaultTier = new QLabel(box);
    m_defaultTier->setObjectName(QStringLiteral("defaultTierLabel"));
    m_defaultTier->setWordWrap(true);
    connect(m_router, &QCheckBox::toggled, this, &ScenarioPanel::controlChanged);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_router);
    layout->addWidget(m_rules, 1);
    layout->addWidget(m_defaultTier);
    return box;
}

void ScenarioPanel::setCatalog(const pricing::PriceCatalog& catalog)
{
    m_catalog = catalog;
    reloadPresets();
}

void ScenarioPanel::setTaskTypes(const QStringList& taskTypes)
{
    m_taskTypes = taskTypes;
    fillBatchList(scenario().batch.taskTypes);
}

namespace {

// The bundled presets (path, display name), read once: they are resources and never change.
const QList<QPair<QString, QString>>& bundledPresets()
{
    static const QList<QPair<QString, QString>> presets = [] {
        QList<QPair<QString, QString>> out;
        const QStringList files = QDir(kPresetDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString& file : files) {
            const QString path = kPresetDir + u'/' + file;
            QFile in(path);
            const QString name = in.open(QIODevice::ReadOnly)
                ? QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("name")).toString()
                : QString();
            out.append({path, name.isEmpty() ? QFileInfo(file).baseName() : name});
        }
        return out;
    }();
    return presets;
}

} // namespace

void ScenarioPanel::reloadPresets()
{
    const QString current = m_preset->currentData().toString();
    m_preset->clear();
    for (const auto& [path, name] : bundledPresets())
        m_preset->addItem(name, path);
    if (!m_source.isEmpty() && !m_source.startsWith(kPresetDir))
        m_preset->addItem(QFileInfo(m_source).fileName(), m_source);
    const int index = m_preset->findData(current.isEmpty() ? m_source : current);
    if (index >= 0)
        m_preset->setCurrentIndex(index);
}

void ScenarioPanel::onPresetActivated(int index)
{
    loadScenarioFile(m_preset->itemData(index).toString());
}

bool ScenarioPanel::loadScenarioFile(const QString& path)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(path, in.errorString()));
        return false;
    }
    QString error;
    const std::optional<whatif::Scenario> parsed = whatif::parseScenario(in.readAll(), m_catalog, &error);
    if (!parsed) {
        showError(tr("%1: %2").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    showError({});
    m_source = path;
    if (m_preset->findData(path) < 0)
        m_preset->addItem(QFileInfo(path).fileName(), path);
    m_preset->setCurrentIndex(m_preset->findData(path));
    setScenario(*parsed);
    return true;
}

bool ScenarioPanel::saveScenarioFile(const QString& path)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(whatif::toJson(scenario())) < 0) {
        showError(tr("Cannot write %1: %2").arg(path, out.errorString()));
        return false;
    }
    showError({});
    return true;
}

bool ScenarioPanel::restoreScenario(const QString& source, const QByteArray& json)
{
    QString error;
    const std::optional<whatif::Scenario> parsed = whatif::parseScenario(json, m_catalog, &error);
    if (!parsed)
        return false;
    m_source = source;
    reloadPresets();
    setScenario(*parsed);
    return true;
}

void ScenarioPanel::openScenario()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadScenarioFile(path);
}

void ScenarioPanel::saveScenarioAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), QString(), tr("Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        path += QStringLiteral(".json");
    if (saveScenarioFile(path)) {
        m_source = path;
        reloadPresets();
    }
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

void ScenarioPanel::setScenario(const whatif::Scenario& scenario)
{
    m_base = scenario;
    m_updating = true;
    m_cacheMode->setCurrentIndex(m_cacheMode->findData(static_cast<int>(scenario.cache.mode)));
    m_scope->setCurrentIndex(m_scope->findData(static_cast<int>(scenario.cache.scope)));
    m_similarity->setValue(scenario.cache.similarity);
    m_discount->setValue(percentOf(scenario.batch.discountPpm));
    m_router->setChecked(scenario.router.has_value());
    fillBatchList(scenario.batch.taskTypes);
    m_updating = false;
    showRouter();
    setTtlSeconds(scenario.cache.ttlSeconds); // emits scenarioChanged() once
}

void ScenarioPanel::setTtlSeconds(std::int64_t seconds)
{
    m_ttlSeconds = seconds;
    m_ttlLabel->setText(formatDuration(seconds));
    const bool updating = m_updating;
    m_updating = true; // the slider shows the nearest position; the value stays exact
    m_ttlSlider->setValue(ttl::positionOf(seconds));
    m_updating = updating;
    controlChanged();
}

void ScenarioPanel::fillBatchList(const QStringList& checked)
{
    const bool updating = m_updating;
    m_updating = true;
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

void ScenarioPanel::showRouter()
{
    m_rules->clear();
    if (!m_base.router) {
        m_defaultTier->setText(tr("This scenario has no router: every call keeps its model."));
        return;
    }
    const whatif::Router& router = *m_base.router;
    auto tierText = [&router](const QString& tier) -> QString {
        return tier + QStringLiteral(" (") + router.tiers.value(tier) + u')';
    };
    for (int i = 0; i < router.rules.size(); ++i) {
        const whatif::RouterRule& rule = router.rules.at(i);
        // Two lines: the condition, then where it sends the call; the panel is narrow.
        const QString text = describe(rule.when) + QStringLiteral("\n\u2192 ") + tierText(rule.tier);
        auto* item = new QTreeWidgetItem(m_rules, {QString::number(i + 1), text});
        QStringList full = rule.when.promptContains;
        item->setToolTip(1, full.isEmpty() ? text : text + QStringLiteral("\n") + full.join(QStringLiteral(", ")));
    }
    m_defaultTier->setText(tr("No rule matches \u2192 %1").arg(tierText(router.defaultTier)));
}

void ScenarioPanel::syncEnabled()
{
    const auto mode = static_cast<whatif::CacheMode>(m_cacheMode->currentData().toInt());
    const bool caching = mode != whatif::CacheMode::Off;
    m_ttlSlider->setEnabled(caching);
    m_scope->setEnabled(caching);
    m_similarity->setEnabled(mode == whatif::CacheMode::Near);
    m_router->setEnabled(m_base.router.has_value());
    m_rules->setEnabled(m_base.router.has_value() && m_router->isChecked());
}

void ScenarioPanel::controlChanged()
{
    if (m_updating)
        return;
    syncEnabled();
    Q_EMIT scenarioChanged();
}

whatif::Scenario ScenarioPanel::scenario() const
{
    whatif::Scenario result = m_base;
    if (!m_router->isChecked())
        result.router.reset();
    result.cache.mode = static_cast<whatif::CacheMode>(m_cacheMode->currentData().toInt());
    result.cache.scope = static_cast<whatif::CacheScope>(m_scope->currentData().toInt());
    result.cache.ttlSeconds = m_ttlSeconds;
    // The spin boxes show rounded values: keep the scenario's exact figure until the user picks another.
    if (m_similarity->value() != m_similarity->valueFromText(m_similarity->textFromValue(m_base.cache.similarity)))
        result.cache.similarity = m_similarity->value();
    if (m_discount->value() != percentOf(m_base.batch.discountPpm))
        result.batch.discountPpm = static_cast<std::int64_t>(m_discount->value()) * 10'000;
    result.batch.taskTypes.clear();
    for (int i = 0; i < m_batchTasks->count(); ++i) {
        if (m_batchTasks->item(i)->checkState() == Qt::Checked)
            result.batch.taskTypes << m_batchTasks->item(i)->text();
    }
    return result;
}

} // namespace costdash::ui
