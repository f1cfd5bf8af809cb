#include "MainWindow.h"

#include "FileDrops.h"
#include "ImportFlow.h"
#include "pages/CallsPage.h"
#include "pages/FirstRunPage.h"
#include "pages/PricesPage.h"
#include "OverviewPage.h"
#include "PeriodPicker.h"
#include "RecentStores.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "SettingsDialog.h"
#include "TestPromptsPage.h"
#include "WhatIfPage.h"
#include "report/ExportReportFlow.h"
#include "whatif/ScenarioEditor.h"
#include "WindowFit.h"
#include "Format.h"
#include "api/ApiSettings.h"
#include "services/DemoJob.h"
#include "services/RunJob.h"
#include "services/ReplayRunner.h"
#include "services/StoreService.h"
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"
#include "whatif/Scenario.h"

#include "Palette.h"
#include "ProgressDialog.h"
#include <QAbstractItemView>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

namespace key {
const QString storePath = QStringLiteral("store/path");
const QString geometry = QStringLiteral("window/geometry");
const QString page = QStringLiteral("window/page");
} // namespace key

const QString kDefaultPreset = QStringLiteral(":/scenarios/tiered-router.json");
constexpr int kDemoRows = 50'000;
constexpr int kDemoSeed = 42;

QStringList keysOf(const store::Summary& summary)
{
    QStringList keys;
    for (const store::SummaryGroup& group : summary.groups)
        keys << group.key;
    return keys;
}

bool isDemoStore(const QString& path)
{
    return QFileInfo(path).absoluteFilePath() == QFileInfo(MainWindow::demoStorePath()).absoluteFilePath();
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_store(new services::StoreService(this))
    , m_runner(new services::ReplayRunner(this))
    , m_demo(new services::DemoJob(this))
    , m_runJob(new services::RunJob(this))
    , m_import(new ImportFlow(this))
    , m_report(new report::ExportReportFlow(this))
    , m_stack(new QStackedWidget(this))
    , m_firstRun(new FirstRunPage(m_stack))
    , m_pages(new QTabWidget(m_stack))
    , m_overview(new OverviewPage(m_pages))
    , m_whatIf(new WhatIfPage(m_runner, m_pages))
    , m_testPrompts(new TestPromptsPage(m_runJob, m_pages))
    , m_callsPage(new CallsPage(m_store, m_pages))
    , m_pricesPage(new PricesPage(m_pages))
    , m_periodPicker(new PeriodPicker(this))
    , m_error(new QLabel(this))
    , m_storeLabel(new QLabel(this))
    , m_busy(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("costdash"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_overview, tr("&Overview"));
    m_pages->addTab(m_whatIf, tr("&What-if"));
    m_pages->addTab(m_testPrompts, tr("&Test prompts"));
    m_pages->addTab(m_callsPage, tr("&Calls"));
    m_pages->addTab(m_pricesPage, tr("&Prices"));
    const api::ApiSettings apiSettings = api::ApiSettings::load();
    m_testPrompts->setDefaults(apiSettings.endpointOrDefault(), apiSettings.concurrency);
    m_testPrompts->setCatalogModels(pricing::PriceCatalog::bundled().models());
    m_error->setObjectName(QStringLiteral("errorBanner"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("background: %1; color: %2; padding: 6px;").arg(palette::kErrorBackground, palette::kErrorText));
    m_error->hide();
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_error);
    m_stack->addWidget(m_pages);
    m_stack->addWidget(m_firstRun);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
    // In the menu bar's free corner: every page sees it, and it costs the 1280×720 layout no row.
    menuBar()->setCornerWidget(m_periodPicker, Qt::TopRightCorner);
    statusBar()->addWidget(m_storeLabel, 1);
    statusBar()->addPermanentWidget(m_busy);
    createMenus();
    wireServices();
    // Tab moves between controls; the arrows move inside a table (Tab through 217 cells helps no one).
    const auto views = findChildren<QAbstractItemView*>();
    for (QAbstractItemView* view : views)
        view->setTabKeyNavigation(false);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* import = file->addAction(tr("&Import logs\u2026"), this, &MainWindow::importLogs);
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    import->setObjectName(QStringLiteral("importAction"));
    QAction* exportReport = file->addAction(tr("&Export report\u2026"), this, &MainWindow::exportReport);
    exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportReport->setObjectName(QStringLiteral("exportReportAction"));
    QAction* open = file->addAction(tr("&Open store\u2026"), this, &MainWindow::chooseStore);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openStoreAction"));
    m_recent = new RecentStores(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentStores::openRequested, this, &MainWindow::openStore);
    connect(m_recent, &RecentStores::notice, this, [this](const QString& message) {
        statusBar()->showMessage(message, 10'000);
    });
    QAction* settings = file->addAction(tr("&Settings\u2026"), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    settings->setObjectName(QStringLiteral("settingsAction"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu* scenario = menuBar()->addMenu(tr("&Scenario"));
    ScenarioPanel* panel = m_whatIf->scenarioPanel();
    // The panel's own dialogs: one place that opens and saves scenario files (Save as adds ".json").
    scenario->addAction(tr("&Open scenario\u2026"), panel, &ScenarioPanel::openScenario);
    scenario->addAction(tr("&Save scenario"), panel, &ScenarioPanel::save)->setShortcut(QKeySequence::Save);
    scenario->addAction(tr("Save scenario &as\u2026"), panel, &ScenarioPanel::saveScenarioAs)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    scenario->addSeparator();
    for (QAction* action : m_whatIf->editActions(scenario))
        scenario->addAction(action);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_pages->count(); ++i) {
        QAction* page = view->addAction(m_pages->tabText(i).remove(u'&'), m_pages, [this, i] {
            m_pages->setCurrentIndex(i);
        });
        page->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    // The store also refreshes by itself when another process commits to it (StoreService watches it).
    QAction* refresh = view->addAction(tr("&Refresh"), m_store, &services::StoreService::refresh);
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setObjectName(QStringLiteral("refreshAction"));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About costdash"), this, [this] {
        QMessageBox::about(this, tr("About costdash"),
                           tr("<b>costdash %1</b><p>Where your LLM API money goes, and what routing, caching and "
                              "batching would have saved, replayed over your own month of calls.</p>"
                              "<p>Bundled price catalog of %2.</p>")
                               .arg(QStringLiteral(COSTDASH_VERSION),
                                    pricing::PriceCatalog::bundled().snapshotDate()));
    });
}

void MainWindow::wireServices()
{
    connect(m_store, &services::StoreService::opened, this, [this](const QString& path) {
        m_testPrompts->setStorePath(path);
        m_pricesPage->setStorePath(path);
        if (QFileInfo::exists(path) && !isDemoStore(path)) // the demo month is never the user's store
            m_recent->add(path);
        m_error->hide();
        showStatus();
    });
    connect(m_store, &services::StoreService::failed, this, &MainWindow::showError);
    connect(m_store, &services::StoreService::overviewReady, this, [this](const services::Overview& overview) {
        m_overview->setOverview(overview);
        m_whatIf->setAggregates(overview.byModel.aggregateCalls, overview.byModel.spendRows,
                                overview.byModel.aggregateCost);
        m_calls = overview.byModel.calls;
        showFirstRunWhenEmpty(m_calls + overview.byModel.spendRows); // spend lines alone are no empty store
        const QStringList days = keysOf(overview.byDay);
        m_callsPage->setChoices(keysOf(overview.byModel), keysOf(overview.byTask), days.value(0), days.value(days.size() - 1));
        m_callsPage->setPeriod(overview.period); // reloads the list
        m_unpricedModels = overview.byModel.unpricedModels;
        if (!overview.warnings.isEmpty())
            showError(overview.warnings.join(u'\n'));
        showStatus();
    });
    connect(m_periodPicker, &PeriodPicker::changed, this, [this](const whatif::DayRange& period) {
        m_store->setPeriod(period);
        if (!m_store->path().isEmpty()) {
            m_whatIf->setLoading();
            m_store->refresh();
        }
    });
    connect(m_store, &services::StoreService::callStatsReady, m_overview, &OverviewPage::setCallStats);
    connect(m_store, &services::StoreService::snapshotReady, m_whatIf, &WhatIfPage::setMonth);
    ScenarioPanel* scenario = m_whatIf->scenarioPanel();
    connect(scenario->editor(), &ScenarioEditor::scenarioChanged, m_store,
            [this, scenario] { m_store->setWarmRouter(scenario->scenario().router); });
    connect(m_store, &services::StoreService::busyChanged, this,
            [this](bool busy) { m_busy->setText(busy ? tr("Loading\u2026") : QString()); });
    connect(m_import, &ImportFlow::storeChanged, m_store, &services::StoreService::refresh);
    connect(new FileDrops(this), &FileDrops::dropped, this, [this](const QStringList& files) {
        if (storeTakesImports())
            m_import->previewAndImport(m_store->path(), files);
    });
    connect(m_testPrompts, &TestPromptsPage::runFinished, m_store, &services::StoreService::refresh);
    connect(m_store, &services::StoreService::snapshotReady, m_testPrompts,
            [this](const services::SnapshotBundle& bundle) {
                m_testPrompts->setCatalogModels(bundle.catalog.models());
                m_pricesPage->setCatalog(bundle.catalog, m_unpricedModels);
            });
    connect(m_pricesPage, &PricesPage::pricesSaved, m_store, &services::StoreService::refresh);
    connect(m_overview, &OverviewPage::modelClicked, m_callsPage, &CallsPage::showModel);
    connect(m_overview, &OverviewPage::taskClicked, m_callsPage, &CallsPage::showTask);
    connect(m_overview, &OverviewPage::dayClicked, m_callsPage, &CallsPage::showDay);
    for (const auto signal : {&OverviewPage::modelClicked, &OverviewPage::taskClicked, &OverviewPage::dayClicked})
        connect(m_overview, signal, this, [this] { showPages(m_pages->indexOf(m_callsPage)); });
    connect(m_firstRun, &FirstRunPage::openDemoRequested, this, [this] { openDemoStore(demoStorePath()); });
    connect(m_firstRun, &FirstRunPage::importRequested, this, &MainWindow::importLogs);
    connect(m_firstRun, &FirstRunPage::testPromptsRequested, this, [this] {
        m_firstRunDismissed = true;
        showPages(m_pages->indexOf(m_testPrompts));
    });
    connect(m_report, &report::ExportReportFlow::exported, this, [this](const QString& path, int pages) {
        statusBar()->showMessage(tr("Report written: %1 (%2 pages)").arg(QDir::toNativeSeparators(path)).arg(pages), 10'000);
    });
    connect(m_demo, &services::DemoJob::finished, this, [this](const QString& path, const QString& error) {
        if (!error.isEmpty())
            showError(tr("Cannot generate the demo month: %1").arg(error));
        else
            openStore(path);
    });
}

void MainWindow::showSettings()
{
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this, [this] {
        const api::ApiSettings s = api::ApiSettings::load();
        m_testPrompts->setDefaults(s.endpointOrDefault(), s.concurrency);
    });
    dialog->open();
}

QString MainWindow::rememberedStorePath()
{
    const QString remembered = QSettings().value(key::storePath).toString();
    const bool usable = !remembered.isEmpty() && QFileInfo::exists(remembered)
        && QFileInfo(remembered).absoluteFilePath() != QFileInfo(demoStorePath()).absoluteFilePath();
    return usable ? remembered : store::CallStore::defaultPath();
}

QString MainWindow::demoStorePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-month.db");
}

bool MainWindow::showsFirstRun() const
{
    return m_stack->currentWidget() == m_firstRun;
}

void MainWindow::showPages(int index)
{
    m_stack->setCurrentWidget(m_pages);
    if (index >= 0)
        m_pages->setCurrentIndex(index);
}

void MainWindow::showFirstRunWhenEmpty(std::int64_t calls)
{
    if (calls == 0 && !m_firstRunDismissed)
        m_stack->setCurrentWidget(m_firstRun);
    else
        showPages();
}

void MainWindow::openStore(const QString& path)
{
    m_calls = -1;
    m_firstRunDismissed = false;
    m_whatIf->setLoading();
    m_testPrompts->setStorePath(path);
    m_store->open(path);
    showStatus();
}

void MainWindow::openDemoStore(const QString& path)
{
    if (QFileInfo(path).size() > 0) {
        openStore(path);
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QProgressDialog* progress = openJobProgress(
        this, tr("Demo month"), tr("Generating a demo month (%1 calls)\u2026").arg(formatCount(kDemoRows)),
        QStringLiteral("demoProgress"));
    connect(m_demo, &services::DemoJob::progress, progress, &QProgressDialog::setValue);
    connect(progress, &QProgressDialog::canceled, m_demo, &services::DemoJob::cancel);
    connect(m_demo, &services::DemoJob::finished, progress, &QObject::deleteLater);
    m_demo->start(path, kDemoRows, kDemoSeed);
}

void MainWindow::chooseStore()
{
    // An Open dialog that also takes a new name: the store is created by its first import.
    QFileDialog dialog(this, tr("Open or create a store"), QFileInfo(m_store->path()).absolutePath(),
                       tr("costdash stores (*.db *.sqlite);;All files (*)"));
    dialog.setObjectName(QStringLiteral("openStoreDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setLabelText(QFileDialog::Accept, tr("Open"));
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        openStore(dialog.selectedFiles().first());
}

void MainWindow::importLogs()
{
    if (storeTakesImports())
        m_import->chooseAndImport(m_store->path());
}

bool MainWindow::storeTakesImports()
{
    if (m_store->path().isEmpty()) {
        showError(tr("Open a store first (File \u2192 Open store\u2026)."));
        return false;
    }
    if (isDemoStore(m_store->path())) {
        showError(tr("This is the demo month: open your own store (File \u2192 Open store\u2026) before importing "
                     "logs, so they are not mixed with generated calls."));
        return false;
    }
    return true;
}

report::ExportRequest MainWindow::reportRequest() const
{
    const ScenarioPanel* panel = m_whatIf->scenarioPanel();
    const whatif::Scenario current = panel->scenario();
    report::ExportRequest request{m_store->path(),
                                  {report::scenarioFileOf(current, QFileInfo(panel->scenarioSource()).fileName())},
                                  m_store->period()};
    for (const whatif::Scenario& pinned : m_whatIf->pinnedScenarios()) {
        if (whatif::toJson(pinned) != whatif::toJson(current)) // the current one leads already
            request.scenarios.append(report::scenarioFileOf(pinned, pinned.name));
    }
    return request;
}

void MainWindow::exportReport()
{
    if (m_store->path().isEmpty()) {
        showError(tr("Open a store first (File \u2192 Open store\u2026)."));
        return;
    }
    m_report->exportReport(reportRequest());
}

void MainWindow::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString MainWindow::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void MainWindow::showStatus()
{
    const QString path = QDir::toNativeSeparators(m_store->path());
    m_storeLabel->setText(m_calls < 0 ? path : tr("%1 \u2014 %2 calls").arg(path, formatCount(m_calls)));
    setWindowTitle(path.isEmpty() ? QStringLiteral("costdash")
                                  : QStringLiteral("%1 \u2014 costdash").arg(QFileInfo(path).fileName()));
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    setMinimumSize(windowfit::kMinimumSize);
    const QRect available = windowfit::availableGeometry(this);
    if (restoreGeometry(settings.value(key::geometry).toByteArray()) && !isMaximized())
        setGeometry(windowfit::fitInto(geometry(), available));
    else if (!isMaximized())
        setGeometry(windowfit::initialGeometry(available));
    m_pages->setCurrentIndex(settings.value(key::page, 0).toInt());
    {
        const QSignalBlocker blocker(m_periodPicker); // no store is open yet: nothing to refresh
        m_periodPicker->restoreState(settings);
    }
    m_store->setPeriod(m_periodPicker->range());
    ScenarioPanel* panel = m_whatIf->scenarioPanel();
    if (!panel->restoreState(settings))
        panel->loadScenarioFile(kDefaultPreset);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(key::geometry, saveGeometry());
    settings.setValue(key::page, m_pages->currentIndex());
    m_periodPicker->saveState(settings);
    if (!m_store->path().isEmpty() && !isDemoStore(m_store->path()))
        settings.setValue(key::storePath, m_store->path());
    m_whatIf->scenarioPanel()->saveState(settings);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    m_runner->cancel(); // quitting ends the work at once, however long the replay would still run
    event->accept();
}

} // namespace costdash::ui
