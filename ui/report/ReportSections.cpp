#include "report/ReportSections.h"

#include "Format.h"
#include "Palette.h"
#include "report/ReportCharts.h"

#include <QFileInfo>
#include <QMap>
#include <algorithm>

namespace costdash::ui::report {
namespace {

using costdash::report::ScenarioResult;

QString scenarioName(const ScenarioResult& r)
{
    return r.scenario.name.isEmpty() ? QFileInfo(r.file.path).completeBaseName() : r.scenario.name;
}

// "classification and extraction" (at most three named, then "and N more task types").
QString joinTasks(const QStringList& tasks)
{
    if (tasks.size() > 3)
        return tasks.mid(0, 3).join(QStringLiteral(", ")) + QStringLiteral(" and %1 more task types").arg(tasks.size() - 3);
    if (tasks.size() < 2)
        return tasks.value(0);
    return tasks.mid(0, tasks.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + tasks.last();
}

QString routingSentence(const whatif::Projection& p)
{
    QMap<QString, QStringList> tasksByModel; // target model -> its task types
    QMap<QString, std::int64_t> callsByModel;
    for (const whatif::Move& m : p.moves) {
        tasksByModel[m.model].append(m.taskType.isEmpty() ? QStringLiteral("(none)") : m.taskType);
        callsByModel[m.model] += m.calls;
    }
    QStringList targets = tasksByModel.keys();
    std::sort(targets.begin(), targets.end(),
              [&](const QString& a, const QString& b) { return callsByModel[a] > callsByModel[b]; });
    QStringList parts;
    for (const QString& model : targets.mid(0, 2))
        parts.append(joinTasks(tasksByModel[model]) + QStringLiteral(" to ") + model);
    if (targets.size() > 2)
        parts.append(countOf(targets.size() - 2, QStringLiteral("more model"), QStringLiteral("more models")));
    return QStringLiteral("Routing ") + parts.join(QStringLiteral("; "));
}

QString cacheSentence(const whatif::Scenario& s, const whatif::Projection& p)
{
    const QString mode = s.cache.mode == whatif::CacheMode::Near ? QStringLiteral("A near-match (approximate)")
                                                                 : QStringLiteral("An exact");
    return QStringLiteral("%1 prompt cache kept %2, answering %3 repeated calls")
        .arg(mode, formatDuration(s.cache.ttlSeconds), formatCount(p.cacheHits));
}

// The biggest levers of a scenario, one sentence each, largest first (levers that saved nothing left out).
QStringList leverSentences(const ScenarioResult& result)
{
    const whatif::Projection& p = result.projection;
    QList<std::pair<money::Nanos, QString>> levers;
    if (p.routingSavings != 0)
        levers.append({p.routingSavings, routingSentence(p)});
    if (p.cacheSavings != 0)
        levers.append({p.cacheSavings, cacheSentence(result.scenario, p)});
    if (p.batchSavings != 0)
        levers.append({p.batchSavings, QStringLiteral("Sending %1 through the batch API")
                                           .arg(joinTasks(result.scenario.batch.taskTypes))});
    std::sort(levers.begin(), levers.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    QStringList out;
    for (const auto& [amount, text] : levers)
        out.append(QStringLiteral("%1: %2 (%3 of the baseline).")
                       .arg(text, formatUsdAmount(amount), money::formatShare(amount, p.baseline)));
    return out;
}

QString sourcesText(const ReportData& data)
{
    QStringList parts;
    for (const store::ImportRecord& s : data.sources.mid(0, 8))
        parts.append(QStringLiteral("%1 (%2, %3)").arg(s.source.fileName, s.source.format,
                                                       countOf(s.counts.imported, QStringLiteral("row"), QStringLiteral("rows"))));
    if (data.sources.size() > 8)
        parts.append(QStringLiteral("and %1 more").arg(data.sources.size() - 8));
    return parts.isEmpty() ? QStringLiteral("none recorded") : parts.join(QStringLiteral("; "));
}

// Three figures side by side: baseline, projected, savings.
void figureTiles(PdfDocument& doc, const whatif::Projection& p)
{
    const QRectF box = doc.box(48);
    QPainter& painter = doc.painter();
    const QStringList labels{QStringLiteral("Baseline (as logged)"), QStringLiteral("Projected"), QStringLiteral("Savings")};
    const QStringList values{formatUsdAmount(p.baseline), formatUsdAmount(p.projected),
                             formatUsdAmount(p.savings()) + QStringLiteral("  (") + formatShare(p.savings(), p.baseline) + u')'};
    const double w = box.width() / 3;
    for (int i = 0; i < 3; ++i) {
        const QRectF tile(box.left() + w * i + (i ? 4 : 0), box.top(), w - 4, box.height());
        painter.setPen(QPen(QColor(palette::kRule), 0.6));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(tile);
        painter.setFont(doc.font(7.5));
        painter.setPen(QColor(palette::kMuted));
        painter.drawText(tile.adjusted(8, 5, -8, 0), Qt::AlignLeft | Qt::AlignTop, labels[i]);
        painter.setFont(doc.font(i == 2 ? 13 : 14, true));
        painter.setPen(QColor(i == 2 ? (p.savings() >= 0 ? palette::kGood : palette::kBad) : palette::kText));
        painter.drawText(tile.adjusted(8, 18, -8, -4), Qt::AlignLeft | Qt::AlignVCenter, values[i]);
    }
}

QList<ChartBar> summaryBars(const store::Summary& s, int keep)
{
    QList<ChartBar> bars;
    money::Nanos rest = 0;
    for (qsizetype i = 0; i < s.groups.size(); ++i) {
        if (s.groups[i].whollyUnpriced())
            continue; // no cost to draw: the tables say "unpriced"
        if (i < keep)
            bars.append({s.groups[i].key.isEmpty() ? QStringLiteral("(none)") : s.groups[i].key, s.groups[i].cost,
                         QColor(palette::kBaseline)});
        else
            rest += s.groups[i].cost;
    }
    if (s.groups.size() > keep)
        bars.append({QStringLiteral("other"), rest, QColor(palette::kBaseline)});
    return bars;
}

QColor seriesColour(qsizetype i)
{
    return QColor(palette::kSeries.at(std::min(i, palette::kSeries.size() - 1)));
}

void dayCharts(PdfDocument& doc, const ReportData& data)
{
    QList<ChartSeries> byModel;
    for (qsizetype m = 0; m < data.dayModel.models.size(); ++m)
        byModel.append({data.dayModel.models[m], data.dayModel.amounts[m], seriesColour(m)});
    QStringList days;
    for (const QString& d : data.dayModel.days)
        days.append(d.mid(5)); // "11-03": the year is in the header
    paintStacked(doc.painter(), doc.box(190), QStringLiteral("Spend per day by model (as logged)"), days, byModel);

    QList<ChartSeries> lines{{QStringLiteral("baseline"), {}, QColor(palette::kBaseline)}};
    for (const whatif::BaselineVsProjected& d : data.main().projection.byDay)
        lines[0].values.append(d.baseline);
    for (qsizetype s = 0; s < data.scenarios.size(); ++s) {
        lines.append({QStringLiteral("projected: ") + scenarioName(data.scenarios[s]), {}, seriesColour(s)});
        for (const whatif::BaselineVsProjected& d : data.scenarios[s].projection.byDay)
            lines.last().values.append(d.projected);
    }
    paintLines(doc.painter(), doc.box(190), QStringLiteral("Projected vs baseline per day"), days, lines);
}

void breakdownCharts(PdfDocument& doc, const ReportData& data)
{
    const QRectF box = doc.box(150);
    const QRectF left(box.left(), box.top(), box.width() / 2 - 8, box.height());
    const QRectF right(box.left() + box.width() / 2 + 8, box.top(), box.width() / 2 - 8, box.height());
    paintBars(doc.painter(), left, QStringLiteral("Spend by model (as logged)"), summaryBars(data.byModel, 6));
    paintBars(doc.painter(), right, QStringLiteral("Spend by task type (as logged)"), summaryBars(data.byTask, 6));
    const whatif::Projection& p = data.main().projection;
    paintBars(doc.painter(), doc.box(80), QStringLiteral("Savings by lever: ") + scenarioName(data.main()),
              {{QStringLiteral("routing"), p.routingSavings, QColor(palette::kSeries[0])},
               {QStringLiteral("cache"), p.cacheSavings, QColor(palette::kSeries[1])},
               {QStringLiteral("batch"), p.batchSavings, QColor(palette::kSeries[2])}});
}

void sweepCharts(PdfDocument& doc, const ReportData& data)
{
    QStringList ttls;
    ChartSeries cache{QStringLiteral("cache savings"), {}, QColor(palette::kSeries[1])};
    ChartSeries total{QStringLiteral("all savings"), {}, QColor(palette::kGood)};
    for (const costdash::report::TtlPoint& t : data.ttlSweep) {
        ttls.append(formatDuration(t.ttlSeconds));
        cache.values.append(t.projection.cacheSavings);
        total.values.append(t.projection.savings());
    }
    paintLines(doc.painter(), doc.box(160),
               QStringLiteral("Savings against the cache TTL") + (data.sweepAssumedExact ? QStringLiteral(" (an exact cache added)") : QString()),
               ttls, {cache, total});
    if (data.scenarios.size() < 2)
        return;
    QList<ChartBar> bars{{QStringLiteral("baseline"), data.main().projection.baseline, QColor(palette::kBaseline)}};
    for (qsizetype s = 0; s < data.scenarios.size(); ++s)
        bars.append({scenarioName(data.scenarios[s]), data.scenarios[s].projection.projected, seriesColour(s)});
    paintBars(doc.painter(), doc.box(24 + 18 * double(bars.size())), QStringLiteral("Projected spend by scenario"), bars);
}

} // namespace

void titleBlock(PdfDocument& doc, const ReportData& data)
{
    doc.title(QStringLiteral("LLM API savings report"));
    doc.paragraph(QStringLiteral("Period: %1 (%2, UTC days)").arg(data.periodText(), countOf(data.byModel.calls, QStringLiteral("call"), QStringLiteral("calls"))));
    doc.paragraph(QStringLiteral("Store: ") + data.storePath);
    doc.paragraph(QStringLiteral("Sources imported: ") + sourcesText(data));
    doc.paragraph(QStringLiteral("Price catalog: bundled snapshot of %1%2").arg(data.catalogDate,
        data.priceOverrides ? QStringLiteral(", plus %1 set in this store").arg(countOf(data.priceOverrides, QStringLiteral("price"), QStringLiteral("prices"))) : QString()));
    QStringList names;
    for (const ScenarioResult& r : data.scenarios)
        names.append(QStringLiteral("%1 (%2)").arg(scenarioName(r), QFileInfo(r.file.path).fileName()));
    doc.paragraph(QStringLiteral("Scenarios: ") + names.join(QStringLiteral("; ")));
    doc.paragraph(QStringLiteral("Generated %1 by costdash %2").arg(data.generatedUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                                                                   QStringLiteral(COSTDASH_VERSION)),
                  8.5, QColor(palette::kMuted));
}

void executiveSummary(PdfDocument& doc, const ReportData& data)
{
    doc.heading(QStringLiteral("Executive summary: ") + scenarioName(data.main()));
    const whatif::Projection& p = data.main().projection;
    figureTiles(doc, p);
    doc.paragraph(QStringLiteral("Replayed over the %1 of the period, the scenario would have cost %2 instead of %3: %4 less (%5).")
                      .arg(countOf(p.calls, QStringLiteral("call"), QStringLiteral("calls")), formatUsdAmount(p.projected),
                           formatUsdAmount(p.baseline), formatUsdAmount(p.savings()), formatShare(p.savings(), p.baseline)));
    if (const QString note = data.aggregatesNote(); !note.isEmpty())
        doc.paragraph(note);
    const QStringList levers = leverSentences(data.main());
    doc.bullets(levers.isEmpty() ? QStringList{QStringLiteral("No lever of this scenario saves anything on this month.")} : levers);
    for (const ScenarioResult& r : data.scenarios.mid(1))
        doc.paragraph(QStringLiteral("Compared: %1 would cost %2, saving %3 (%4).")
                          .arg(scenarioName(r), formatUsdAmount(r.projection.projected),
                               formatUsdAmount(r.projection.savings()), formatShare(r.projection.savings(), r.projection.baseline)));
}

void charts(PdfDocument& doc, const ReportData& data)
{
    doc.heading(QStringLiteral("Where the money goes, and what changes"));
    dayCharts(doc, data);
    breakdownCharts(doc, data);
    sweepCharts(doc, data);
}

} // namespace costdash::ui::report
