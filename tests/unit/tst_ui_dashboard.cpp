// The window as a new user meets it (issue 13): it fits a 1280×720 laptop screen, and every page stays laid out
// there. Driven on the real window against a real temporary store holding the known month.
#include "MainWindow.h"
#include "WindowFit.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"
#include "uitest_window.h"
#include "TestFiles.h"

#include "Format.h"
#include "ImportFlow.h"
#include "KpiTile.h"
#include "OverviewPage.h"
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
    QTRY_COMPARE_WITH_TIMEOUT(window->overviewPage()->findChild<QLabel*>(QStringLiteral("totalSpendValue"))->text(),
                              QStringLiteral("$0.75"), 20'000);
}

QTEST_MAIN(TestUiDashboard)
#include "tst_ui_dashboard.moc"
