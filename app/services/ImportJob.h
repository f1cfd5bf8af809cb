#pragma once
// The window's import job: imports files one after the other on a worker thread that opens its own store
// connection, and hands back one ImportReport value the UI shows as is.
#include "importers/ImportService.h"
#include "services/Job.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace costdash::services {

struct ImportProblem {
    QString file;     // file name
    std::int64_t line = 0; // 0: the file as a whole
    QString reason;
};

struct ImportReport {
    std::int64_t files = 0;
    std::int64_t imported = 0;
    std::int64_t skipped = 0;
    std::int64_t duplicates = 0;           // rows of files already imported: nothing imported again
    std::int64_t identicalRows = 0;        // rows identical to an earlier row of their file: imported
    std::int64_t overlaps = 0;             // rows already stored from another file: skipped
    std::int64_t alreadyImportedFiles = 0; // files whose SHA-256 the store already holds
    std::int64_t idle = 0;                 // rows of no activity (idle days): skipped, not bad rows
    QStringList unpricedModels;
    QStringList warnings;                  // the files' import warnings (double counting), one sentence each
    QList<ImportProblem> problems; // whole-file failures first, then bad rows (capped per file)
    bool cancelled = false;

    bool hasProblems() const { return !problems.isEmpty(); }
};

// Folds the per-file results into one report (pure; tested).
ImportReport makeReport(const QList<importers::FileImportResult>& results);

// One file of an import and how to read it (the window's preview may have chosen a column mapping).
struct FileToImport {
    QString path;
    importers::ImportOptions options;
};

class ImportJob final : public QObject {
    Q_OBJECT
public:
    explicit ImportJob(QObject* parent = nullptr);

    // Imports `files` into the store at `dbPath` on a worker thread; false when a job is already running.
    // `finished` comes on this object's thread once the worker has ended; until then isRunning() is true.
    bool start(const QString& dbPath, const QStringList& files, const importers::ImportOptions& options = {});
    bool start(const QString& dbPath, const QList<FileToImport>& files);
    void cancel() { m_job.cancel(); }
    bool isRunning() const { return m_job.isRunning(); }
    // Blocks until the worker has ended (`finished` still comes through the event loop).
    void waitForFinished() { m_job.waitForFinished(); }

Q_SIGNALS:
    void progress(int percent);
    void finished(const costdash::services::ImportReport& report);

private:
    Job<QList<importers::FileImportResult>> m_job; // destroyed first: cancelled, waited for
};

} // namespace costdash::services
