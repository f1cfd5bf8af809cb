#include "report/ReportWriter.h"

#include "report/PdfDocument.h"
#include "report/ReportSections.h"

#include <QFileInfo>
#include <QLocale>
#include <QPdfWriter>

namespace costdash::ui::report {

QPageSize defaultPageSize()
{
    return QPageSize(QLocale::system().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                                        : QPageSize::A4);
}

int writeReportPdf(const costdash::report::ReportData& data, QIODevice* device, const QPageSize& pageSize,
                   QString* error)
{
    QPdfWriter writer(device);
    writer.setPageSize(pageSize);
    writer.setTitle(QStringLiteral("costdash savings report, ") + data.periodText());
    writer.setCreator(QStringLiteral("costdash ") + QStringLiteral(COSTDASH_VERSION));
    PdfDocument doc(writer, QStringLiteral("costdash savings report · %1 · %2")
                                .arg(QFileInfo(data.storePath).fileName(), data.periodText()));
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

} // namespace costdash::ui::report
