// The window as a new user meets it (issue 13): it fits a 1280×720 laptop screen, and every page stays laid out
// there. Driven on the real window against a real temporary store holding the known month.
#include "MainWindow.h"
#include "WindowFit.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"
#include "uitest_import.h"
#include "uitest_window.h"
#include "TestFiles.h"

#include "Format.h"
#include "ImportFlow.h"
#include "KpiTile.h"
#include "OverviewModels.h"
#include "ScenarioPanel.h"
#include "report/ExportReportFlow.h"
#include "CliRunner.h"
#include "WhatIfPage.h"
#include "ProjectionPanel.h"
#include "RecentStores.h"
#include "PeriodPicker.h"
#include "OverviewPage.h"
#include "Palette.h"
#include "SummaryTableModel.h"
#include "TableActions.h"
#include "store/CallStore.h"
#include "store/ImportSession.h"
#include "TestPromptsPage.h"
#include "pages/CallsModel.h"
#include "pages/CallsPage.h"
#include "pages/FirstRunPage.h"
#include "pages/PriceDialog.h"
#include "pages/PricesModel.h"
#include "pages/PricesPage.h"
#include "store/CallList.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QClipboard>
#include <QBarSet>
#include <QChart>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QComboBox>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QStackedBarSeries>
#include <QLineEdit>
#include <QTableView>
#include <QChartView>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QCheckBox>
#include <QDateEdit>
#include <QImage>
#include <QMenu>
#include <QXmlStreamReader>

using namespace costdash;
using namespace costdash::ui;

class TestUiDashboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void minimumSizeFitsA1280x720Screen();
    void firstSizeFitsTheScreen();
    void emptyStoreShowsTheFirstRunPage();
    void firstRunOpensTheDemoMonthApart();
    void firstRunImportsLogs();
    void firstRunSendsTestPrompts();
    void demoStoreRefusesImportsAndIsNotReopened();
    void callsPageListsSortsAndFilters();
    void callsPageShowsTheCallsDetail();
    void clickingAModelBarFiltersTheCalls();
    void addingAPriceForAnUnpricedModelChangesTheTotal();
    void pricesPageImportsALiteLlmFile();
    void overviewMends();
    void oneDayStoreDrawsItsDay();
    void notALogIsOneSentence();
    void openStoreIsAnOpenDialog();
    void darkPaletteDarkCharts();
    void tablesCopyAndExport();
    void droppingALogImportsIt();
    void overviewStacksDaysSplitsTokensAndTimesModels();
    void overviewGroupsByProvider();
    void chartsSaveAsPngAndSvg();
    void periodPickerNarrowsEveryPage();
    void periodIsRemembered();
    void recentStoresAreRememberedAndMissingOnesGreyed();

private:
    std::unique_ptr<MainWindow> openAndWait(const QString& path);
    // A CSV log of one gpt-4o call on 2025-11-03 costing `cost` USD.
    QString writeOneCallLog(const QString& name, const QByteArray& cost) const
    {
        return testing::writeFile(m_dir, name,
                                  "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success\n"
                                  "2025-11-03T10:00:00Z,gpt-4o,1000,200,900," + cost + ",classification,true\n");
    }

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestUiDashboard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8()); // the demo store's folder
    QString error;
    QVERIFY2(uitest::setUpKnownMonth(m_dir, &m_dbPath, &error), qPrintable(error));
}

void TestUiDashboard::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestUiDashboard::openAndWait(const QString& path)
{
    return uitest::openWindow(path);
}

void TestUiDashboard::minimumSizeFitsA1280x720Screen()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    const QSize fits = windowfit::kSmallestScreen - windowfit::kFrameAllowance;
    auto* pages = window->findChild<QTabWidget*>();
    QVERIFY(pages);
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        const QSize minimum = window->minimumSize().expandedTo(window->minimumSizeHint());
        QVERIFY2(minimum.width() <= fits.width() && minimum.height() <= fits.height(),
                 qPrintable(QStringLiteral("page %1 needs %2×%3").arg(pages->tabText(i)).arg(minimum.width()).arg(minimum.height())));
    }
    // Laid out at the size that fits the small screen, no chart is squeezed below what it asks for.
    window->resize(fits);
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        QCoreApplication::processEvents();
        const auto views = pages->widget(i)->findChildren<QChartView*>();
        for (const QChartView* view : views) {
            if (view->isVisibleTo(window.get()))
                QVERIFY2(view->height() >= view->minimumSizeHint().height() && view->height() >= 150,
                         qPrintable(view->objectName() + QStringLiteral(" is %1 px high").arg(view->height())));
        }
    }
}

void TestUiDashboard::firstSizeFitsTheScreen()
{
    const QRect laptop(0, 0, 1366, 768);
    const QRect first = windowfit::initialGeometry(laptop);
    QVERIFY(laptop.contains(first));
    QVERIFY(first.height() + windowfit::kFrameAllowance.height() <= laptop.height());
    QCOMPARE(first.height(), laptop.height() - windowfit::kFrameAllowance.height()); // a laptop's lines are all used
    QCOMPARE(first.center(), laptop.center());
    const QRect big = windowfit::initialGeometry(QRect(0, 0, 3840, 2160));
    QCOMPARE(big.size(), QSize(1600, 1000));
    // A layout saved on a big screen is brought back inside a small one.
    const QRect restored = windowfit::fitInto(QRect(400, 300, 1800, 1100), QRect(0, 0, 1280, 720));
    QVERIFY(QRect(0, 0, 1280, 720).contains(restored));
    QCOMPARE(restored.size(), windowfit::kSmallestScreen - windowfit::kFrameAllowance);
    // A new window takes its first size from the screen it is on.
    MainWindow window;
    QCOMPARE(window.size(), windowfit::initialGeometry(windowfit::availableGeometry(&window)).size());
}

void TestUiDashboard::emptyStoreShowsTheFirstRunPage()
{
    const auto window = openAndWait(m_dir.filePath(QStringLiteral("none-yet.db")));
    QVERIFY(window);
    QVERIFY(window->showsFirstRun());
    QVERIFY(window->firstRunPage()->isVisible());
    QVERIFY(!window->overviewPage()->isVisible()); // never an all-zero dashboard
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("none-yet.db"))));
}

void TestUiDashboard::firstRunOpensTheDemoMonthApart()
{
    const QString mine = m_dir.filePath(QStringLiteral("mine-empty.db"));
    const auto window = openAndWait(mine);
    QVERIFY(window);
    QSignalSpy overview(window->storeService(), &services::StoreService::overviewReady);
    QTest::mouseClick(window->firstRunPage()->findChild<QPushButton*>(QStringLiteral("openDemoButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!overview.isEmpty()
                                 && overview.last().at(0).value<services::Overview>().byModel.calls == 50'000,
                             60'000);
    QCOMPARE(window->storeService()->path(), MainWindow::demoStorePath());
    QVERIFY(QFileInfo(MainWindow::demoStorePath()).absolutePath().startsWith(m_dir.path()));
    QVERIFY(!window->showsFirstRun());
    QVERIFY(!QFileInfo::exists(mine)); // the user's store is not touched by the demo
}

void TestUiDashboard::firstRunImportsLogs()
{
    const QString db = m_dir.filePath(QStringLiteral("first-import.db"));
    const QString csv = writeOneCallLog(QStringLiteral("first.csv"), "0.25");
    const auto window = openAndWait(db);
    QVERIFY(window);
    QVERIFY(window->showsFirstRun());
    // The button opens the file dialog; pick the log in it as a user would.
    QTimer::singleShot(0, this, [csv] {
        QTRY_VERIFY(qobject_cast<QFileDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        dialog->selectFile(csv);
        QMetaObject::invokeMethod(dialog, &QDialog::accept); // protected in QFileDialog, a slot of QDialog
    });
    QTest::mouseClick(window->firstRunPage()->findChild<QPushButton*>(QStringLiteral("importLogsButton")), Qt::LeftButton);
    QVERIFY(uitest::confirmPreview(*window->importFlow())); // the preview comes first; Import writes
    QTRY_VERIFY_WITH_TIMEOUT(!window->showsFirstRun(), 20'000);
    QTRY_COMPARE_WITH_TIMEOUT(window->overviewPage()->findChild<QLabel*>(QStringLiteral("totalSpendValue"))->text(),
                              QStringLiteral("$0.25"), 20'000);
    const auto reports = window->findChildren<QDialog*>();
    for (QDialog* dialog : reports)
        dialog->close();
}

void TestUiDashboard::firstRunSendsTestPrompts()
{
    const auto window = openAndWait(m_dir.filePath(QStringLiteral("none-yet.db")));
    QVERIFY(window);
    QVERIFY(window->showsFirstRun());
    QTest::mouseClick(window->firstRunPage()->findChild<QPushButton*>(QStringLiteral("testPromptsButton")), Qt::LeftButton);
    QVERIFY(!window->showsFirstRun());
    QVERIFY(window->testPromptsPage()->isVisible());
}

void TestUiDashboard::demoStoreRefusesImportsAndIsNotReopened()
{
    const QString mine = m_dbPath;
    {
        const auto window = openAndWait(mine);
        QVERIFY(window);
        window->close(); // remembers the user's store
    }
    QVERIFY(QFileInfo::exists(MainWindow::demoStorePath())); // made by firstRunOpensTheDemoMonthApart
    const auto window = openAndWait(MainWindow::demoStorePath());
    QVERIFY(window);
    window->importLogs();
    QCOMPARE(window->errorText(), QStringLiteral("This is the demo month: open your own store (File \u2192 Open store\u2026) "
                                                 "before importing logs, so they are not mixed with generated calls."));
    window->close();
    QCOMPARE(MainWindow::rememberedStorePath(), mine); // plain `costdash` reopens the user's store, not the demo
}

namespace {

// The Calls page of `window` once its list for the current filters has arrived and every row is loaded.
QStringList callsColumn(MainWindow& window, int column)
{
    CallsModel* model = window.callsPage()->model();
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!model->call(row))
            return {QStringLiteral("<not loaded>")};
        out << model->index(row, column).data().toString();
    }
    return out;
}

bool listedAndLoaded(MainWindow& window)
{
    CallsModel* model = window.callsPage()->model();
    return !model->isListing() && (model->rowCount() == 0 || model->call(model->rowCount() - 1));
}

} // namespace

void TestUiDashboard::callsPageListsSortsAndFilters()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    QAbstractItemModelTester tester(window->callsPage()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window->pages()->currentWidget(), window->callsPage());
    QTRY_VERIFY(listedAndLoaded(*window));
    QCOMPARE(callsColumn(*window, CallsModel::Time),
             QStringList({QStringLiteral("2025-11-03 10:00:00"), QStringLiteral("2025-11-03 10:30:00"),
                          QStringLiteral("2025-11-04 09:00:00"), QStringLiteral("2025-11-05 12:00:00"),
                          QStringLiteral("2025-11-05 13:00:00"), QStringLiteral("2025-11-06 08:00:00")}));
    // Sorting by cost (a click on its header) happens on the store thread; the unpriced call stays last.
    QTableView* table = window->callsPage()->table();
    const int x = table->horizontalHeader()->sectionViewportPosition(CallsModel::Cost) + 5;
    QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
    QTRY_VERIFY(listedAndLoaded(*window));
    QCOMPARE(callsColumn(*window, CallsModel::Cost),
             QStringList({QStringLiteral("$0.1000"), QStringLiteral("$0.3000"), QStringLiteral("$1.25"),
                          QStringLiteral("$1.25"), QStringLiteral("$2.40"), QStringLiteral("unpriced")}));
    QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
    QTRY_VERIFY(listedAndLoaded(*window));
    QCOMPARE(callsColumn(*window, CallsModel::Cost).first(), QStringLiteral("$2.40"));
    QCOMPARE(callsColumn(*window, CallsModel::Cost).last(), QStringLiteral("unpriced"));
    // Prompt text, case-insensitive; then the failed calls only; then a minimum cost.
    auto* prompt = window->callsPage()->findChild<QLineEdit*>(QStringLiteral("callsPromptFilter"));
    QTest::keyClicks(prompt, QStringLiteral("REFUND"));
    QTRY_COMPARE(window->callsPage()->model()->rowCount(), 2);
    prompt->clear();
    auto* status = window->callsPage()->findChild<QComboBox*>(QStringLiteral("callsStatusFilter"));
    status->setCurrentIndex(status->findData(int(store::CallStatus::Failed)));
    QTRY_VERIFY(listedAndLoaded(*window) && window->callsPage()->model()->rowCount() == 1);
    QCOMPARE(callsColumn(*window, CallsModel::Model), QStringList{QStringLiteral("gpt-4o")});
    status->setCurrentIndex(0);
    auto* minCost = window->callsPage()->findChild<QLineEdit*>(QStringLiteral("callsMinCost"));
    QTest::keyClicks(minCost, QStringLiteral("1.25"));
    QTRY_VERIFY(listedAndLoaded(*window) && window->callsPage()->model()->rowCount() == 3);
    minCost->clear();
    QTest::keyClicks(minCost, QStringLiteral("abc"));
    QTRY_VERIFY(window->callsPage()->findChild<QLabel*>(QStringLiteral("callsCount"))->text().startsWith(QStringLiteral("Cost filter:")));
}

void TestUiDashboard::callsPageShowsTheCallsDetail()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    window->pages()->setCurrentWidget(window->callsPage());
    QTRY_VERIFY(listedAndLoaded(*window));
    QTableView* table = window->callsPage()->table();
    // Every value of the fixture fits its column (a failed call's "failed (HTTP 500)" included); a value cut
    // short anyway shows whole in its tooltip.
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        for (int column = 0; column < CallsModel::Cost; ++column) {
            const QModelIndex cell = table->model()->index(row, column);
            const QString text = cell.data().toString();
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) < table->columnWidth(column) - 6, qPrintable(text));
            QCOMPARE(cell.data(Qt::ToolTipRole).toString(), text);
        }
    }
    table->setFocus();
    table->selectRow(4); // mystery-model-x: no logged cost, no catalog price
    QString detail = window->callsPage()->detailText();
    QVERIFY2(detail.contains(QStringLiteral("mystery-model-x")), qPrintable(detail));
    QVERIFY(detail.contains(QStringLiteral("none logged")));
    QVERIFY(detail.contains(QStringLiteral("unpriced (no catalog price)")));
    QVERIFY(detail.endsWith(QStringLiteral("Hello there")));
    table->selectRow(0);
    detail = window->callsPage()->detailText();
    QVERIFY2(detail.contains(QStringLiteral("$1.25 (1.250000000 USD)")), qPrintable(detail)); // logged
    QVERIFY(detail.contains(QStringLiteral("1,000"))); // input tokens
    QVERIFY(detail.contains(QStringLiteral("$0.004500 (0.004500000 USD)"))); // gpt-4o at catalog: 1000 in + 200 out
    QVERIFY(detail.endsWith(QStringLiteral("Classify this ticket: refund")));
}

void TestUiDashboard::clickingAModelBarFiltersTheCalls()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    window->resize(1264, 672);
    QChartView* view = window->overviewPage()->spendByModelChart();
    QTRY_VERIFY(view->isVisible() && view->chart()->plotArea().height() > 50);
    auto* series = qobject_cast<QHorizontalBarSeries*>(view->chart()->series().first());
    // gpt-4o-mini is the lower of the two bars (index 0 of the set); click the middle of it.
    const QPointF value(0.15, 0);
    const QPoint at = view->mapFromScene(view->chart()->mapToScene(view->chart()->mapToPosition(value, series)));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(window->pages()->currentWidget(), window->callsPage());
    QTRY_VERIFY(listedAndLoaded(*window) && window->callsPage()->model()->rowCount() == 1);
    QCOMPARE(callsColumn(*window, CallsModel::Model), QStringList{QStringLiteral("gpt-4o-mini")});
    QCOMPARE(window->callsPage()->findChild<QComboBox*>(QStringLiteral("callsModelFilter"))->currentText(),
             QStringLiteral("gpt-4o-mini"));
}

void TestUiDashboard::addingAPriceForAnUnpricedModelChangesTheTotal()
{
    const QString db = m_dir.filePath(QStringLiteral("priced.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(db, &error), qPrintable(error));
    const auto window = openAndWait(db);
    QVERIFY(window);
    auto* total = window->overviewPage()->findChild<QLabel*>(QStringLiteral("totalSpendValue"));
    QCOMPARE(total->text(), QStringLiteral("$5.30"));
    QTest::keyClick(window.get(), Qt::Key_5, Qt::ControlModifier);
    PricesPage* page = window->pricesPage();
    QCOMPARE(window->pages()->currentWidget(), page);
    QTRY_VERIFY(page->model()->rowCount() > 1);
    QModelIndex first = page->model()->index(0, PricesModel::Model);
    QCOMPARE(first.data().toString(), QStringLiteral("mystery-model-x"));
    QVERIFY(first.data(PricesModel::UnpricedRole).toBool());
    QCOMPARE(page->model()->index(0, PricesModel::Source).data().toString(),
             QStringLiteral("unpriced in this store: add a price"));
    // Double-click the unpriced model: the dialog opens with its name; a wrong price is refused in one sentence.
    QTableView* table = page->table();
    const QPoint cell = table->visualRect(table->model()->index(0, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    auto* dialog = page->findChild<PriceDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("priceModel"))->text(), QStringLiteral("mystery-model-x"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("priceInput")), QStringLiteral("abc"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("priceOutput")), QStringLiteral("500"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->problem().startsWith(QStringLiteral("Input price: ")), qPrintable(dialog->problem()));
    dialog->findChild<QLineEdit*>(QStringLiteral("priceInput"))->setText(QStringLiteral("1000"));
    dialog->accept();
    // 1,000 input tokens at $1,000 per 1M and 200 output at $500: $1.10 more, and no unpriced call left.
    QTRY_COMPARE_WITH_TIMEOUT(total->text(), QStringLiteral("$6.40"), 10'000);
    QCOMPARE(window->overviewPage()->findChild<QLabel*>(QStringLiteral("unpricedValue"))->text(), QStringLiteral("0"));
    QTRY_VERIFY(!page->model()->index(0, 0).data(PricesModel::UnpricedRole).toBool());
}

void TestUiDashboard::pricesPageImportsALiteLlmFile()
{
    const QString db = m_dir.filePath(QStringLiteral("litellm.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(db, &error), qPrintable(error));
    const QString json = testing::writeFile(m_dir, QStringLiteral("litellm.json"),
        R"({"mystery-model-x": {"litellm_provider": "mystery", "mode": "chat",
                "input_cost_per_token": 0.000002, "output_cost_per_token": 0.00001}})");
    const auto window = openAndWait(db);
    QVERIFY(window);
    window->pricesPage()->importFile(json);
    // 1,000 × $2 / 1M + 200 × $10 / 1M = $0.004 more: the unpriced call is priced now.
    QTRY_COMPARE_WITH_TIMEOUT(window->overviewPage()->findChild<QLabel*>(QStringLiteral("unpricedValue"))->text(),
                              QStringLiteral("0"), 10'000);
    QCOMPARE(window->overviewPage()->findChild<QWidget*>(QStringLiteral("totalSpendTile"))->toolTip(),
             QStringLiteral("5.304000000 USD"));
}

void TestUiDashboard::overviewMends()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    OverviewPage* page = window->overviewPage();
    // Neither the charts nor the table can be dragged to nothing.
    auto* splitter = page->findChild<QSplitter*>();
    QVERIFY(splitter && !splitter->childrenCollapsible());
    // The four summary cards share one height.
    QCoreApplication::processEvents();
    const auto tiles = page->findChildren<KpiTile*>();
    QCOMPARE(tiles.size(), 4);
    for (const KpiTile* tile : tiles)
        QCOMPARE(tile->height(), tiles.first()->height());
    // By day reads in date order; back to by model, by cost.
    auto* groupBy = page->findChild<QComboBox*>(QStringLiteral("groupByCombo"));
    auto* table = page->findChild<QTableView*>(QStringLiteral("summaryTable"));
    groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(store::GroupBy::Day)));
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(SummaryTableModel::Key));
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
    groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(store::GroupBy::Model)));
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(SummaryTableModel::Cost));
    // Tab leaves a table instead of walking its cells.
    const auto views = window->findChildren<QAbstractItemView*>();
    for (const QAbstractItemView* view : views)
        QVERIFY2(!view->tabKeyNavigation(), qPrintable(view->objectName()));
    // A group that cost less than a cent shows what it cost, never $0.00.
    QCOMPARE(formatUsdCents(431'000), QStringLiteral("$0.000431"));
    QCOMPARE(formatUsdCents(300'000'000), QStringLiteral("$0.30"));
    QCOMPARE(formatUsdCents(0), QStringLiteral("$0.00"));
}

void TestUiDashboard::oneDayStoreDrawsItsDay()
{
    const QString db = m_dir.filePath(QStringLiteral("one-day.db"));
    {
        QString error;
        auto store = store::CallStore::open(db, &error);
        QVERIFY2(store, qPrintable(error));
        std::vector<CallRecord> calls{uitest::call("2025-10-31T10:00:00Z", "gpt-4o", "chat", "hi", 4'000'000)};
        store::ImportSource source{QStringLiteral("one.csv"), 1, QByteArray(64, 'b'), QStringLiteral("csv")};
        store::ImportSession session(*store);
        QCOMPARE(session.begin(source, &error), store::ImportSession::Start::New);
        store::ImportCounts counts;
        counts.read = counts.imported = 1;
        QVERIFY(session.append(calls, counts, 1, &error) && session.commit(counts, &error));
    }
    const auto window = openAndWait(db);
    QVERIFY(window);
    QVERIFY(uitest::showDayTotals(*window->overviewPage()));
    const auto series = window->overviewPage()->spendByDayChart()->chart()->series();
    QCOMPARE(series.size(), 1);
    auto* bar = qobject_cast<QHorizontalBarSeries*>(series.first());
    QVERIFY(bar); // one day is drawn as a bar, not an invisible one-point area
    QCOMPARE(bar->barSets().first()->at(0), 0.004);
    auto* table = window->overviewPage()->proxyModel();
    QCOMPARE(table->index(0, SummaryTableModel::Cost).data().toString(), QStringLiteral("$0.004000"));
}

void TestUiDashboard::notALogIsOneSentence()
{
    const QString db = m_dir.filePath(QStringLiteral("passwd.db"));
    const QString notALog = testing::writeFile(m_dir, QStringLiteral("passwd"),
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
    const auto window = openAndWait(db);
    QVERIFY(window);
    window->importFlow()->importFiles(db, {notALog});
    QTRY_VERIFY_WITH_TIMEOUT(window->findChild<QMessageBox*>(QStringLiteral("importReport")), 10'000);
    auto* box = window->findChild<QMessageBox*>(QStringLiteral("importReport"));
    QCOMPARE(box->windowTitle(), QStringLiteral("Nothing imported"));
    QCOMPARE(box->text(), QStringLiteral("passwd is not a call log costdash can read: it reads CSV or JSONL logs with the "
                                         "columns timestamp, model, input_tokens and output_tokens, and SQLite files "
                                         "with an ai_calls table."));
    box->close();
}

void TestUiDashboard::openStoreIsAnOpenDialog()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    const QString fresh = m_dir.filePath(QStringLiteral("new-store.db"));
    bool sawOpen = false;
    QTimer::singleShot(0, this, [&sawOpen, fresh] {
        QTRY_VERIFY(qobject_cast<QFileDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        sawOpen = dialog->acceptMode() == QFileDialog::AcceptOpen && dialog->labelText(QFileDialog::Accept) == u"Open";
        dialog->selectFile(fresh); // a name that does not exist yet: the store to create
        QMetaObject::invokeMethod(dialog, &QDialog::accept);
    });
    window->findChild<QAction*>(QStringLiteral("openStoreAction"))->trigger();
    QVERIFY(sawOpen);
    QCOMPARE(window->storeService()->path(), fresh);
}

void TestUiDashboard::darkPaletteDarkCharts()
{
    const QPalette light = QApplication::palette();
    QPalette dark = light;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::WindowText, Qt::white);
    QApplication::setPalette(dark);
    const auto window = openAndWait(m_dbPath);
    QApplication::setPalette(light);
    QVERIFY(window);
    const QChart* chart = window->overviewPage()->spendByModelChart()->chart();
    QVERIFY(chart->backgroundBrush().color().lightness() < 64);
    QVERIFY(chart->plotAreaBackgroundBrush().color().lightness() < 128 || !chart->isPlotAreaBackgroundVisible());
    QCOMPARE(chart->theme(), QChart::ChartThemeDark);
    // Coloured figures keep their contrast on the dark window: the unpriced count in a light orange.
    const QString style = window->overviewPage()->findChild<QLabel*>(QStringLiteral("unpricedValue"))->styleSheet();
    const QColor warning(style.section(u' ', 1).chopped(1));
    QVERIFY2(warning.isValid() && warning.lightness() >= 175, qPrintable(style));
    QCOMPARE(warning.hslHue(), QColor(ui::palette::kWarning).hslHue());
    QCOMPARE(ui::palette::onWindow(ui::palette::kWarning), ui::palette::kWarning); // the light palette is back
}

void TestUiDashboard::tablesCopyAndExport()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    auto* table = window->overviewPage()->findChild<QTableView*>(QStringLiteral("summaryTable"));
    table->setFocus();
    table->selectRow(1);
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("Model\tCalls\tInput tokens\tOutput tokens\tCost\tShare\tUnpriced calls\n"
                            "gpt-4o-mini\t1\t1,000\t200\t$0.30\t5.7 %\t\n"));
    const QString csv = tableactions::toCsv(*table->model());
    QVERIFY2(csv.startsWith(QStringLiteral("Model,Calls,Input tokens,Output tokens,Cost,Share,Unpriced calls\n"
                                           "gpt-4o,4,\"4,000\",800,$5.00,94.3 %,\n")), qPrintable(csv));
    QCOMPARE(csv.count(u'\n'), 4); // header and three models
}

void TestUiDashboard::droppingALogImportsIt()
{
    const QString db = m_dir.filePath(QStringLiteral("dropped.db"));
    const QString csv = writeOneCallLog(QStringLiteral("dropped.csv"), "0.75");
    const auto window = openAndWait(db);
    QVERIFY(window);
    QVERIFY(window->acceptDrops());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(csv)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &drop);
    QVERIFY(uitest::confirmPreview(*window->importFlow())); // the preview comes first; Import writes
    QTRY_COMPARE_WITH_TIMEOUT(window->overviewPage()->findChild<QLabel*>(QStringLiteral("totalSpendValue"))->text(),
                              QStringLiteral("$0.75"), 20'000);
}


// The known month: spend per day stacked by model, the token classes at the catalog's prices, errors per model.
void TestUiDashboard::overviewStacksDaysSplitsTokensAndTimesModels()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    OverviewPage& page = *window->overviewPage();
    const auto series = page.spendPerDayChart()->chart()->series();
    QCOMPARE(series.size(), 1);
    auto* stacked = qobject_cast<QStackedBarSeries*>(series.first());
    QVERIFY(stacked);
    const auto sets = stacked->barSets();
    QCOMPARE(sets.size(), 2); // mystery-model-x is unpriced: it spent nothing to stack
    QCOMPARE(sets.at(0)->label(), QStringLiteral("gpt-4o"));
    QCOMPARE(sets.at(1)->label(), QStringLiteral("gpt-4o-mini"));
    const QList<double> gpt4o{sets.at(0)->at(0), sets.at(0)->at(1), sets.at(0)->at(2), sets.at(0)->at(3)};
    QCOMPARE(gpt4o, (QList<double>{2.5, 2.4, 0.0, 0.1})); // Nov 3..6
    QCOMPARE(sets.at(1)->at(2), 0.3);
    QSignalSpy days(&page, &OverviewPage::dayClicked);
    Q_EMIT stacked->clicked(1, sets.at(0));
    QCOMPARE(days.value(0).value(0).toString(), QStringLiteral("2025-11-04"));

    // Every call has 1,000 input and 200 output tokens; gpt-4o at $2.50/$10.00, gpt-4o-mini at $0.15/$0.60.
    TokenClassModel* classes = page.tokenClassModel();
    QTRY_COMPARE(classes->rowCount(), int(TokenClassModel::RowCount));
    QAbstractItemModelTester tester(classes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(classes->index(TokenClassModel::Input, TokenClassModel::Cost).data(SortRole).toLongLong(), 10'150'000);
    QCOMPARE(classes->index(TokenClassModel::Output, TokenClassModel::Cost).data(SortRole).toLongLong(), 8'120'000);
    QCOMPARE(classes->index(TokenClassModel::CachedInput, TokenClassModel::Cost).data().toString(), QStringLiteral("$0.00"));
    QCOMPARE(classes->index(TokenClassModel::Input, TokenClassModel::Tokens).data().toString(), QStringLiteral("5,000"));
    QCOMPARE(classes->costs().unpricedCalls, qint64(1));

    ModelHealthModel* health = page.modelHealthModel();
    QAbstractItemModelTester healthTester(health, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(health->rowCount(), 3);
    QCOMPARE(health->index(0, ModelHealthModel::Model).data().toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(health->index(0, ModelHealthModel::Failed).data().toString(), QStringLiteral("1"));
    QCOMPARE(health->index(0, ModelHealthModel::ErrorRate).data().toString(), formatShare(1, 4));
    QCOMPARE(health->index(0, ModelHealthModel::P50).data().toString(), QStringLiteral("\u2013")); // no latency logged
}

// Models or providers: gpt-4o and gpt-4o-mini are OpenAI's (the catalog says so); mystery-model-x has no known
// provider and stays in sight as "unknown".
void TestUiDashboard::overviewGroupsByProvider()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    OverviewPage& page = *window->overviewPage();
    auto* grouping = page.findChild<QComboBox*>(QStringLiteral("groupingCombo"));
    QVERIFY(grouping);
    QSignalSpy drawn(&page, &OverviewPage::chartsShown);
    grouping->setCurrentIndex(grouping->findData(static_cast<int>(store::GroupBy::Provider)));
    QCOMPARE(page.grouping(), store::GroupBy::Provider);
    QVERIFY(drawn.wait()); // the charts are drawn one per event-loop turn
    const QChart* chart = page.spendByModelChart()->chart();
    QCOMPARE(chart->title(), QStringLiteral("Spend by provider (1 unpriced not shown)"));
    auto* bars = qobject_cast<QHorizontalBarSeries*>(chart->series().first());
    QVERIFY(bars);
    QCOMPARE(bars->barSets().first()->count(), 1);
    QCOMPARE(bars->barSets().first()->at(0), 5.3);
    const auto stacked = qobject_cast<QStackedBarSeries*>(page.spendPerDayChart()->chart()->series().first());
    QVERIFY(stacked);
    QCOMPARE(stacked->barSets().size(), 1);
    QCOMPARE(stacked->barSets().first()->label(), QStringLiteral("openai"));
    const QAbstractItemModel* table = page.proxyModel();
    QCOMPARE(table->headerData(SummaryTableModel::Key, Qt::Horizontal).toString(), QStringLiteral("Provider"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->index(0, SummaryTableModel::Key).data().toString(), QStringLiteral("openai"));
    QCOMPARE(table->index(0, SummaryTableModel::Cost).data().toString(), QStringLiteral("$5.30"));
    QCOMPARE(table->index(1, SummaryTableModel::Key).data().toString(), QStringLiteral("unknown"));
    QCOMPARE(table->index(1, SummaryTableModel::Cost).data().toString(), QStringLiteral("unpriced"));
    grouping->setCurrentIndex(grouping->findData(static_cast<int>(store::GroupBy::Model)));
    QCOMPARE(table->index(0, SummaryTableModel::Key).data().toString(), QStringLiteral("gpt-4o"));
}

// The chart as a PNG image, and as an SVG drawing: well-formed XML that holds the chart's title.
void TestUiDashboard::chartsSaveAsPngAndSvg()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    QChartView* view = window->overviewPage()->spendByModelChart();
    QStringList actions;
    for (const QAction* action : view->actions())
        actions << action->objectName();
    QVERIFY(actions.contains(QStringLiteral("saveChartAsPNG")));
    QVERIFY(actions.contains(QStringLiteral("saveChartAsSVG")));
    QString error;
    const QString png = m_dir.filePath(QStringLiteral("chart.png"));
    QVERIFY2(tableactions::saveChart(view, png, &error), qPrintable(error));
    QCOMPARE(QImage(png).size(), view->size());
    const QString svg = m_dir.filePath(QStringLiteral("chart.svg"));
    QVERIFY2(tableactions::saveChart(view, svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString title;
    QStringList texts;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"title")
            title = xml.readElementText();
        else if (xml.isStartElement() && xml.name() == u"text")
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(title, QStringLiteral("Spend by model (1 unpriced not shown)"));
    QVERIFY2(texts.join(u' ').contains(QStringLiteral("Spend by model")), qPrintable(texts.join(u'|'))); // drawn as text
    QVERIFY(!tableactions::saveChart(view, m_dir.filePath(QStringLiteral("no/such/dir/chart.svg")), &error));
    QVERIFY(error.contains(QStringLiteral("no/such/dir")));
}

// One period for every page: the Overview's total and the What-if baseline equal `costdash summary` and
// `costdash whatif` over the same days of the same store.
void TestUiDashboard::periodPickerNarrowsEveryPage()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    PeriodPicker* picker = window->periodPicker();
    QSignalSpy snapshot(window->storeService(), &services::StoreService::snapshotReady);
    picker->setCustomRange(QDate(2025, 11, 4), QDate(2025, 11, 5));
    picker->setKind(PeriodPicker::Kind::Custom);
    QVERIFY(snapshot.wait(10'000));
    const QStringList period{QStringLiteral("--from"), QStringLiteral("2025-11-04"), QStringLiteral("--to"),
                             QStringLiteral("2025-11-05")};
    const testing::CliResult summary = testing::runCli(
        QStringList{QStringLiteral("summary"), QStringLiteral("--db"), m_dbPath, QStringLiteral("--json")} + period);
    QCOMPARE(summary.exitCode, 0);
    const qint64 cost = summary.count("cost_nusd");
    QCOMPARE(cost, 2'700'000'000); // gpt-4o $2.40 on the 4th, gpt-4o-mini $0.30 on the 5th
    OverviewPage& page = *window->overviewPage();
    QCOMPARE(page.findChild<QLabel*>(QStringLiteral("totalSpendValue"))->text(), money::formatUsd(cost));
    QCOMPARE(page.findChild<QLabel*>(QStringLiteral("callsValue"))->text(),
             formatCount(summary.count("calls"))); // the unpriced call of the 5th counted too

    const QString scenario = m_dir.filePath(QStringLiteral("period-scenario.json"));
    QVERIFY(window->whatIfPage()->scenarioPanel()->saveScenarioFile(scenario));
    const testing::CliResult whatif = testing::runCli(QStringList{QStringLiteral("whatif"), QStringLiteral("--db"), m_dbPath,
                                                                  QStringLiteral("--scenario"), scenario,
                                                                  QStringLiteral("--json")} + period);
    QCOMPARE(whatif.exitCode, 0);
    ProjectionPanel* projection = window->whatIfPage()->projectionPanel();
    QTRY_COMPARE(projection->shownProjection().baseline, whatif.count("baseline_nusd"));
    QCOMPARE(projection->shownProjection().baseline, cost);
    QTRY_COMPARE(projection->shownProjection().projected, whatif.count("projected_nusd"));

    // The Calls page follows: its From/To filter is the period's.
    CallsPage* calls = window->callsPage();
    QVERIFY(calls->findChild<QCheckBox*>(QStringLiteral("callsPeriod"))->isChecked());
    window->pages()->setCurrentWidget(calls);
    QTRY_COMPARE(calls->model()->rowCount(), 3); // the 4th's call, the 5th's two

    // The report exports the same days.
    QVERIFY(window->reportRequest().period.fromDay == timeutil::parseDay(u"2025-11-04"));
    QVERIFY(window->reportRequest().period.toDay == timeutil::parseDay(u"2025-11-05"));

    picker->setKind(PeriodPicker::Kind::WholeStore);
    QVERIFY(snapshot.wait(10'000));
    QCOMPARE(page.findChild<QLabel*>(QStringLiteral("totalSpendValue"))->text(), QStringLiteral("$5.30"));
    QVERIFY(!calls->findChild<QCheckBox*>(QStringLiteral("callsPeriod"))->isChecked());
}

void TestUiDashboard::periodIsRemembered()
{
    {
        const auto window = openAndWait(m_dbPath);
        QVERIFY(window);
        window->periodPicker()->setCustomRange(QDate(2025, 11, 5), QDate(2025, 11, 6));
        window->periodPicker()->setKind(PeriodPicker::Kind::Custom);
        window->close(); // saves the settings
    }
    {
        MainWindow window;
        QCOMPARE(window.periodPicker()->kind(), PeriodPicker::Kind::Custom);
        QVERIFY(window.storeService()->period().fromDay == timeutil::parseDay(u"2025-11-05"));
        QVERIFY(window.storeService()->period().toDay == timeutil::parseDay(u"2025-11-06"));
    }
    PeriodPicker picker;
    picker.setToday(QDate(2026, 2, 10));
    picker.setKind(PeriodPicker::Kind::ThisMonth);
    QVERIFY(picker.range().fromDay == timeutil::parseDay(u"2026-02-01"));
    QVERIFY(picker.range().toDay == timeutil::parseDay(u"2026-02-10"));
    picker.setKind(PeriodPicker::Kind::Last30Days);
    QVERIFY(picker.range().fromDay == timeutil::parseDay(u"2026-01-12"));
    QVERIFY(picker.range().toDay == timeutil::parseDay(u"2026-02-10"));
    picker.setKind(PeriodPicker::Kind::WholeStore);
    QVERIFY(!picker.range().fromDay && !picker.range().toDay);
}

// File ▸ Open Recent: the stores opened, newest first, at most five, remembered; one gone is greyed, and
// "Remove missing stores" takes it off with a message.
void TestUiDashboard::recentStoresAreRememberedAndMissingOnesGreyed()
{
    QStringList stores;
    for (int i = 0; i < 6; ++i) {
        stores << m_dir.filePath(QStringLiteral("recent-%1.db").arg(i));
        QVERIFY(QFile::copy(m_dbPath, stores.last()));
    }
    {
        const auto window = openAndWait(stores.at(0));
        QVERIFY(window);
        for (int i = 1; i < 6; ++i) {
            QSignalSpy opened(window->storeService(), &services::StoreService::opened);
            window->openStore(stores.at(i));
            QVERIFY(opened.wait(10'000));
        }
        QCOMPARE(window->recentStores()->paths(),
                 (QStringList{stores.at(5), stores.at(4), stores.at(3), stores.at(2), stores.at(1)}));
    }
    QVERIFY(QFile::remove(stores.at(4)));
    MainWindow window;
    RecentStores* recent = window.recentStores();
    QCOMPARE(recent->paths().size(), 5); // remembered
    const auto entries = recent->menu()->actions();
    QCOMPARE(entries.at(0)->data().toString(), stores.at(5));
    QVERIFY(entries.at(0)->isEnabled());
    QCOMPARE(entries.at(1)->data().toString(), stores.at(4));
    QVERIFY(!entries.at(1)->isEnabled()); // greyed: the file is gone
    QSignalSpy notice(recent, &RecentStores::notice);
    QSignalSpy open(recent, &RecentStores::openRequested);
    auto* forget = recent->menu()->findChild<QAction*>(QStringLiteral("forgetMissingStores"));
    QVERIFY(forget && forget->isEnabled());
    forget->trigger();
    QCOMPARE(notice.size(), 1);
    QVERIFY(notice.first().first().toString().contains(QFileInfo(stores.at(4)).fileName()));
    QVERIFY(!recent->paths().contains(stores.at(4)));
    QCOMPARE(recent->paths().size(), 4);
    QTRY_COMPARE(recent->menu()->actions().first()->data().toString(), stores.at(5));
    recent->menu()->actions().first()->trigger();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().first().toString(), stores.at(5));
    QCOMPARE(QSettings().value(QStringLiteral("store/recent")).toStringList(), recent->paths());
}

QTEST_MAIN(TestUiDashboard)
#include "tst_ui_dashboard.moc"
