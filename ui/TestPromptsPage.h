#pragma once
// "Test prompts": send a suite to candidate models through services::RunJob and watch the run live: a table per
// model (done, failed, retries, p50/p95, TTFT, tokens, cost, pass rate), the answers side by side, and cost
// against pass rate. The page shows values; the job does the network and SQL on its own thread.
#include "api/PromptRunner.h"
#include "api/StoredRuns.h"

#include <QWidget>

class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace costdash::services {
class RunJob;
}

namespace costdash::ui {

class AnswersModel;
class PastRunsModel;
class RunStatsModel;

class TestPromptsPage final : public QWidget {
    Q_OBJECT
public:
    explicit TestPromptsPage(services::RunJob* job, QWidget* parent = nullptr);

    // Where the calls are recorded (the window's store); the past runs are read from it.
    void setStorePath(const QString& path);
    // Reads the store's past runs again (on the job's thread): the list updates when they arrive.
    void refreshPastRuns();
    // Shows a past run's figures and answers as a live run shows them (read on the job's thread).
    void showPastRun(const QString& runId);
    // Models offered: the catalog's, and the endpoint's /models when fetched. Checked ones stay checked.
    void setCatalogModels(const QStringList& models);
    void setDefaults(const QString& endpoint, int concurrency);
    void setCheckedModels(const QStringList& models);
    QStringList checkedModels() const;

    void run();
    void cancel();

    RunStatsModel* statsModel() const { return m_stats; }
    AnswersModel* answersModel() const { return m_answers; }
    PastRunsModel* pastRunsModel() const { return m_pastRuns; }
    QTableView* pastRunsView() const { return m_pastRunsView; }
    QString shownRunId() const { return m_shownRunId; } // the past run on show; empty for a live run
    QChartView* scatterChart() const { return m_scatter; }
    QLineEdit* suiteEdit() const { return m_suite; }
    QLineEdit* endpointEdit() const { return m_endpoint; }
    QSpinBox* concurrencyBox() const { return m_concurrency; }
    QLineEdit* rpmEdit() const { return m_rpm; }
    QCheckBox* streamBox() const { return m_stream; }
    QComboBox* referenceBox() const { return m_reference; }
    QString statusText() const;
    const api::RunSummary& lastSummary() const { return m_summary; }

Q_SIGNALS:
    void runFinished(const costdash::api::RunSummary& summary);
    void pastRunsListed();
    void pastRunShown(const QString& runId);

private:
    QWidget* buildForm();
    QWidget* buildResults();
    QWidget* buildPastRuns();
    void showStoredRun(const api::StoredRun& run, const QString& error);
    void startWithKey(const QString& key);
    void setRunning(bool running);
    void showStats(const QList<api::ModelStats>& stats);
    void showScatter(const QList<api::ModelStats>& stats);
    void finish(const api::RunSummary& summary);
    void addModelItems(const QStringList& models);
    void refreshReferences();
    void saveChoices() const;
    void restoreChoices();

    services::RunJob* m_job;
    QString m_storePath;
    QLineEdit* m_suite = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QListWidget* m_models = nullptr;
    QPushButton* m_fetchModels = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QSpinBox* m_repeat = nullptr;
    QLineEdit* m_budget = nullptr;
    QLineEdit* m_rpm = nullptr; // "60, gpt-4o=10" (api::parseRpmLimits)
    QCheckBox* m_stream = nullptr;
    QComboBox* m_reference = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_statsView = nullptr;
    QTableView* m_answersView = nullptr;
    QChartView* m_scatter = nullptr;
    RunStatsModel* m_stats = nullptr;
    AnswersModel* m_answers = nullptr;
    PastRunsModel* m_pastRuns = nullptr;
    QTableView* m_pastRunsView = nullptr;
    QString m_shownRunId;
    api::RunSummary m_summary;
};

} // namespace costdash::ui
