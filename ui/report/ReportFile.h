#pragma once
// The one way a report PDF reaches the disk, for `costdash report` and File ▸ Export report alike: the target is
// opened first (an unwritable path fails before any work), written to a temporary file beside it, and replaced only
// once the PDF is complete; a failure or a cancel leaves the target as it was.
#include "report/ReportData.h"

#include <QPageSize>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace costdash::ui::report {

struct ReportOutcome {
    QString path;                                // absolute
    int pages = 0;
    QString error;                               // empty when written or cancelled
    bool cancelled = false;
    std::optional<costdash::report::ReportData> data; // the figures written
};

ReportOutcome writeReportFile(const costdash::report::ReportRequest& request, const QString& path,
                              const QPageSize& pageSize, const std::atomic<bool>* cancel = nullptr,
                              const std::function<void(int)>& progress = {});

} // namespace costdash::ui::report
