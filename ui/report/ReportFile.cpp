#include "report/ReportFile.h"

#include "report/ReportWriter.h"

#include <QFileInfo>
#include <QSaveFile>

namespace costdash::ui::report {

ReportOutcome writeReportFile(const costdash::report::ReportRequest& request, const QString& path,
                              const QPageSize& pageSize, const std::atomic<bool>* cancel,
                              const std::function<void(int)>& progress)
{
    ReportOutcome outcome;
    outcome.path = QFileInfo(path).absoluteFilePath();
    QSaveFile out(outcome.path);
    if (!out.open(QIODevice::WriteOnly)) {
        outcome.error = QStringLiteral("cannot write the report %1: %2").arg(outcome.path, out.errorString());
        return outcome;
    }
    // The figures take most of the time; painting the pages is the last tenth.
    const auto figuresProgress = [&progress](int percent) {
        if (progress)
            progress(percent * 9 / 10);
    };
    outcome.data = costdash::report::buildReport(request, &outcome.error, cancel, figuresProgress);
    outcome.cancelled = cancel && cancel->load();
    if (!outcome.data || outcome.cancelled) {
        if (outcome.cancelled)
            outcome.error.clear();
        return outcome;
    }
    outcome.pages = writeReportPdf(*outcome.data, &out, pageSize, &outcome.error);
    if (outcome.pages == 0)
        return outcome;
    if (cancel && cancel->load()) {
        outcome.cancelled = true;
        outcome.pages = 0;
        return outcome;
    }
    if (!out.commit()) {
        outcome.pages = 0;
        outcome.error = QStringLiteral("cannot write the report %1: %2").arg(outcome.path, out.errorString());
    }
    if (progress)
        progress(100);
    return outcome;
}

} // namespace costdash::ui::report
