#include "TestPromptsPage.h"

#include "Charts.h"
#include "Format.h"
#include "PastRunsModel.h"
#include "RunModels.h"
#include "SummaryTableModel.h"
#include "api/ApiKey.h"
#include "api/Endpoint.h"
#include "services/RunJob.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

money::Nanos totalCost(const api::RunSummary& summary)
{
    money::Nanos cost = 0;
    for (const api::ModelStats& s : summary.models)
        cost += s.cost;
    return cost;
}

// A table over `source` sorted by its raw values (SortRole), columns fitted to their contents.
QTableView* sortableTable(QAbstractItemModel* source, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    auto* proxy = new QSortFilterProxyModel(view);
    proxy->setSourceModel(source);
    proxy->setSortRole(SortRole);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->verticalHeader()->hide();
    return view;
}

} // namespace

TestPromptsPage::TestPromptsPage(services::RunJob* job, QWidget* parent)
    : QWidget(parent)
    , m_job(job)
    , m_stats(new RunStatsModel(this))
    , m_answers(new AnswersModel(this))
    , m_pastRuns(new PastRunsModel(this))
{
    setObjectName(QStringLiteral("testPromptsPage"));
    auto* layout = new QHBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QSplitter(Qt::Vertical, splitter);
    // The form scrolls rather than push the window past a 1280×720 screen (WindowFit.h).
    auto* form = new QScrollArea(left);
    form->setWidget(buildForm());
    form->setWidgetResizable(true);
    form->setFrameShape(QFrame::NoFrame);
    form->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    form->setMinimumWidth(form->widget()->sizeHint().width() + form->verticalScrollBar()->sizeHint().width());
    left->addWidget(form);
    left->addWidget(buildPastRuns());
    splitter->addWidget(left);
    splitter->addWidget(buildResults());
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);
    connect(m_job, &services::RunJob::statsChanged, this, &TestPromptsPage::showStats);
    connect(m_job, &services::RunJob::callsFinished, m_answers, &AnswersModel::addCalls);
    connect(m_job, &services::RunJob::progress, this, [this](int done, int total) {
        m_progress->setMaximum(std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(m_job, &services::RunJob::finished, this, &TestPromptsPage::finish);
    connect(m_job, &services::RunJob::runsListed, this, [this](const QList<store::RunListing>& runs, const QString& error) {
        m_pastRuns->setRuns(runs);
        if (!error.isEmpty())
            m_status->setText(tr("Past runs: %1").arg(error));
        Q_EMIT pastRunsListed();
    });
    connect(m_job, &services::RunJob::runLoaded, this, &TestPromptsPage::showStoredRun);
    connect(m_job, &services::RunJob::failed, this, [this](const QString& message) {
        m_status->setText(message);
        setRunning(m_job->isRunning());
    });
    connect(m_job, &services::RunJob::modelsListed, this, [this](const QStringList& models, const QString& error) {
        m_fetchModels->setEnabled(true);
        if (!error.isEmpty()) {
            m_status->setText(tr("GET /models: %1").arg(error));
            return;
        }
        addModelItems(models);
        m_status->setText(tr("The endpoint lists %1.").arg(countOf(models.size(), tr("model"), tr("models"))));
    });
    setRunning(false);
    restoreChoices();
}

QWidget* TestPromptsPage::buildForm()
{
    auto* form = new QWidget(this);
    auto* layout = new QFormLayout(form);
    m_suite = new QLineEdit(api::kDemoSuitePath, form);
    m_suite->setObjectName(QStringLiteral("suiteEdit"));
    m_suite->setToolTip(tr("A JSON or JSONL prompt suite; %1 is the bundled demo suite.").arg(api::kDemoSuitePath));
    auto* browse = new QPushButton(tr("Browse\u2026"), form);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Prompt suite"), QString(),
                                                          tr("Suites (*.json *.jsonl);;All files (*)"));
        if (!path.isEmpty())
            m_suite->setText(path);
    });
    auto* suiteRow = new QHBoxLayout;
    suiteRow->addWidget(m_suite, 1);
    suiteRow->addWidget(browse);
    layout->addRow(tr("Suite"), suiteRow);
    m_endpoint = new QLineEdit(api::kDefaultEndpoint, form);
    m_endpoint->setObjectName(QStringLiteral("endpointEdit"));
    layout->addRow(tr("Endpoint"), m_endpoint);
    m_models = new QListWidget(form);
    m_models->setObjectName(QStringLiteral("modelsList"));
    m_models->setMinimumHeight(140);
    m_fetchModels = new QPushButton(tr("Fetch the endpoint's models"), form);
    m_fetchModels->setObjectName(QStringLiteral("fetchModelsButton"));
    connect(m_fetchModels, &QPushButton::clicked, this, [this] {
        m_fetchModels->setEnabled(false);
        QCoro::connect(api::loadApiKey(), this, [this](const api::ApiKey& key) {
            m_job->listModels(m_endpoint->text(), key.value);
        });
    });
    auto* models = new QVBoxLayout;
    models->addWidget(m_models);
    models->addWidget(m_fetchModels);
    layout->addRow(tr("Models"), models);
    m_concurrency = new QSpinBox(form);
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(8);
    layout->addRow(tr("Concurrency"), m_concurrency);
    m_repeat = new QSpinBox(form);
    m_repeat->setRange(1, 100);
    m_repeat->setObjectName(QStringLiteral("repeatBox"));
    layout->addRow(tr("Repeats"), m_repeat);
    m_rpm = new QLineEdit(form);
    m_rpm->setObjectName(QStringLiteral("rpmEdit"));
    m_rpm->setPlaceholderText(tr("no limit (e.g. 60, gpt-4o=10)"));
    m_rpm->setToolTip(tr("Requests per minute: N for each model, MODEL=N for one model's own limit, "
                         "comma-separated."));
    layout->addRow(tr("Requests per minute"), m_rpm);
    m_budget = new QLineEdit(form);
    m_budget->setPlaceholderText(tr("no cap"));
    m_budget->setToolTip(tr("No request starts that could take the run past this many USD (worst case from the "
                            "catalog)."));
    layout->addRow(tr("Budget (USD)"), m_budget);
    m_stream = new QCheckBox(tr("Stream (measures time to first token)"), form);
    layout->addRow(QString(), m_stream);
    m_reference = new QComboBox(form);
    m_reference->setObjectName(QStringLiteral("referenceBox"));
    m_reference->setToolTip(tr("Prompts without an expected answer are judged by agreement with this model's answer "
                               "(normalized text)."));
    layout->addRow(tr("Reference model"), m_reference);
    connect(m_models, &QListWidget::itemChanged, this, &TestPromptsPage::refreshReferences);
    refreshReferences();
    m_run = new QPushButton(tr("Run"), form);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_cancel = new QPushButton(tr("Cancel"), form);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_run, &QPushButton::clicked, this, &TestPromptsPage::run);
    connect(m_cancel, &QPushButton::clicked, this, &TestPromptsPage::cancel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    layout->addRow(buttons);
    m_progress = new QProgressBar(form);
    m_progress->setValue(0);
    layout->addRow(m_progress);
    m_status = new QLabel(form);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setWordWrap(true);
    layout->addRow(m_status);
    return form;
}

QWidget* TestPromptsPage::buildResults()
{
    auto* results = new QSplitter(Qt::Vertical, this);
    m_statsView = sortableTable(m_stats, QStringLiteral("runStatsTable"), results);
    results->addWidget(m_statsView);
    auto* lower = new QSplitter(Qt::Horizontal, results);
    m_answersView = new QTableView(lower);
    m_answersView->setObjectName(QStringLiteral("answersTable"));
    m_answersView->setModel(m_answers);
    m_answersView->verticalHeader()->hide();
    m_answersView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    lower->addWidget(m_answersView);
    m_scatter = charts::makeView(tr("Cost vs pass rate"), lower);
    m_scatter->setObjectName(QStringLiteral("costVsPassRate"));
    m_scatter->setMinimumWidth(320);
    lower->addWidget(m_scatter);
    results->addWidget(lower);
    results->setStretchFactor(1, 1);
    return results;
}

QWidget* TestPromptsPage::buildPastRuns()
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Past runs"), box), 1);
    auto* refresh = new QPushButton(tr("Refresh"), box);
    connect(refresh, &QPushButton::clicked, this, &TestPromptsPage::refreshPastRuns);
    header->addWidget(refresh);
    layout->addLayout(header);
    m_pastRunsView = sortableTable(m_pastRuns, QStringLiteral("pastRunsTable"), box);
    m_pastRunsView->sortByColumn(PastRunsModel::Started, Qt::DescendingOrder);
    m_pastRunsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pastRunsView->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_pastRunsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    showPastRun(current.data(PastRunsModel::RunIdRole).toString());
            });
    layout->addWidget(m_pastRunsView);
    return box;
}

void TestPromptsPage::setStorePath(const QString& path)
{
    m_storePath = path;
    refreshPastRuns();
}

void TestPromptsPage::refreshPastRuns()
{
    if (!m_storePath.isEmpty())
        m_job->listRuns(m_storePath);
}

void TestPromptsPage::showPastRun(const QString& runId)
{
    if (m_job->isRunning()) {
        m_status->setText(tr("A run is going on: its live figures stay on show."));
        return;
    }
    m_shownRunId = runId;
    m_job->loadRun(m_storePath, runId);
}

void TestPromptsPage::showStoredRun(const api::StoredRun& run, const QString& error)
{
    // A run started meanwhile, or another past run asked for since: this one is no longer wanted.
    if (m_job->isRunning() || run.summary.runId != m_shownRunId) {
        if (!error.isEmpty() && !m_job->isRunning())
            m_status->setText(error);
        return;
    }
    QStringList models;
    for (const api::ModelStats& m : run.summary.models)
        models.append(m.model);
    m_answers->reset(models);
    m_answers->addCalls(run.calls);
    showStats(run.summary.models);
    m_status->setText(tr("%1 (%2, %3): %4, %5.")
                          .arg(run.summary.runId, run.summary.suite, run.endpoint,
                               countOf(run.calls.size(), tr("call"), tr("calls")),
                               money::formatUsdReadable(totalCost(run.summary))));
    Q_EMIT pastRunShown(run.summary.runId);
}

void TestPromptsPage::setCatalogModels(const QStringList& models)
{
    addModelItems(models);
}

void TestPromptsPage::addModelItems(const QStringList& models)
{
    for (const QString& model : models) {
        if (!m_models->findItems(model, Qt::MatchExactly).isEmpty())
            continue;
        auto* item = new QListWidgetItem(model, m_models);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
}

void TestPromptsPage::refreshReferences()
{
    const QString current = m_reference->currentData().toString();
    m_reference->clear();
    m_reference->addItem(tr("(none)"), QString());
    for (const QString& model : checkedModels())
        m_reference->addItem(model, model);
    m_reference->setCurrentIndex(std::max(0, m_reference->findData(current)));
}

// The page's choices between sessions (the endpoint and concurrency defaults are the Settings dialog's).
void TestPromptsPage::saveChoices() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("testprompts/suite"), m_suite->text());
    settings.setValue(QStringLiteral("testprompts/models"), checkedModels());
    settings.setValue(QStringLiteral("testprompts/repeat"), m_repeat->value());
    settings.setValue(QStringLiteral("testprompts/stream"), m_stream->isChecked());
    settings.setValue(QStringLiteral("testprompts/budget"), m_budget->text());
    settings.setValue(QStringLiteral("testprompts/rpm"), m_rpm->text().trimmed());
    settings.setValue(QStringLiteral("testprompts/reference"), m_reference->currentData().toString());
}

void TestPromptsPage::restoreChoices()
{
    const QSettings settings;
    if (const QString suite = settings.value(QStringLiteral("testprompts/suite")).toString(); !suite.isEmpty())
        m_suite->setText(suite);
    setCheckedModels(settings.value(QStringLiteral("testprompts/models")).toStringList());
    m_repeat->setValue(settings.value(QStringLiteral("testprompts/repeat"), 1).toInt());
    m_stream->setChecked(settings.value(QStringLiteral("testprompts/stream"), false).toBool());
    m_budget->setText(settings.value(QStringLiteral("testprompts/budget")).toString());
    m_rpm->setText(settings.value(QStringLiteral("testprompts/rpm")).toString());
    m_reference->setCurrentIndex(
        std::max(0, m_reference->findData(settings.value(QStringLiteral("testprompts/reference")).toString())));
}

void TestPromptsPage::setDefaults(const QString& endpoint, int concurrency)
{
    m_endpoint->setText(endpoint);
    m_concurrency->setValue(concurrency);
}

void TestPromptsPage::setCheckedModels(const QStringList& models)
{
    addModelItems(models);
    for (int i = 0; i < m_models->count(); ++i)
        m_models->item(i)->setCheckState(models.contains(m_models->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

QStringList TestPromptsPage::checkedModels() const
{
    QStringList out;
    for (int i = 0; i < m_models->count(); ++i) {
        if (m_models->item(i)->checkState() == Qt::Checked)
            out.append(m_models->item(i)->text());
    }
    return out;
}

QString TestPromptsPage::statusText() const
{
    return m_status->text();
}

void TestPromptsPage::run()
{
    if (m_job->isRunning())
        return;
    if (checkedModels().isEmpty()) {
        m_status->setText(tr("Check at least one model."));
        return;
    }
    setRunning(true);
    m_status->setText(tr("Reading the API key\u2026"));
    QCoro::connect(api::loadApiKey(), this, [this](const api::ApiKey& key) { startWithKey(key.value); });
}

void TestPromptsPage::startWithKey(const QString& key)
{
    services::RunJobConfig config;
    QString error;
    const auto suite = api::loadSuite(m_suite->text(), &error);
    if (!suite) {
        m_status->setText(error);
        setRunning(false);
        return;
    }
    if (!m_budget->text().trimmed().isEmpty()) {
        const auto budget = money::parseUsd(m_budget->text().trimmed(), &error);
        if (!budget) {
            m_status->setText(tr("Budget: %1").arg(error));
            setRunning(false);
            return;
        }
        config.options.budget = *budget;
    }
    const auto rpm = api::parseRpmLimits({m_rpm->text()}, &error);
    if (!rpm) {
        m_status->setText(error);
        setRunning(false);
        return;
    }
    config.options.requestsPerMinute = *rpm;
    config.dbPath = m_storePath;
    config.endpoint = m_endpoint->text().trimmed();
    config.apiKey = key;
    config.suite = *suite;
    config.options.models = checkedModels();
    config.options.concurrency = m_concurrency->value();
    config.options.repeat = m_repeat->value();
    config.options.stream = m_stream->isChecked();
    config.options.referenceModel = m_reference->currentData().toString();
    saveChoices();
    m_shownRunId.clear();
    m_answers->reset(config.options.models);
    m_stats->setStats({});
    m_progress->setValue(0);
    m_status->setText(tr("Running %1 on %2\u2026").arg(suite->name, countOf(config.options.models.size(), tr("model"), tr("models"))));
    if (!m_job->start(std::move(config)))
        setRunning(false);
}

void TestPromptsPage::cancel()
{
    m_job->cancel();
    m_status->setText(tr("Cancelling\u2026"));
}

void TestPromptsPage::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void TestPromptsPage::showStats(const QList<api::ModelStats>& stats)
{
    m_stats->setStats(stats);
    showScatter(stats);
}

void TestPromptsPage::showScatter(const QList<api::ModelStats>& stats)
{
    QChart* chart = m_scatter->chart();
    charts::clear(chart);
    auto* x = new QValueAxis(chart);
    x->setTitleText(tr("cost (USD)"));
    auto* y = new QValueAxis(chart);
    y->setTitleText(tr("pass rate (%)"));
    y->setRange(0, 100);
    double maxUsd = 0;
    for (const api::ModelStats& s : stats) {
        if (!s.passRate())
            continue;
        auto* series = new QScatterSeries(chart);
        series->setName(s.model);
        series->setMarkerSize(12);
        series->append(toPlotUsd(s.cost), *s.passRate() * 100);
        maxUsd = std::max(maxUsd, toPlotUsd(s.cost));
        chart->addSeries(series);
    }
    x->setRange(0, maxUsd > 0 ? maxUsd * 1.15 : 1e-6);
    x->setLabelFormat(charts::usdLabelFormat(maxUsd));
    x->setTickCount(3); // small amounts have long labels
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->legend()->setVisible(!chart->series().isEmpty());
}

void TestPromptsPage::finish(const api::RunSummary& summary)
{
    m_summary = summary;
    setRunning(false);
    showStats(summary.models);
    qint64 calls = 0;
    for (const api::ModelStats& s : summary.models)
        calls += s.calls;
    const money::Nanos cost = totalCost(summary);
    refreshPastRuns();
    if (!summary.error.isEmpty())
        m_status->setText(summary.error);
    else
        m_status->setText(tr("%1 %2: %3, %4.")
                              .arg(summary.runId, summary.cancelled ? tr("cancelled") : tr("done"),
                                   countOf(calls, tr("call"), tr("calls")), money::formatUsdReadable(cost)));
    Q_EMIT runFinished(summary);
}

} // namespace costdash::ui
