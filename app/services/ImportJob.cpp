#include "services/ImportJob.h"

#include "store/CallStore.h"

#include <QFileInfo>

#include <memory>

namespace costdash::services {

ImportReport makeReport(const QList<importers::FileImportResult>& results)
{
    ImportReport report;
    QList<ImportProblem> rowProblems;
    for (const importers::FileImportResult& result : results) {
        const QString file = QFileInfo(result.path).fileName();
        ++report.files;
        report.imported += result.counts.imported;
        report.skipped += result.counts.skipped;
        (result.alreadyImported ? report.duplicates : report.identicalRows) += result.counts.duplicates;
        report.overlaps += result.counts.overlaps;
        report.alreadyImportedFiles += result.alreadyImported ? 1 : 0;
        report.cancelled = report.cancelled || result.cancelled;
        report.unpricedModels += result.unpricedModels;
        report.idle += result.counts.idle;
        report.warnings += result.warnings;
        if (!result.error.isEmpty())
            report.problems.append({file, 0, result.error});
        for (const importers::RowError& error : result.errors)
            rowProblems.append({file, error.line, error.reason});
    }
    report.problems += rowProblems;
    report.unpricedModels.sort();
    report.unpricedModels.removeDuplicates();
    return report;
}

namespace {

// Imports the files one after the other through one store connection opened on the worker.
QList<importers::FileImportResult> importAll(const QString& dbPath, const QList<FileToImport>& files,
                                             JobControl& control)
{
    QList<importers::FileImportResult> results;
    QString error;
    const std::unique_ptr<store::CallStore> store = store::CallStore::open(dbPath, &error);
    for (qsizetype i = 0; i < files.size(); ++i) {
        importers::FileImportResult result;
        if (!store) {
            result.path = files[i].path;
            result.error = QStringLiteral("cannot open the store %1: %2").arg(dbPath, error);
        } else {
            result = importers::importFile(*store, files[i].path, files[i].options, &control.cancelFlag(),
                                           [&](std::int64_t done, std::int64_t total) {
                control.setProgress(int((i * 100 + (total > 0 ? done * 100 / total : 100)) / files.size()));
            });
        }
        results.append(result);
        if (control.isCancelled())
            break;
    }
    return results;
}

} // namespace

ImportJob::ImportJob(QObject* parent) : QObject(parent)
{
    connect(&m_job, &JobBase::progress, this, &ImportJob::progress);
    connect(&m_job, &JobBase::finished, this, [this] {
        ImportReport report = makeReport(m_job.takeResult().value_or(QList<importers::FileImportResult>{}));
        report.cancelled = report.cancelled || m_job.isCancelled();
        Q_EMIT finished(report);
    });
}

bool ImportJob::start(const QString& dbPath, const QStringList& files, const importers::ImportOptions& options)
{
    QList<FileToImport> each;
    for (const QString& file : files)
        each.append({file, options});
    return start(dbPath, each);
}

bool ImportJob::start(const QString& dbPath, const QList<FileToImport>& files)
{
    return m_job.start([dbPath, files](JobControl& control) { return importAll(dbPath, files, control); });
}

} // namespace costdash::services
