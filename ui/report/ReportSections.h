#pragma once
// The sections of the savings report, in order; each adds its blocks to the document.
#include "report/PdfDocument.h"
#include "report/ReportData.h"

namespace costdash::ui::report {

using costdash::report::ReportData;

void titleBlock(PdfDocument& doc, const ReportData& data);
void executiveSummary(PdfDocument& doc, const ReportData& data);
void charts(PdfDocument& doc, const ReportData& data);
void tables(PdfDocument& doc, const ReportData& data);
void method(PdfDocument& doc, const ReportData& data);
void appendix(PdfDocument& doc, const ReportData& data);

} // namespace costdash::ui::report
