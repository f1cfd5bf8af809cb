#include "services/ImportJob.h"

#include "store/CallStore.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

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

ImportJob::ImportJob(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_running = false;
        ImportReport report = makeReport(m_watcher.result());
        report.cancelled = report.cancelled || m_cancel.load();
        Q_EMIT finished(report);
    });
}

ImportJob::~ImportJob()
{
    // The worker uses this object (its flag, its progress signal): it must end before the object does.
    cancel();
    waitForFinished();
}

bool ImportJob::start(const QString& dbPath, const QStringList& files, const importers::ImportOptions& options)
{
    if (m_running)
        return false;
    m_cancel.store(false);
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run([this, dbPath, files, options] {
        QList<importers::FileImportResult> results;
        QString error;
        const std::unique_ptr<store::CallStore> store = store::CallStore::open(dbPath, &error);
        int lastPercent = -1;
        for (qsizetype i = 0; i < files.size(); ++i) {
            importers::FileImportResult result;
            if (!store) {
                result.path = files[i];
                result.error = QStringLiteral("cannot open the store %1: %2").arg(dbPath, error);
            } else {
                result = importers::importFile(*store, files[i], options, &m_cancel,
                                               [&](std::int64_t done, std::int64_t total) {
                    const int percent = int((i * 100 + (total > 0 ? done * 100 / total : 100)) / files.size());
                    if (percent != lastPercent)
                        Q_EMIT progress(lastPercent = percent);
                });
            }
            results.append(result);
            if (m_cancel.load())
                break;
        }
        return results;
    }));
    return true;
}

void ImportJob::cancel()
{
    m_cancel.store(true);
}

} // namespace costdash::services
