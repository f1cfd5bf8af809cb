#include "services/ImportJob.h"

#include "importers/ImportService.h"

#include <QFileInfo>

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
    , m_service(new importers::ImportService(this))
{
    connect(m_service, &importers::ImportService::progress, this, &ImportJob::progress);
    connect(m_service, &importers::ImportService::finished, this,
            [this](const QList<importers::FileImportResult>& results) {
                ImportReport report = makeReport(results);
                report.cancelled = report.cancelled || m_cancelled;
                Q_EMIT finished(report);
            });
}

ImportJob::~ImportJob()
{
    // The service's worker signals `m_service` when it ends; cancel and let it end before the service dies.
    m_service->cancel();
    m_service->waitForFinished();
}

bool ImportJob::start(const QString& dbPath, const QStringList& files)
{
    if (m_service->isRunning())
        return false;
    m_cancelled = false;
    m_service->start(dbPath, files, importers::ImportOptions{});
    return true;
}

void ImportJob::cancel()
{
    m_cancelled = true;
    m_service->cancel();
}

bool ImportJob::isRunning() const
{
    return m_service->isRunning();
}

} // namespace costdash::services
