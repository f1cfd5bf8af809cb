#pragma once
// File → Import logs… (and files dropped on the window): picks files, previews each one (ImportPreviewDialog:
// nothing is written until Import), runs the import job behind a progress dialog with Cancel, then shows what
// happened (counts, and every bad row with its line and reason). Emits storeChanged() when rows landed.
#include "ImportPreviewDialog.h"
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
    // Previews the files one after the other; imports those confirmed once the last is answered (Cancel: none).
    void previewAndImport(const QString& dbPath, const QStringList& files);
    // Imports without a preview (the files were confirmed, or the caller knows them).
    void importFiles(const QString& dbPath, const QStringList& files);
    // The preview on screen, if any (tests drive it).
    ImportPreviewDialog* previewDialog() const { return m_preview; }

Q_SIGNALS:
    void storeChanged();

private:
    void previewNext();
    void onPreviewDone(int result);
    void startImport(const QList<services::FileToImport>& files);
    void onFinished(const services::ImportReport& report);
    void showReport(const services::ImportReport& report);

    QWidget* m_window;
    services::ImportJob* m_job;
    QPointer<QProgressDialog> m_progress;
    QPointer<ImportPreviewDialog> m_preview;
    QString m_dbPath;                          // of the files being previewed
    QStringList m_toPreview;                   // not previewed yet
    qsizetype m_previewTotal = 0;
    QList<services::FileToImport> m_confirmed; // previewed and confirmed, imported after the last preview
};

// A file refused as a whole, in one plain sentence: what it is not, and which formats are read.
QString refusedFileSentence(const services::ImportProblem& problem);

// The report's headline, e.g. "Imported 1,234 calls; 2 rows skipped." (tested).
QString reportSummary(const services::ImportReport& report);

} // namespace costdash::ui
