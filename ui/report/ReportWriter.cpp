#include "report/ReportWriter.h"

#include "report/PdfDocument.h"
#include "report/ReportSections.h"

#include <QBuffer>
#include <QFileInfo>
#include <QLocale>
#include <QPdfWriter>

namespace costdash::ui::report {

QPageSize defaultPageSize()
{
    return QPageSize(QLocale::system().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                                        : QPageSize::A4);
}

namespace {

// Lays the report out on `device`; returns its pages (0 and *error when the painter cannot start).
int drawReport(const costdash::report::ReportData& data, QIODevice* device, const QPageSize& pageSize, int totalPages,
               QString* error)
{
    QPdfWriter writer(device);
    writer.setPageSize(pageSize);
    writer.setTitle(QStringLiteral("costdash savings report, ") + data.periodText());
    writer.setCreator(QStringLiteral("costdash ") + QStringLiteral(COSTDASH_VERSION));
    PdfDocument doc(writer,
                    QStringLiteral("costdash savings report · %1 · %2")
                        .arg(QFileInfo(data.storePath).fileName(), data.periodText()),
                    totalPages);
    if (!doc.isActive()) {
        *error = QStringLiteral("cannot start the PDF painter");
        return 0;
    }
    titleBlock(doc, data);
    executiveSummary(doc, data);
    charts(doc, data);
    tables(doc, data);
    method(doc, data);
    appendix(doc, data);
    return doc.pages();
}

} // namespace

// Twice: a first pass into memory counts the pages for the footer's "of N" (the footer's band has a fixed height,
// so the second pass breaks its pages at the same places).
int writeReportPdf(const costdash::report::ReportData& data, QIODevice* device, const QPageSize& pageSize,
                   QString* error)
{
    QBuffer counting;
    counting.open(QIODevice::WriteOnly);
    const int pages = drawReport(data, &counting, pageSize, 0, error);
    return pages > 0 ? drawReport(data, device, pageSize, pages, error) : 0;
}

} // namespace costdash::ui::report
