// The report's method and assumptions, and the scenario files in an appendix.
#include "report/ReportSections.h"

#include "Format.h"

#include <QFileInfo>

namespace costdash::ui::report {
namespace {

// The replay rules as README.md ("What-if scenarios and replay rules") states them.
const QStringList& replayRules()
{
    static const QStringList rules{
        QStringLiteral("Calls are replayed in timestamp order (calls at the same instant in store order)."),
        QStringLiteral("Cache (exact or near): the key is the normalized prompt (lower case, trimmed, white space collapsed), "
                       "plus the logged model when scoped per model. A call hits when an entry for its key is younger than the "
                       "TTL; a hit costs $0, a failed call included (the cache would have answered it). Entries are created "
                       "only by successful misses and a hit does not refresh them."),
        QStringLiteral("A failed call that misses keeps its logged cost, is not routed and creates no entry."),
        QStringLiteral("Routing (successful misses): the first matching rule gives a tier, else the default tier; the tier "
                       "gives a model. A moved call is priced at the new model's catalog price at the call's time, with the "
                       "logged token counts: another model would tokenize and answer differently, so this is an estimate."),
        QStringLiteral("Batch: a successful miss of a listed task type costs (1 - discount) of its routed cost."),
        QStringLiteral("Baseline: each call's logged cost, else the catalog price at its time. Costs are exact integer "
                       "nano-dollars rounded per call; the three levers add up exactly to baseline - projected."),
        QStringLiteral("Near mode is approximate: lexical similarity (Jaccard index of word sets), never across a difference "
                       "in negation or numbers; it is not semantic, and capped look-ups may undercount near hits."),
    };
    return rules;
}

QStringList leftOut(const ReportData& data)
{
    std::int64_t skipped = 0, overlaps = 0;
    for (const store::ImportRecord& s : data.sources) {
        skipped += s.counts.skipped;
        overlaps += s.counts.overlaps;
    }
    const whatif::Projection& p = data.main().projection;
    QStringList out{
        QStringLiteral("Unpriced calls (no logged cost and no catalog price): %1, in neither baseline nor projection%2.")
            .arg(formatCount(p.unpricedCalls),
                 data.byModel.unpricedModels.isEmpty() ? QString()
                                                       : QStringLiteral(" (models: %1)").arg(data.byModel.unpricedModels.join(QStringLiteral(", ")))),
        QStringLiteral("Calls routed to a model without a price at their time, kept as logged: %1.").arg(formatCount(p.unpricedRoutedCalls)),
        QStringLiteral("Rows the imports skipped as malformed: %1; rows left out as overlaps with another file: %2.")
            .arg(formatCount(skipped), formatCount(overlaps)),
    };
    if (const QString note = data.aggregatesNote(); !note.isEmpty())
        out.append(note);
    if (p.nearCappedCalls)
        out.append(QStringLiteral("Near look-ups whose candidates a cap cut: %1 (near hits may be undercounted).").arg(formatCount(p.nearCappedCalls)));
    if (data.sweepAssumedExact)
        out.append(QStringLiteral("The TTL sweep adds an exact, global cache to %1, which has none.").arg(data.main().scenario.name));
    return out;
}

} // namespace

void method(PdfDocument& doc, const ReportData& data)
{
    doc.heading(QStringLiteral("Method and assumptions"));
    doc.paragraph(QStringLiteral("Every figure is the result of replaying the logged calls of the period under each scenario, "
                                 "the same computation as `costdash whatif --json` and `costdash summary --json` on this store."));
    doc.bullets(replayRules());
    doc.heading(QStringLiteral("What was left out"));
    doc.bullets(leftOut(data));
}

void appendix(PdfDocument& doc, const ReportData& data)
{
    doc.heading(QStringLiteral("Appendix: scenario files"));
    for (const costdash::report::ScenarioResult& r : data.scenarios) {
        doc.paragraph(QFileInfo(r.file.path).absoluteFilePath(), 8.5);
        doc.preformatted(QString::fromUtf8(r.file.json).trimmed());
    }
}

} // namespace costdash::ui::report
