// The report's tables: by model, by task type, cache, router rules.
#include "report/ReportSections.h"

#include "Format.h"

#include <QFileInfo>

namespace costdash::ui::report {
namespace {

using costdash::report::ScenarioResult;

const QString kNone = QStringLiteral("–");

QString cost(const store::SummaryGroup& g)
{
    return g.whollyUnpriced() ? QStringLiteral("unpriced") : formatUsdAmount(g.cost);
}

// A model's cost after the scenario: the replayed cost of the calls it serves plus its aggregates (never
// replayed); "unpriced" when none of those calls has a price (the replay leaves them out of both sides).
QString costAfter(const whatif::ModelCost* after, money::Nanos aggregateCost)
{
    if (after && after->whollyUnpriced() && aggregateCost == 0)
        return QStringLiteral("unpriced");
    return formatUsdAmount(aggregateCost + (after ? after->cost : 0));
}

Table modelTable(const ReportData& data)
{
    const whatif::Projection& p = data.main().projection;
    Table t{{QStringLiteral("Model"), QStringLiteral("Calls"), QStringLiteral("Input tokens"), QStringLiteral("Output tokens"),
             QStringLiteral("Cost before"), QStringLiteral("Calls after"), QStringLiteral("Cost after")},
            {0.25, 0.11, 0.13, 0.13, 0.13, 0.12, 0.13}, {false, true, true, true, true, true, true}, {}};
    QStringList seen;
    // Aggregate rows are not replayed: their requests and cost stay on their model, after as before.
    for (const store::SummaryGroup& g : data.byModel.groups) {
        const auto found = std::find_if(p.byModel.cbegin(), p.byModel.cend(), [&](const whatif::ModelCost& m) { return m.model == g.key; });
        const whatif::ModelCost* after = found == p.byModel.cend() ? nullptr : &*found;
        const bool tokensUnknown = g.usageUnknownCalls == g.calls; // every call without usage, or spend lines only
        t.rows.append({g.key, formatCount(g.calls), tokensUnknown ? kNone : formatCount(g.inputTokens),
                       tokensUnknown ? kNone : formatCount(g.outputTokens), cost(g),
                       formatCount(g.aggregateCalls + (after ? after->calls : 0)), costAfter(after, g.aggregateCost)});
        seen.append(g.key);
    }
    for (const whatif::ModelCost& m : p.byModel) {
        if (!seen.contains(m.model))
            t.rows.append({m.model, QStringLiteral("0"), kNone, kNone, formatUsdAmount(0), formatCount(m.calls), costAfter(&m, 0)});
    }
    t.rows.append({QStringLiteral("Total"), formatCount(data.byModel.calls), kNone, kNone, formatUsdAmount(data.byModel.cost),
                   formatCount(data.byModel.aggregateCalls + p.calls), formatUsdAmount(data.byModel.aggregateCost + p.projected)});
    return t;
}

// "Qwen/Qwen3-8B: 1,234 calls, untested" for each move of the task type.
QString movesOf(const ScenarioResult& r, const QString& task)
{
    QStringList parts;
    for (qsizetype i = 0; i < r.projection.moves.size(); ++i) {
        const whatif::Move& m = r.projection.moves[i];
        const QString key = m.taskType.isEmpty() ? QStringLiteral("(none)") : m.taskType;
        if (key == task)
            parts.append(QStringLiteral("%1: %2, %3").arg(m.model, countOf(m.calls, QStringLiteral("call"), QStringLiteral("calls")),
                                                          r.moveEvidence.value(i)));
    }
    return parts.isEmpty() ? QStringLiteral("kept as logged") : parts.join(u'\n');
}

Table taskTable(const ReportData& data)
{
    Table t{{QStringLiteral("Task type"), QStringLiteral("Current models"), QStringLiteral("Calls"),
             QStringLiteral("Cost before"), QStringLiteral("Cost after"), QStringLiteral("Change"),
             QStringLiteral("Proposed model (calls moved, evidence)")},
            {0.21, 0.22, 0.08, 0.09, 0.09, 0.08, 0.23}, {false, false, true, true, true, true, false}, {}};
    for (const whatif::BaselineVsProjected& g : data.main().projection.byTask)
        t.rows.append({g.key, data.currentModels.value(g.key), formatCount(g.calls), formatUsdAmount(g.baseline),
                       formatUsdAmount(g.projected), formatShare(g.projected - g.baseline, g.baseline),
                       movesOf(data.main(), g.key)});
    return t;
}

QString cacheMode(const whatif::CacheSettings& c)
{
    if (c.mode == whatif::CacheMode::Off)
        return QStringLiteral("off");
    QString text = c.mode == whatif::CacheMode::Near ? QStringLiteral("near ≥ %1 (approximate)").arg(c.similarity) : QStringLiteral("exact");
    return text + QStringLiteral(", ") + formatDuration(c.ttlSeconds)
        + (c.scope == whatif::CacheScope::Model ? QStringLiteral(", per model") : QString());
}

// Input plus output tokens the hits would not have sent or received; hits with unknown usage named apart.
QString tokensAvoided(const whatif::Projection& p)
{
    if (!p.cacheTokens || p.cacheTokens->outOfRange)
        return QStringLiteral("beyond range");
    std::int64_t total = p.cacheTokens->input;
    if (money::addOverflows(total, p.cacheTokens->output))
        return QStringLiteral("beyond range");
    QString text = formatCount(total);
    if (p.cacheTokens->usageUnknownHits)
        text += QStringLiteral("\n+ %1 hits, usage unknown").arg(formatCount(p.cacheTokens->usageUnknownHits));
    return text;
}

Table cacheTable(const ReportData& data)
{
    Table t{{QStringLiteral("Scenario"), QStringLiteral("Cache"), QStringLiteral("Hits"), QStringLiteral("Hit rate"),
             QStringLiteral("Near hits"), QStringLiteral("Tokens avoided"), QStringLiteral("Dollars avoided")},
            {0.22, 0.22, 0.1, 0.09, 0.09, 0.14, 0.14}, {false, false, true, true, true, true, true}, {}};
    for (const ScenarioResult& r : data.scenarios) {
        const whatif::Projection& p = r.projection;
        t.rows.append({r.scenario.name.isEmpty() ? QFileInfo(r.file.path).fileName() : r.scenario.name, cacheMode(r.scenario.cache),
                       formatCount(p.cacheHits), formatShare(p.cacheHits, p.calls), formatCount(p.nearHits),
                       tokensAvoided(p), formatUsdAmount(p.cacheSavings)});
    }
    return t;
}

QString describeWhen(const whatif::RuleCondition& w)
{
    QStringList parts;
    if (!w.taskTypes.isEmpty())
        parts.append(QStringLiteral("task type is ") + w.taskTypes.join(QStringLiteral(" or ")));
    if (!w.models.isEmpty())
        parts.append(QStringLiteral("model is ") + w.models.join(QStringLiteral(" or ")));
    if (!w.promptContains.isEmpty())
        parts.append(QStringLiteral("prompt contains \"") + w.promptContains.join(QStringLiteral("\", \"")) + u'"');
    if (!w.promptMatches.isEmpty())
        parts.append(QStringLiteral("prompt matches /%1/").arg(w.promptMatches));
    if (w.inputTokensAtLeast)
        parts.append(QStringLiteral("input ≥ %1 tokens").arg(formatCount(*w.inputTokensAtLeast)));
    if (w.inputTokensBelow)
        parts.append(QStringLiteral("input < %1 tokens").arg(formatCount(*w.inputTokensBelow)));
    return parts.isEmpty() ? QStringLiteral("always") : parts.join(QStringLiteral(" and "));
}

Table ruleTable(const ScenarioResult& r)
{
    Table t{{QStringLiteral("#"), QStringLiteral("When"), QStringLiteral("Tier"), QStringLiteral("Model"), QStringLiteral("Calls taken")},
            {0.05, 0.5, 0.12, 0.2, 0.13}, {false, false, false, false, true}, {}};
    const whatif::Router& router = *r.scenario.router;
    for (qsizetype i = 0; i < router.rules.size(); ++i)
        t.rows.append({QString::number(i + 1), describeWhen(router.rules[i].when), router.rules[i].tier,
                       router.tiers.value(router.rules[i].tier), formatCount(r.projection.ruleCalls.value(i))});
    t.rows.append({QString(), QStringLiteral("no rule matched (default tier)"), router.defaultTier,
                   router.tiers.value(router.defaultTier), formatCount(r.projection.ruleCalls.value(router.rules.size()))});
    return t;
}

} // namespace

void tables(PdfDocument& doc, const ReportData& data)
{
    doc.heading(QStringLiteral("By model"));
    doc.paragraph(QStringLiteral("Before: as logged (costdash summary --by model). After: under %1; cache hits are listed as (cache).")
                      .arg(data.main().scenario.name.isEmpty() ? QStringLiteral("the scenario") : data.main().scenario.name), 8);
    if (const QString note = data.aggregatesNote(); !note.isEmpty())
        doc.paragraph(note + QStringLiteral(" Their cost is kept as logged, after as before."), 8);
    if (const std::int64_t unpriced = data.main().projection.unpricedCalls; unpriced > 0)
        doc.paragraph(QStringLiteral("The %1 call(s) without a price (no logged cost, no catalog price) count in Calls after "
                                     "on the model the scenario gives them, and in neither cost column.")
                          .arg(formatCount(unpriced)), 8);
    doc.table(modelTable(data));
    doc.heading(QStringLiteral("By task type"));
    doc.paragraph(QStringLiteral("Current models: the logged models of the task's calls, with their share of its calls. "
                                 "Evidence: \"tested: N calls, pass P %\" when test-prompt runs covered the task on that model, "
                                 "\"tested\" when the logs hold successful calls of it, else \"untested\"."), 8);
    doc.table(taskTable(data));
    doc.heading(QStringLiteral("Cache"));
    doc.table(cacheTable(data));
    for (const ScenarioResult& r : data.scenarios) {
        if (!r.scenario.router)
            continue;
        doc.heading(QStringLiteral("Router rules: ") + (r.scenario.name.isEmpty() ? QFileInfo(r.file.path).fileName() : r.scenario.name));
        doc.paragraph(QStringLiteral("Rules are tried in order; the first that holds takes the call. Calls taken counts the "
                                     "successful cache misses each rule routed."), 8);
        doc.table(ruleTable(r));
    }
}

} // namespace costdash::ui::report
