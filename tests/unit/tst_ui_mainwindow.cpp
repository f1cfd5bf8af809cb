// The real window against a real temporary store holding the known month: the numbers, labels, charts and
// tables it shows, the what-if controls re-running the replay, remembered settings, and the import flow.
#include "ImportFlow.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "ProjectionModels.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "SummaryTableModel.h"
#include "WhatIfPage.h"
#include "services/ReplayRunner.h"
#include "pricing/PriceCatalog.h"
#include "services/StoreService.h"
#include "CliRunner.h"
#include "TestFiles.h"
#include "uitest_fixtures.h"
#include "uitest_window.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QElapsedTimer>
#include <QThread>
#include <QTabWidget>
#include <QThreadPool>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QLineEdit>
#include <QLineSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QTimer>
#include <QListWidget>
#include <QStackedBarSeries>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace costdash;
using namespace costdash::ui;

namespace {

using uitest::labelText;

// Bar labels (top to bottom) and values of a horizontal bar chart.
QList<QPair<QString, double>> bars(const QChartView* view)
{
    QList<QPair<QString, double>> out;
    const auto series = view->chart()->series();
    if (series.isEmpty())
        return out;
    auto* bar = qobject_cast<QHorizontalBarSeries*>(series.first());
    const auto axes = bar->attachedAxes();
    QStringList categories;
    for (QAbstractAxis* axis : axes) {
        if (auto* category = qobject_cast<QBarCategoryAxis*>(axis))
            categories = category->categories();
    }
    const QBarSet* set = bar->barSets().first();
    for (int i = set->count() - 1; i >= 0; --i)
        out.append({categories.value(i), set->at(i)});
    return out;
}

// One call of `model` for a chat on 2025-11-03 that cost `cost`, as the store service sums it.
services::Overview oneCallOverview(const QString& model, money::Nanos cost)
{
    const auto group = [cost](const QString& key) {
        store::SummaryGroup one;
        one.key = key;
        one.calls = 1;
        one.cost = cost;
        store::Summary summary;
        summary.calls = 1;
        summary.cost = cost;
        summary.groups = {one};
        return summary;
    };
    services::Overview overview;
    overview.byModel = group(model);
    overview.byTask = group(QStringLiteral("chat"));
    overview.byDay = group(QStringLiteral("2025-11-03"));
    overview.dayByModel = {{QStringLiteral("2025-11-03")}, {model}, {{cost}}};
    return overview;
}

void selectCacheMode(QWidget& root, whatif::CacheMode mode)
{
    auto* combo = root.findChild<QComboBox*>(QStringLiteral("cacheModeCombo"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(static_cast<int>(mode)));
}

} // namespace

class TestUiMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void overviewShowsTheKnownMonth();
    void overviewChartsHoldTheMonth();
    void overviewTableFollowsGrouping();
    void newerOverviewSupersedesTheChartsInFlight();
    void cacheControlsReplayAtOnce();
    void routerPresetShowsTiersAndMoves();
    void scenarioErrorsAreShownWithTheirPath();
    void settingsAreRemembered();
    void importShowsBadRowsAndRefreshes();
    void windowShowsAnotherProcessImport();
    void unopenableStoreShowsAnError();
    void aboutNamesVersionAndCatalog();
    void quitDuringALongReplayEndsAllWork();

private:
    std::unique_ptr<MainWindow> openKnown() { return openAndWait(m_dbPath); }
    // A shown window on the store at `path`, once its snapshot is loaded; nullptr when it never is.
    static std::unique_ptr<MainWindow> openAndWait(const QString& path);

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestUiMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(uitest::setUpKnownMonth(m_dir, &m_dbPath, &error), qPrintable(error));
}

void TestUiMainWindow::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestUiMainWindow::openAndWait(const QString& path)
{
    return uitest::openWindow(path);
}

void TestUiMainWindow::overviewShowsTheKnownMonth()
{
    const auto window = openKnown();
    QVERIFY(window);
    const OverviewPage& page = *window->overviewPage();
    QCOMPARE(labelText(page, QStringLiteral("totalSpendValue")), QStringLiteral("$5.30"));
    QCOMPARE(labelText(page, QStringLiteral("totalSpendDetail")), QStringLiteral("1 unpriced call not included"));
    QCOMPARE(labelText(page, QStringLiteral("callsValue")), QStringLiteral("6"));
    QCOMPARE(labelText(page, QStringLiteral("unpricedValue")), QStringLiteral("1"));
    QCOMPARE(labelText(page, QStringLiteral("unpricedDetail")), QStringLiteral("unknown to the catalog: mystery-model-x"));
    QCOMPARE(labelText(page, QStringLiteral("periodValue")), QStringLiteral("4 days"));
    QCOMPARE(labelText(page, QStringLiteral("periodDetail")), QStringLiteral("2025-11-03 \u2192 2025-11-06"));
    QVERIFY(window->windowTitle().startsWith(QStringLiteral("known.db")));
}

void TestUiMainWindow::overviewChartsHoldTheMonth()
{
    const auto window = openKnown();
    QVERIFY(window);
    OverviewPage& page = *window->overviewPage();
    const auto byModel = bars(page.spendByModelChart());
    QCOMPARE(byModel.size(), 2); // mystery-model-x is unpriced: no $0 bar, the title says so
    QCOMPARE(page.spendByModelChart()->chart()->title(), QStringLiteral("Spend by model (1 unpriced not shown)"));
    QCOMPARE(byModel.at(0).first, QStringLiteral("gpt-4o"));
    QCOMPARE(byModel.at(0).second, 5.0);
    QCOMPARE(byModel.at(1).first, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(byModel.at(1).second, 0.3);
    const auto byTask = bars(page.spendByTaskChart());
    QCOMPARE(byTask.at(0).first, QStringLiteral("summarization"));
    QCOMPARE(byTask.at(0).second, 2.7);
    QVERIFY(page.spendByDayChart()->chart()->series().isEmpty()); // on a hidden tab: drawn once shown
    QVERIFY(uitest::showDayTotals(page));
    const auto daySeries = page.spendByDayChart()->chart()->series();
    QCOMPARE(daySeries.size(), 1);
    const auto* area = qobject_cast<QAreaSeries*>(daySeries.first());
    QVERIFY(area);
    const QList<QPointF> points = area->upperSeries()->points();
    QCOMPARE(points.size(), 4); // Nov 3..6
    QCOMPARE(points.at(0).y(), 2.5);
    QCOMPARE(points.at(1).y(), 2.4);
    QCOMPARE(points.at(2).y(), 0.3);
    QCOMPARE(points.at(3).y(), 0.1);
}

void TestUiMainWindow::overviewTableFollowsGrouping()
{
    const auto window = openKnown();
    QVERIFY(window);
    OverviewPage& page = *window->overviewPage();
    QAbstractItemModelTester tester(page.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QAbstractItemModel* table = page.proxyModel();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->index(0, SummaryTableModel::Key).data().toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(table->index(0, SummaryTableModel::Cost).data().toString(), QStringLiteral("$5.00"));
    QCOMPARE(table->index(2, SummaryTableModel::Cost).data().toString(), QStringLiteral("unpriced"));
    auto* groupBy = page.findChild<QComboBox*>(QStringLiteral("groupByCombo"));
    groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(store::GroupBy::Day)));
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->headerData(SummaryTableModel::Key, Qt::Horizontal).toString(), QStringLiteral("Day"));
    QCOMPARE(table->index(0, SummaryTableModel::Key).data().toString(), QStringLiteral("2025-11-03")); // $2.50
    auto* filter = page.findChild<QLineEdit*>(QStringLiteral("tableFilter"));
    QTest::keyClicks(filter, QStringLiteral("11-05"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->index(0, SummaryTableModel::Calls).data().toString(), QStringLiteral("2"));
}

// The charts are drawn one per event-loop turn: an overview that comes while they are drawn is the one they all
// show, the chart drawn from the older one included; the chart on the hidden tab waits to be shown.
void TestUiMainWindow::newerOverviewSupersedesTheChartsInFlight()
{
    OverviewPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy drawn(&page, &OverviewPage::chartsShown);
    page.setOverview(oneCallOverview(QStringLiteral("gpt-4o"), 2'000'000'000));
    QTRY_VERIFY(!page.spendPerDayChart()->chart()->series().isEmpty()); // the first chart is drawn
    drawn.clear();
    page.setOverview(oneCallOverview(QStringLiteral("claude-sonnet-4"), 3'000'000'000));
    QVERIFY(drawn.wait());
    const auto* stacked = qobject_cast<QStackedBarSeries*>(page.spendPerDayChart()->chart()->series().first());
    QVERIFY(stacked);
    QCOMPARE(stacked->barSets().size(), 1);
    QCOMPARE(stacked->barSets().first()->label(), QStringLiteral("claude-sonnet-4"));
    QCOMPARE(stacked->barSets().first()->at(0), 3.0);
    QCOMPARE(bars(page.spendByModelChart()), (QList<QPair<QString, double>>{{QStringLiteral("claude-sonnet-4"), 3.0}}));
    QCOMPARE(bars(page.spendByTaskChart()), (QList<QPair<QString, double>>{{QStringLiteral("chat"), 3.0}}));
    QVERIFY(page.spendByDayChart()->chart()->series().isEmpty());
    QVERIFY(uitest::showDayTotals(page));
    QCOMPARE(bars(page.spendByDayChart()), (QList<QPair<QString, double>>{{QStringLiteral("2025-11-03"), 3.0}}));
}

void TestUiMainWindow::cacheControlsReplayAtOnce()
{
    const auto window = openKnown();
    QVERIFY(window);
    WhatIfPage& page = *window->whatIfPage();
    QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
    // The preset: exact cache, 24 h.
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$4.05"));
    QCOMPARE(labelText(page, QStringLiteral("baselineValue")), QStringLiteral("$5.30"));
    QCOMPARE(labelText(page, QStringLiteral("savingsValue")), QStringLiteral("$1.25"));
    QCOMPARE(labelText(page, QStringLiteral("savingsDetail")), QStringLiteral("23.6 % of the baseline"));
    QCOMPARE(labelText(page, QStringLiteral("cacheHitsValue")), QStringLiteral("1"));

    selectCacheMode(page, whatif::CacheMode::Off);
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$5.30"));
    QCOMPARE(labelText(page, QStringLiteral("savingsValue")), QStringLiteral("$0.00"));

    selectCacheMode(page, whatif::CacheMode::Exact);
    page.findChild<QToolButton*>(QStringLiteral("ttlPreset604800"))->click();
    QCOMPARE(labelText(page, QStringLiteral("ttlLabel")), QStringLiteral("7 d"));
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$3.75"));
    QCOMPARE(labelText(page, QStringLiteral("cacheHitsValue")), QStringLiteral("2"));
    // The charts of a hidden page wait until it is shown.
    QVERIFY(bars(page.projectionPanel()->leversChart()).isEmpty());
    window->pages()->setCurrentWidget(&page);
    const auto levers = bars(page.projectionPanel()->leversChart());
    QCOMPARE(levers.size(), 3);
    QCOMPARE(levers.at(0).first, QStringLiteral("Cache $1.55"));
    QCOMPARE(levers.at(1).first, QStringLiteral("Routing $0.00"));
    QCOMPARE(levers.at(0).second, 1.55);
    QCOMPARE(levers.at(1).second, 0.0);

    page.findChild<QToolButton*>(QStringLiteral("ttlPreset3600"))->click();
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$4.05"));

    // Batch at the preset's 50 %: summarization's two misses (calls 3 and 4: 27 h apart > 1 h) lose $1.35.
    auto* tasks = page.findChild<QListWidget*>(QStringLiteral("batchTaskList"));
    QCOMPARE(tasks->count(), 3);
    const auto found = tasks->findItems(QStringLiteral("summarization"), Qt::MatchExactly);
    QCOMPARE(found.size(), 1);
    found.first()->setCheckState(Qt::Checked);
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$2.70"));

    // The by-task table follows: classification 2.60 -> 1.35 (the cache hit).
    ComparisonModel* byTask = page.projectionPanel()->byTaskModel();
    QAbstractItemModelTester tester(byTask, QAbstractItemModelTester::FailureReportingMode::QtTest);
    bool seen = false;
    for (int row = 0; row < byTask->rowCount(); ++row) {
        if (byTask->index(row, ComparisonModel::Key).data().toString() != QStringLiteral("classification"))
            continue;
        seen = true;
        QCOMPARE(byTask->index(row, ComparisonModel::Baseline).data().toString(), QStringLiteral("$2.60"));
        QCOMPARE(byTask->index(row, ComparisonModel::Projected).data().toString(), QStringLiteral("$1.35"));
    }
    QVERIFY(seen);
}

void TestUiMainWindow::routerPresetShowsTiersAndMoves()
{
    const auto window = openKnown();
    QVERIFY(window);
    WhatIfPage& page = *window->whatIfPage();
    QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/all-gpt-4o-mini.json")));
    // Calls 1-3 move to gpt-4o-mini at 1000 in x $0.15/M + 200 out x $0.60/M = $0.00027 each; call 4 is on it
    // already ($0.30), the failed call keeps $0.10, the unpriced one stays out: $0.40081.
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$0.40"));
    TiersModel* tiers = page.projectionPanel()->tiersModel();
    QAbstractItemModelTester tiersTester(tiers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(tiers->rowCount(), 1);
    QCOMPARE(tiers->index(0, TiersModel::Tier).data().toString(), QStringLiteral("mini"));
    QCOMPARE(tiers->index(0, TiersModel::Model).data().toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(tiers->index(0, TiersModel::RoutedCalls).data().toString(), QStringLiteral("5"));
    MovesModel* moves = page.projectionPanel()->movesModel();
    QAbstractItemModelTester movesTester(moves, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QMap<QString, QString> evidence;
    for (int row = 0; row < moves->rowCount(); ++row)
        evidence.insert(moves->index(row, MovesModel::TaskType).data().toString(),
                        moves->index(row, MovesModel::Evidence).data().toString());
    QCOMPARE(evidence.value(QStringLiteral("classification")), QStringLiteral("untested"));
    QVERIFY(!evidence.contains(QStringLiteral("summarization")) // call 4 already ran there: maybe no move
            || evidence.value(QStringLiteral("summarization")) == QStringLiteral("tested"));
    const auto* rules = page.findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    QCOMPARE(rules->topLevelItemCount(), 0);
    QCOMPARE(labelText(page, QStringLiteral("defaultTierLabel")), QStringLiteral("No rule matches \u2192 mini (gpt-4o-mini)"));

    QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
    QCOMPARE(rules->topLevelItemCount(), 5);
    QCOMPARE(rules->topLevelItem(0)->text(1), QStringLiteral("task is classification\n\u2192 trivial (Qwen/Qwen3-8B)"));
    QCOMPARE(rules->topLevelItem(1)->text(1),
             QStringLiteral("prompt has \u201cclassify\u201d, \u201cextract\u201d +2 more\n\u2192 trivial (Qwen/Qwen3-8B)"));
    QCOMPARE(rules->topLevelItem(4)->text(1),
             QStringLiteral("input \u2265 4,000 tokens\n\u2192 expert (deepseek-reasoner)"));
}

void TestUiMainWindow::scenarioErrorsAreShownWithTheirPath()
{
    MainWindow window;
    ScenarioPanel& panel = *window.whatIfPage()->scenarioPanel();
    const QString bad = testing::writeFile(m_dir, QStringLiteral("bad.json"),
                                           R"({"name": "x", "cache": {"mode": "exact", "ttl_seconds": -5}})");
    QVERIFY(!panel.loadScenarioFile(bad));
    QVERIFY2(panel.errorText().startsWith(QStringLiteral("bad.json: cache.ttl_seconds")), qPrintable(panel.errorText()));
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
    QVERIFY(panel.errorText().isEmpty());
}

void TestUiMainWindow::settingsAreRemembered()
{
    {
        const auto window = openKnown();
        QVERIFY(window);
        ScenarioPanel& panel = *window->whatIfPage()->scenarioPanel();
        QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
        window->findChild<QToolButton*>(QStringLiteral("ttlPreset60"))->click();
        window->close();
    }
    QCOMPARE(MainWindow::rememberedStorePath(), m_dbPath);
    MainWindow again;
    const ScenarioPanel& panel = *again.whatIfPage()->scenarioPanel();
    QCOMPARE(panel.scenarioSource(), QStringLiteral(":/scenarios/cache-only.json"));
    QCOMPARE(panel.ttlSeconds(), 60);
    QCOMPARE(panel.scenario().cache.mode, whatif::CacheMode::Exact);
    QCOMPARE(labelText(again, QStringLiteral("ttlLabel")), QStringLiteral("1 min"));
}

void TestUiMainWindow::importShowsBadRowsAndRefreshes()
{
    const QString db = m_dir.filePath(QStringLiteral("fresh.db"));
    const QString csv = testing::writeFile(m_dir, QStringLiteral("two.csv"), uitest::kSeedCsvWithABadRow);
    const auto window = openAndWait(db);
    QVERIFY(window);
    QCOMPARE(labelText(*window->overviewPage(), QStringLiteral("totalSpendValue")), QStringLiteral("$0.00"));
    window->importFlow()->importFiles(db, {csv});
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*window->overviewPage(), QStringLiteral("totalSpendValue")),
                              QStringLiteral("$0.30"), 20'000);
    QCOMPARE(labelText(*window->overviewPage(), QStringLiteral("callsValue")), QStringLiteral("2"));
    QDialog* report = window->findChild<QDialog*>(QStringLiteral("importReport"));
    QVERIFY(report);
    QCOMPARE(labelText(*report, QStringLiteral("importSummary")), QStringLiteral("Imported 2 calls; 1 bad row skipped."));
    const auto* problems = report->findChild<QTreeWidget*>(QStringLiteral("importProblems"));
    QVERIFY(problems);
    QCOMPARE(problems->topLevelItemCount(), 1);
    QCOMPARE(problems->topLevelItem(0)->text(0), QStringLiteral("two.csv"));
    QCOMPARE(problems->topLevelItem(0)->text(1), QStringLiteral("3"));
    QVERIFY(!problems->topLevelItem(0)->text(2).isEmpty());
    report->close();
}

// Another process imports into the open store: the window shows its calls by itself; View > Refresh (F5) is there
// to do it at once.
void TestUiMainWindow::windowShowsAnotherProcessImport()
{
    const QString db = m_dir.filePath(QStringLiteral("shared.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(db, &error), qPrintable(error));
    const auto window = openAndWait(db);
    QVERIFY(window);
    QCOMPARE(labelText(*window->overviewPage(), QStringLiteral("callsValue")), QStringLiteral("6"));
    const auto* refresh = window->findChild<QAction*>(QStringLiteral("refreshAction"));
    QVERIFY(refresh);
    QCOMPARE(refresh->shortcut(), QKeySequence(QKeySequence::Refresh));
    const auto* viewMenu = qobject_cast<QMenu*>(refresh->parent());
    QVERIFY(viewMenu);
    QCOMPARE(viewMenu->title(), QStringLiteral("&View"));

    const QString csv = testing::writeFile(m_dir, QStringLiteral("shared.csv"),
        "timestamp,model,input_tokens,output_tokens,cost_usd\n"
        "2025-11-07T10:00:00Z,gpt-4o,1000,200,0.25\n"
        "2025-11-07T11:00:00Z,gpt-4o,1000,200,0.25\n");
    const testing::CliResult import = testing::runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), db});
    QVERIFY2(import.exitCode == 0, import.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*window->overviewPage(), QStringLiteral("callsValue")), QStringLiteral("8"), 10'000);
    QCOMPARE(labelText(*window->overviewPage(), QStringLiteral("totalSpendValue")), QStringLiteral("$5.80"));
}

void TestUiMainWindow::unopenableStoreShowsAnError()
{
    const QString garbage = testing::writeFile(m_dir, QStringLiteral("garbage.db"), QByteArray(4096, 'x'));
    MainWindow window;
    window.openStore(garbage);
    QTRY_VERIFY_WITH_TIMEOUT(window.errorText().contains(QStringLiteral("garbage.db")), 10'000);
}

void TestUiMainWindow::aboutNamesVersionAndCatalog()
{
    MainWindow window;
    QAction* about = nullptr;
    for (QAction* action : window.menuBar()->findChildren<QAction*>()) {
        if (action->text() == QStringLiteral("&About costdash"))
            about = action;
    }
    QVERIFY(about);
    QString shown;
    // The box is modal: read and close it from inside its own event loop.
    QTimer poll;
    connect(&poll, &QTimer::timeout, &poll, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    poll.start(20);
    about->trigger();
    QVERIFY2(shown.contains(QStringLiteral("costdash " COSTDASH_VERSION)), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("price catalog of ") + pricing::PriceCatalog::bundled().snapshotDate()),
             qPrintable(shown));
}

void TestUiMainWindow::quitDuringALongReplayEndsAllWork()
{
    auto window = openKnown();
    QVERIFY(window);
    std::atomic_bool stoppedByCancel{false};
    // A near replay that would run for 30 s unless cancelled.
    auto* runner = window->findChild<services::ReplayRunner*>();
    QVERIFY(runner);
    runner->setReplayFunction(
        [&stoppedByCancel](const whatif::Snapshot&, const whatif::Scenario&,
                           const std::atomic<bool>& cancel) -> std::optional<whatif::Projection> {
            QElapsedTimer timer;
            timer.start();
            while (!cancel.load() && timer.elapsed() < 30'000)
                QThread::msleep(1);
            stoppedByCancel = cancel.load();
            return std::nullopt;
        });
    selectCacheMode(*window->whatIfPage(), whatif::CacheMode::Near);
    QTRY_VERIFY(runner->isRunning());
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    auto* quit = window->findChild<QAction*>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    quit->trigger(); // File > Quit
    QVERIFY(!window->isVisible());
    window.reset(); // as the application ends: the window and its services go
    QThreadPool::globalInstance()->waitForDone(); // what QCoreApplication's exit waits for
    QVERIFY2(timer.elapsed() < 2'000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(stoppedByCancel);
}

QTEST_MAIN(TestUiMainWindow)
#include "tst_ui_mainwindow.moc"
