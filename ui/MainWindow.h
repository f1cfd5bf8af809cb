#pragma once
// The composition root: builds the services and the pages, the menus and their shortcuts, and wires them.
// No SQL, no parsing, no network here: the services do the work, the pages show values.
#include <QMainWindow>
#include <cstdint>

class QAction;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace costdash::services {
class ReplayRunner;
class StoreService;
class DemoJob;
class RunJob;
}

namespace costdash::ui {
namespace report {
class ExportReportFlow;
struct ExportRequest;
}

class CallsPage;
class PricesPage;
class FirstRunPage;
class ImportFlow;
class OverviewPage;
class PeriodPicker;
class RecentStores;
class TestPromptsPage;
class WhatIfPage;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The store the last session used (QSettings), else store::CallStore::defaultPath(); never the demo store.
    static QString rememberedStorePath();
    // The demo month's own file, beside the user's store: <AppDataLocation>/demo-month.db.
    static QString demoStorePath();

    void openStore(const QString& path);
    // Opens the demo store at `path`, generating a demo month there first (with progress) when it is missing.
    void openDemoStore(const QString& path);

    services::StoreService* storeService() const { return m_store; }
    OverviewPage* overviewPage() const { return m_overview; }
    WhatIfPage* whatIfPage() const { return m_whatIf; }
    TestPromptsPage* testPromptsPage() const { return m_testPrompts; }
    FirstRunPage* firstRunPage() const { return m_firstRun; }
    CallsPage* callsPage() const { return m_callsPage; }
    PricesPage* pricesPage() const { return m_pricesPage; }
    PeriodPicker* periodPicker() const { return m_periodPicker; }
    RecentStores* recentStores() const { return m_recent; }
    QTabWidget* pages() const { return m_pages; }
    // True while the first-run page stands in for the pages (the store holds no call yet).
    bool showsFirstRun() const;
    void importLogs();
    services::RunJob* runJob() const { return m_runJob; }
    void showSettings();
    ImportFlow* importFlow() const { return m_import; }
    report::ExportReportFlow* reportFlow() const { return m_report; }
    // What File ▸ Export report writes: the open store, the current scenario then the pinned ones, the whole month.
    report::ExportRequest reportRequest() const;
    QString errorText() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void wireServices();
    void chooseStore();
    void exportReport();
    void showPages(int index = -1);
    // False, with the reason shown, when no store is open or it is the demo month.
    bool storeTakesImports();
    void showFirstRunWhenEmpty(std::int64_t calls);
    void showError(const QString& message);
    void showStatus();
    void restoreSettings();
    void saveSettings() const;

    services::StoreService* m_store;
    services::ReplayRunner* m_runner;
    services::DemoJob* m_demo;
    services::RunJob* m_runJob;
    ImportFlow* m_import;
    report::ExportReportFlow* m_report;
    QStackedWidget* m_stack;
    FirstRunPage* m_firstRun;
    QTabWidget* m_pages;
    OverviewPage* m_overview;
    WhatIfPage* m_whatIf;
    TestPromptsPage* m_testPrompts;
    CallsPage* m_callsPage;
    PricesPage* m_pricesPage;
    PeriodPicker* m_periodPicker;
    RecentStores* m_recent = nullptr;
    QStringList m_unpricedModels; // of the last overview: the Prices page highlights them
    QLabel* m_error;
    QLabel* m_storeLabel;
    QLabel* m_busy;
    qint64 m_calls = -1;
    bool m_firstRunDismissed = false; // the user chose a page (test prompts) while the store is still empty
};

} // namespace costdash::ui
