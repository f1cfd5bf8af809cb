#pragma once
// The window's import job: wraps importers::ImportService (which runs on its own worker thread with its own
// store connection) and hands back one ImportReport value the UI shows as is.
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace costdash::importers {
class ImportService;
struct FileImportResult;
}

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
    QStringList unpricedModels;
    QList<ImportProblem> problems; // whole-file failures first, then bad rows (capped per file)
    bool cancelled = false;

    bool hasProblems() const { return !problems.isEmpty(); }
};

// Folds the per-file results into one report (pure; tested).
ImportReport makeReport(const QList<importers::FileImportResult>& results);

class ImportJob final : public QObject {
    Q_OBJECT
public:
    explicit ImportJob(QObject* parent = nullptr);
    ~ImportJob() override;

    // Imports `files` into the store at `dbPath` on a worker thread; false when a job is already running.
    bool start(const QString& dbPath, const QStringList& files);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(int percent);
    void finished(const costdash::services::ImportReport& report);

private:
    importers::ImportService* m_service;
    bool m_cancelled = false;
};

} // namespace costdash::services
