#pragma once
// The composition root: builds the services and the pages, the menus and their shortcuts, and wires them.
// No SQL, no parsing, no network here: the services do the work, the pages show values.
#include <QMainWindow>

class QAction;
class QLabel;
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

class ImportFlow;
class OverviewPage;
class TestPromptsPage;
class WhatIfPage;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The store the last session used (QSettings), else store::CallStore::defaultPath().
    static QString rememberedStorePath();

    void openStore(const QString& path);
    // Opens the demo store at `path`, generating a demo month there first (with progress) when it is missing.
    void openDemoStore(const QString& path);

    services::StoreService* storeService() const { return m_store; }
    OverviewPage* overviewPage() const { return m_overview; }
    WhatIfPage* whatIfPage() const { return m_whatIf; }
    TestPromptsPage* testPromptsPage() const { return m_testPrompts; }
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
    void importLogs();
    void exportReport();
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
    QTabWidget* m_pages;
    OverviewPage* m_overview;
    WhatIfPage* m_whatIf;
    TestPromptsPage* m_testPrompts;
    QLabel* m_error;
    QLabel* m_storeLabel;
    QLabel* m_busy;
    qint64 m_calls = -1;
};

} // namespace costdash::ui
