#pragma once
// File → Import logs…: picks files, runs the import job behind a progress dialog with Cancel, then shows what
// happened (counts, and every bad row with its line and reason). Emits storeChanged() when rows landed.
#include "services/ImportJob.h"

#include <QObject>
#include <QPointer>

class QProgressDialog;
class QWidget;

namespace costdash::ui {

class ImportFlow final : public QObject {
    Q_OBJECT
public:
    explicit ImportFlow(QWidget* window);

    void chooseAndImport(const QString& dbPath);
    void importFiles(const QString& dbPath, const QStringList& files);
    // The last report as shown to the user (tests read it).

Q_SIGNALS:
    void storeChanged();

private:
    void onFinished(const services::ImportReport& report);
    void showReport(const services::ImportReport& report);

    QWidget* m_window;
    services::ImportJob* m_job;
    QPointer<QProgressDialog> m_progress;
};

// A file refused as a whole, in one plain sentence: what it is not, and which formats are read.
QString refusedFileSentence(const services::ImportProblem& problem);

// The report's headline, e.g. "Imported 1,234 calls; 2 rows skipped." (tested).
QString reportSummary(const services::ImportReport& report);

} // namespace costdash::ui
