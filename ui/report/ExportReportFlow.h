#pragma once
// File ▸ Export report…: asks where to write the PDF, writes it on a worker (services::Job) with a progress dialog
// that can cancel, and offers to open the file when it is done. The scenarios are the window's current one and
// any pinned ones; the store is read through a connection of the job's own.
#include "report/ReportFile.h"
#include "services/Job.h"
#include "whatif/Scenario.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

class QProgressDialog;
class QWidget;

namespace costdash::ui::report {

struct ExportRequest {
    QString dbPath;
    QList<costdash::report::ScenarioFile> scenarios; // the first leads
    whatif::DayRange period;
};

// A scenario as the window holds it, in the file form the report's appendix prints.
costdash::report::ScenarioFile scenarioFileOf(const whatif::Scenario& scenario, const QString& source);

class ExportReportFlow final : public QObject {
    Q_OBJECT
public:
    explicit ExportReportFlow(QWidget* window);
    ~ExportReportFlow() override;

    // Asks for the file (the last folder used, a name after the store), then exportTo().
    void exportReport(const ExportRequest& request);
    // Starts writing `path`; false (and nothing started) while an export runs.
    bool exportTo(const QString& path, const ExportRequest& request);
    bool isRunning() const { return m_job.isRunning(); }
    void cancel() { m_job.cancel(); }
    // The dialog shown when the last export ended (null before): its buttons, for tests.
    QMessageBox* doneDialog() const { return m_done; }

Q_SIGNALS:
    void exported(const QString& path, int pages);
    void failed(const QString& message);
    void cancelled();

private:
    void onFinished();
    void showDone(const ReportOutcome& outcome);

    QWidget* m_window;
    services::Job<ReportOutcome> m_job;
    QProgressDialog* m_progress = nullptr;
    QPointer<QMessageBox> m_done;
};

} // namespace costdash::ui::report
