#pragma once
// "Test prompts": send a suite to candidate models through services::RunJob and watch the run live: a table per
// model (done, failed, retries, p50/p95, TTFT, tokens, cost, pass rate), the answers side by side, and cost
// against pass rate. The page shows values; the job does the network and SQL on its own thread.
#include "api/PromptRunner.h"

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
class RunStatsModel;

class TestPromptsPage final : public QWidget {
    Q_OBJECT
public:
    explicit TestPromptsPage(services::RunJob* job, QWidget* parent = nullptr);

    // Where the calls are recorded (the window's store).
    void setStorePath(const QString& path) { m_storePath = path; }
    // Models offered: the catalog's, and the endpoint's /models when fetched. Checked ones stay checked.
    void setCatalogModels(const QStringList& models);
    void setDefaults(const QString& endpoint, int concurrency);
    void setCheckedModels(const QStringList& models);
    QStringList checkedModels() const;

    void run();
    void cancel();

    RunStatsModel* statsModel() const { return m_stats; }
    AnswersModel* answersModel() const { return m_answers; }
    QChartView* scatterChart() const { return m_scatter; }
    QLineEdit* suiteEdit() const { return m_suite; }
    QLineEdit* endpointEdit() const { return m_endpoint; }
    QSpinBox* concurrencyBox() const { return m_concurrency; }
    QCheckBox* streamBox() const { return m_stream; }
    QComboBox* referenceBox() const { return m_reference; }
    QString statusText() const;
    const api::RunSummary& lastSummary() const { return m_summary; }

Q_SIGNALS:
    void runFinished(const costdash::api::RunSummary& summary);

private:
    QWidget* buildForm();
    QWidget* buildResults();
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
    api::RunSummary m_summary;
};

} // namespace costdash::ui
