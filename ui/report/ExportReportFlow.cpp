#include "report/ExportReportFlow.h"

#include "ProgressDialog.h"
#include "report/ReportWriter.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QUrl>

namespace costdash::ui::report {
namespace {

const QString kFolderKey = QStringLiteral("report/lastDir");

QString proposedPath(const QString& dbPath)
{
    const QString folder = QSettings().value(kFolderKey, QDir::homePath()).toString();
    return QDir(folder).filePath(QFileInfo(dbPath).completeBaseName() + QStringLiteral("-savings-report.pdf"));
}

} // namespace

costdash::report::ScenarioFile scenarioFileOf(const whatif::Scenario& scenario, const QString& source)
{
    return {QStringLiteral("%1 (as set in the window)").arg(source.isEmpty() ? scenario.name : source),
            whatif::toJson(scenario)};
}

ExportReportFlow::ExportReportFlow(QWidget* window)
    : QObject(window)
    , m_window(window)
{
    connect(&m_job, &services::JobBase::finished, this, &ExportReportFlow::onFinished);
}

ExportReportFlow::~ExportReportFlow() = default;

void ExportReportFlow::exportReport(const ExportRequest& request)
{
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export savings report"), proposedPath(request.dbPath),
                                                tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pdf");
    QSettings().setValue(kFolderKey, QFileInfo(path).absolutePath());
    exportTo(path, request);
}

bool ExportReportFlow::exportTo(const QString& path, const ExportRequest& request)
{
    costdash::report::ReportRequest job{request.dbPath, request.scenarios, request.period};
    const QPageSize pageSize = defaultPageSize();
    const bool started = m_job.start([job, path, pageSize](services::JobControl& control) {
        return writeReportFile(job, path, pageSize, &control.cancelFlag(),
                               [&control](int percent) { control.setProgress(percent); });
    });
    if (!started)
        return false;
    m_progress = openJobProgress(m_window, tr("Export report"), tr("Writing the savings report\u2026"),
                                 QStringLiteral("reportProgress"));
    connect(&m_job, &services::JobBase::progress, m_progress, &QProgressDialog::setValue);
    connect(m_progress, &QProgressDialog::canceled, &m_job, &services::JobBase::cancel);
    return true;
}

void ExportReportFlow::onFinished()
{
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    const std::optional<ReportOutcome> outcome = m_job.takeResult();
    if (!outcome || outcome->cancelled) {
        Q_EMIT cancelled();
        return;
    }
    showDone(*outcome);
    if (outcome->pages > 0)
        Q_EMIT exported(outcome->path, outcome->pages);
    else
        Q_EMIT failed(outcome->error);
}

void ExportReportFlow::showDone(const ReportOutcome& outcome)
{
    if (m_done)
        m_done->deleteLater();
    const bool written = outcome.pages > 0;
    m_done = new QMessageBox(written ? QMessageBox::Information : QMessageBox::Warning, tr("Export report"),
                             written ? tr("The savings report (%1 pages) is written to %2.")
                                           .arg(outcome.pages)
                                           .arg(QDir::toNativeSeparators(outcome.path))
                                     : tr("No report was written: %1.").arg(outcome.error),
                             QMessageBox::Close, m_window);
    m_done->setObjectName(QStringLiteral("reportDone"));
    m_done->setAttribute(Qt::WA_DeleteOnClose);
    if (written) {
        const QUrl file = QUrl::fromLocalFile(outcome.path);
        QPushButton* open = m_done->addButton(tr("Open"), QMessageBox::AcceptRole);
        open->setObjectName(QStringLiteral("openReport"));
        connect(open, &QPushButton::clicked, this, [file] { QDesktopServices::openUrl(file); });
        QPushButton* folder = m_done->addButton(tr("Show folder"), QMessageBox::ActionRole);
        connect(folder, &QPushButton::clicked, this, [file] {
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file.toLocalFile()).absolutePath()));
        });
        m_done->setDefaultButton(open);
    }
    m_done->open();
}

} // namespace costdash::ui::report
