#include "ImportFlow.h"

#include "Format.h"
#include "ImportPreviewDialog.h"
#include "ProgressDialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <algorithm>
#include <QHeaderView>
#include <QLabel>
#include <QProgressDialog>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace costdash::ui {

QString reportSummary(const services::ImportReport& report)
{
    QStringList parts;
    parts << QObject::tr("Imported %1").arg(countOf(report.imported, QObject::tr("call"), QObject::tr("calls")));
    if (report.skipped > 0)
        parts << countOf(report.skipped, QObject::tr("bad row"), QObject::tr("bad rows")) + QObject::tr(" skipped");
    if (report.duplicates > 0)
        parts << countOf(report.duplicates, QObject::tr("duplicate"), QObject::tr("duplicates"))
                + QObject::tr(" ignored");
    if (report.overlaps > 0)
        parts << countOf(report.overlaps, QObject::tr("row"), QObject::tr("rows"))
                + QObject::tr(" already imported from another file skipped");
    if (report.identicalRows > 0)
        parts << countOf(report.identicalRows, QObject::tr("repeated row"), QObject::tr("repeated rows"))
                + QObject::tr(" kept");
    if (report.idle > 0)
        parts << countOf(report.idle, QObject::tr("idle row"), QObject::tr("idle rows")) + QObject::tr(" skipped");
    if (report.alreadyImportedFiles > 0)
        parts << countOf(report.alreadyImportedFiles, QObject::tr("file"), QObject::tr("files"))
                + QObject::tr(" already imported");
    QString text = parts.join(QStringLiteral("; ")) + u'.';
    if (report.cancelled)
        text += QObject::tr(" Cancelled: the unfinished batch was rolled back; importing the file again resumes.");
    if (!report.unpricedModels.isEmpty())
        text += QObject::tr(" Unpriced models (not in the catalog): %1.")
                    .arg(report.unpricedModels.join(QStringLiteral(", ")));
    for (const QString& warning : report.warnings)
        text += QObject::tr(" Warning: %1.").arg(warning);
    return text;
}

ImportFlow::ImportFlow(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_job(new services::ImportJob(this))
{
    connect(m_job, &services::ImportJob::finished, this, &ImportFlow::onFinished);
}

void ImportFlow::chooseAndImport(const QString& dbPath)
{
    QSettings settings;
    const QString dirKey = QStringLiteral("import/lastDir");
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, tr("Import call logs"), settings.value(dirKey).toString(),
        tr("Call logs (*.csv *.jsonl *.json *.db *.sqlite);;All files (*)"));
    if (files.isEmpty())
        return;
    settings.setValue(dirKey, QFileInfo(files.first()).absolutePath());
    previewAndImport(dbPath, files);
}

void ImportFlow::previewAndImport(const QString& dbPath, const QStringList& files)
{
    if (m_preview || m_job->isRunning() || files.isEmpty())
        return; // one import at a time
    m_dbPath = dbPath;
    m_toPreview = files;
    m_previewTotal = files.size();
    m_confirmed.clear();
    previewNext();
}

void ImportFlow::previewNext()
{
    if (m_toPreview.isEmpty()) {
        if (!m_confirmed.isEmpty())
            startImport(std::exchange(m_confirmed, {}));
        return;
    }
    const QString file = m_toPreview.takeFirst();
    const QString position = m_previewTotal > 1
        ? tr("file %1 of %2").arg(m_previewTotal - m_toPreview.size()).arg(m_previewTotal)
        : QString();
    m_preview = new ImportPreviewDialog(file, {}, position, m_window);
    m_preview->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_preview, &QDialog::finished, this, &ImportFlow::onPreviewDone);
    m_preview->open();
}

void ImportFlow::onPreviewDone(int result)
{
    if (result == QDialog::Accepted)
        m_confirmed.append({m_preview->path(), m_preview->options()});
    m_preview = nullptr; // deletes itself on close
    if (result == QDialog::Rejected) { // Cancel: nothing of this import is written
        m_toPreview.clear();
        m_confirmed.clear();
        return;
    }
    previewNext();
}

void ImportFlow::importFiles(const QString& dbPath, const QStringList& files)
{
    QList<services::FileToImport> each;
    for (const QString& file : files)
        each.append({file, {}});
    m_dbPath = dbPath;
    startImport(each);
}

void ImportFlow::startImport(const QList<services::FileToImport>& files)
{
    if (!m_job->start(m_dbPath, files))
        return;
    m_progress = openJobProgress(m_window, tr("Import"),
                                 tr("Importing %1\u2026").arg(countOf(files.size(), tr("file"), tr("files"))),
                                 QStringLiteral("importProgress"));
    connect(m_job, &services::ImportJob::progress, m_progress, &QProgressDialog::setValue);
    connect(m_progress, &QProgressDialog::canceled, m_job, &services::ImportJob::cancel);
}

void ImportFlow::onFinished(const services::ImportReport& report)
{
    if (m_progress)
        m_progress->deleteLater();
    if (report.imported > 0)
        Q_EMIT storeChanged();
    showReport(report);
}

QString refusedFileSentence(const services::ImportProblem& problem)
{
    const QString name = QFileInfo(problem.file).fileName();
    QString reason = problem.reason;
    if (reason.section(QStringLiteral(": "), 0, 0).endsWith(name))
        reason = reason.section(QStringLiteral(": "), 1); // the sentence names the file once
    if (reason.startsWith(QStringLiteral("unknown format")))
        return QObject::tr("%1 is not a call log costdash can read: it reads CSV or JSONL logs with the columns "
                           "timestamp, model, input_tokens and output_tokens, and SQLite files with an ai_calls table.")
            .arg(name);
    return QObject::tr("%1 was not imported: %2.").arg(name, reason);
}

void ImportFlow::showReport(const services::ImportReport& report)
{
    const bool wholeFilesRefused = report.imported == 0 && report.hasProblems()
        && std::all_of(report.problems.cbegin(), report.problems.cend(),
                       [](const services::ImportProblem& p) { return p.line == 0; });
    if (wholeFilesRefused) { // one plain sentence per file, no table of one cut-off reason
        QStringList sentences;
        for (const services::ImportProblem& problem : report.problems)
            sentences << refusedFileSentence(problem);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Nothing imported"), sentences.join(u'\n'),
                                    QMessageBox::Close, m_window);
        box->setObjectName(QStringLiteral("importReport"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    auto* dialog = new QDialog(m_window);
    dialog->setObjectName(QStringLiteral("importReport"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(report.hasProblems() ? tr("Import finished with problems") : tr("Import finished"));
    auto* summary = new QLabel(reportSummary(report), dialog);
    summary->setObjectName(QStringLiteral("importSummary"));
    summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(summary);
    if (report.hasProblems()) {
        auto* list = new QTreeWidget(dialog);
        list->setObjectName(QStringLiteral("importProblems"));
        list->setHeaderLabels({tr("File"), tr("Line"), tr("Reason")});
        list->setRootIsDecorated(false);
        for (const services::ImportProblem& problem : report.problems) {
            const QString line = problem.line > 0 ? QString::number(problem.line) : tr("whole file");
            auto* item = new QTreeWidgetItem(list, {problem.file, line, problem.reason});
            item->setToolTip(2, problem.reason);
        }
        list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
        layout->addWidget(list, 1);
        if (report.skipped > report.problems.size())
            layout->addWidget(new QLabel(tr("The first %1 of %2 bad rows are listed.")
                                             .arg(report.problems.size())
                                             .arg(formatCount(report.skipped)),
                                         dialog));
        dialog->resize(720, 420);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->open();
}

} // namespace costdash::ui
