#pragma once
// The savings report as a PDF (issue 14): lays out a report::ReportData (app/report) with QPdfWriter + QPainter.
#include "report/ReportData.h"

#include <QPageSize>
#include <QString>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace costdash::ui::report {

// Letter where the locale measures in US units, else A4.
QPageSize defaultPageSize();

// Paints the report into `device` (open for writing); returns the number of pages, 0 with *error on failure.
int writeReportPdf(const costdash::report::ReportData& data, QIODevice* device, const QPageSize& pageSize,
                   QString* error);

} // namespace costdash::ui::report
