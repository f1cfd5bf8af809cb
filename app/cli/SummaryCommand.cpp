#include "cli/Commands.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace costdash::cli {
namespace {

const QString kBy = QStringLiteral("by");

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Calls, tokens and cost of the calls in the store, grouped. Cost is the logged cost, else the catalog price "
        "at the call's time; calls of models the catalog does not know are counted as unpriced, never as $0."));
    addDbOption(parser);
    parser.addOption({kBy, QStringLiteral("Group by model, task, day or provider (default: model)."),
                      QStringLiteral("KEY"), QStringLiteral("model")});
    addPeriodOptions(parser);
    addJsonOption(parser);
}

std::optional<store::GroupBy> groupByOf(const QString& text)
{
    if (text == u"model")
        return store::GroupBy::Model;
    if (text == u"task")
        return store::GroupBy::Task;
    if (text == u"day")
        return store::GroupBy::Day;
    if (text == u"provider")
        return store::GroupBy::Provider;
    return std::nullopt;
}

QJsonObject groupJson(const store::SummaryGroup& g, bool byModel)
{
    QJsonObject o{{QStringLiteral("key"), g.key},
            {QStringLiteral("calls"), qint64(g.calls)},
            {QStringLiteral("input_tokens"), qint64(g.inputTokens)},
            {QStringLiteral("output_tokens"), qint64(g.outputTokens)},
            {QStringLiteral("cost_nusd"), qint64(g.cost)},
            {QStringLiteral("cost_usd"), money::toUsdDouble(g.cost)},
            {QStringLiteral("unpriced_calls"), qint64(g.unpricedCalls)},
            {QStringLiteral("usage_unknown_calls"), qint64(g.usageUnknownCalls)},
            {QStringLiteral("aggregate_calls"), qint64(g.aggregateCalls)},
            {QStringLiteral("spend_rows"), qint64(g.spendRows)},
            {QStringLiteral("aggregate_cost_nusd"), qint64(g.aggregateCost)}};
    if (byModel) { // the names as logged beside the catalog model they resolve to (null: not in the catalog)
        o.insert(QStringLiteral("logged_models"), QJsonArray::fromStringList(g.loggedModels));
        o.insert(QStringLiteral("resolved_model"), g.resolvedModel.isEmpty() ? QJsonValue() : QJsonValue(g.resolvedModel));
    }
    return o;
}

QJsonObject summaryJson(const store::Summary& s, const QString& by)
{
    QJsonArray groups;
    for (const store::SummaryGroup& g : s.groups)
        groups.append(groupJson(g, by == u"model"));
    return {{QStringLiteral("by"), by},
            {QStringLiteral("calls"), qint64(s.calls)},
            {QStringLiteral("cost_nusd"), qint64(s.cost)},
            {QStringLiteral("cost_usd"), money::toUsdDouble(s.cost)},
            {QStringLiteral("unpriced_calls"), qint64(s.unpricedCalls)},
            {QStringLiteral("unpriced_models"), QJsonArray::fromStringList(s.unpricedModels)},
            {QStringLiteral("usage_unknown_calls"), qint64(s.usageUnknownCalls)},
            {QStringLiteral("usage_unknown_uncosted_calls"), qint64(s.usageUnknownUncosted)},
            {QStringLiteral("traced_calls"), qint64(s.tracedCalls)},
            {QStringLiteral("retry_calls"), qint64(s.retryCalls)},
            {QStringLiteral("aggregate_calls"), qint64(s.aggregateCalls)},
            {QStringLiteral("spend_rows"), qint64(s.spendRows)},
            {QStringLiteral("aggregate_cost_nusd"), qint64(s.aggregateCost)},
            {QStringLiteral("groups"), groups}};
}

QJsonValue optionalJson(const std::optional<std::int64_t>& value)
{
    return value ? QJsonValue(qint64(*value)) : QJsonValue(QJsonValue::Null);
}

// The Overview's stacked "spend per day" chart: amounts_nusd[key][day].
QJsonObject daySplitJson(const store::DaySplit& split, store::GroupBy by)
{
    QJsonArray amounts;
    for (const QList<money::Nanos>& row : split.amounts) {
        QJsonArray values;
        for (const money::Nanos amount : row)
            values.append(qint64(amount));
        amounts.append(values);
    }
    return {{QStringLiteral("split_by"), by == store::GroupBy::Provider ? QStringLiteral("provider") : QStringLiteral("model")},
            {QStringLiteral("days"), QJsonArray::fromStringList(split.days)},
            {QStringLiteral("keys"), QJsonArray::fromStringList(split.keys)},
            {QStringLiteral("other_folded"), split.folded},
            {QStringLiteral("amounts_nusd"), amounts}};
}

QJsonObject tokenClassesJson(const store::TokenClassCosts& t)
{
    const auto cls = [](money::Nanos cost, std::int64_t tokens) {
        return QJsonObject{{QStringLiteral("cost_nusd"), qint64(cost)}, {QStringLiteral("tokens"), qint64(tokens)}};
    };
    return {{QStringLiteral("input"), cls(t.input, t.inputTokens)},
            {QStringLiteral("cached_input"), cls(t.cachedInput, t.cachedInputTokens)},
            {QStringLiteral("output"), cls(t.output, t.outputTokens - t.reasoningTokens)},
            {QStringLiteral("reasoning"), cls(t.reasoning, t.reasoningTokens)},
            {QStringLiteral("priced_calls"), qint64(t.pricedCalls)},
            {QStringLiteral("unpriced_calls"), qint64(t.unpricedCalls)}};
}

QJsonArray modelHealthJson(const QList<store::ModelHealth>& models)
{
    QJsonArray out;
    for (const store::ModelHealth& m : models)
        out.append(QJsonObject{{QStringLiteral("model"), m.model},
                               {QStringLiteral("calls"), qint64(m.calls)},
                               {QStringLiteral("failed"), qint64(m.failed)},
                               {QStringLiteral("error_rate"), m.errorRate()},
                               {QStringLiteral("timed_calls"), qint64(m.timedCalls)},
                               {QStringLiteral("p50_ms"), optionalJson(m.p50Ms)},
                               {QStringLiteral("p95_ms"), optionalJson(m.p95Ms)}});
    return out;
}

// A group whose every call is unpriced has no cost to show: say so rather than print $0.
QString groupCost(const store::SummaryGroup& g)
{
    return g.whollyUnpriced() ? QStringLiteral("unpriced") : money::formatUsdReadable(g.cost);
}

QString summaryText(const store::Summary& s, const QString& by)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions); // the C locale omits thousands separators by default
    auto count = [&c](std::int64_t n) { return c.toString(qint64(n)); };
    qsizetype keyWidth = by.size();
    for (const store::SummaryGroup& g : s.groups)
        keyWidth = std::max(keyWidth, g.key.isEmpty() ? qsizetype(6) : g.key.size());
    auto line = [&](const QString& key, const QString& calls, const QString& in, const QString& out,
                    const QString& cost, const QString& unpriced) -> QString {
        return key.leftJustified(keyWidth) + u' ' + calls.rightJustified(10) + u' ' + in.rightJustified(15) + u' '
            + out.rightJustified(15) + u' ' + cost.rightJustified(16) + u' ' + unpriced.rightJustified(9) + u'\n';
    };
    QString text = line(by, QStringLiteral("calls"), QStringLiteral("input tok"), QStringLiteral("output tok"),
                        QStringLiteral("cost"), QStringLiteral("unpriced"));
    for (const store::SummaryGroup& g : s.groups)
        text += line(g.key.isEmpty() ? QStringLiteral("(none)") : g.key, count(g.calls), count(g.inputTokens),
                     count(g.outputTokens), groupCost(g), count(g.unpricedCalls));
    text += QStringLiteral("\n%1 calls, cost %2 (%3 USD exactly)\n")
                .arg(count(s.calls), money::formatUsdReadable(s.cost), money::formatUsdExact(s.cost));
    if (s.unpricedCalls > 0)
        text += QStringLiteral("%1 unpriced calls (not in the cost; add prices with `costdash prices set`): %2\n")
                    .arg(count(s.unpricedCalls), s.unpricedModels.join(QStringLiteral(", ")));
    if (s.aggregateCalls > 0 || s.spendRows > 0) {
        QStringList parts;
        if (s.aggregateCalls > 0)
            parts << QStringLiteral("%1 of the calls come from aggregate rows (usage buckets, daily spend tables)")
                         .arg(count(s.aggregateCalls));
        if (s.spendRows > 0)
            parts << QStringLiteral("%1 spend lines (Cost CSV, Costs API) hold cost without a request count, in no "
                                    "call count").arg(count(s.spendRows));
        text += QStringLiteral("%1, %2 of the cost: counted here, left out of the what-if replay\n")
                    .arg(parts.join(QStringLiteral("; ")), money::formatUsdReadable(s.aggregateCost));
    }
    if (s.retryCalls > 0)
        text += QStringLiteral("%1 calls repeat the trace id of an earlier attempt (retries, fallbacks; each costs "
                               "its own)\n").arg(count(s.retryCalls));
    if (s.usageUnknownCalls > 0)
        text += QStringLiteral("%1 calls of unknown usage (no tokens in the log; not in the token counts), %2 of "
                               "them without a logged cost (not in the cost, counted as unpriced)\n")
                    .arg(count(s.usageUnknownCalls), count(s.usageUnknownUncosted));
    return text;
}

int execute(const QCommandLineParser& parser)
{
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("summary takes no arguments (got \"%1\")").arg(parser.positionalArguments().first()));
    const QString by = parser.value(kBy);
    store::SummaryQuery query;
    const auto groupBy = groupByOf(by);
    if (!groupBy)
        return usage(QStringLiteral("--by must be model, task, day or provider (got \"%1\")").arg(by));
    query.by = *groupBy;
    QString error;
    if (!parsePeriod(parser, &query.fromDay, &query.toDay, &error))
        return usage(error);
    const auto store = openStore(parser, store::CallStore::Access::Read);
    if (!store)
        return Failed;
    const pricing::PriceCatalog catalog = store->catalog();
    const store::Summary summary = store->summarize(query, catalog);
    if (summary.outOfRange)
        return fail(money::totalOutOfRange());
    if (parser.isSet(QStringLiteral("json"))) {
        // What the window's Overview shows besides the groups, for the same period.
        const store::SummaryQuery split{query.by == store::GroupBy::Provider ? query.by : store::GroupBy::Model,
                                        query.fromDay, query.toDay};
        const store::DaySplit byDay = store->spendByDay(split, catalog);
        const store::CallStats stats = store->callStats(query, catalog);
        if (byDay.outOfRange || stats.tokenClasses.outOfRange)
            return fail(money::totalOutOfRange());
        QJsonObject json = summaryJson(summary, by);
        json.insert(QStringLiteral("spend_by_day"), daySplitJson(byDay, split.by));
        json.insert(QStringLiteral("token_classes"), tokenClassesJson(stats.tokenClasses));
        json.insert(QStringLiteral("latency_by_model"), modelHealthJson(stats.models));
        printJson(QJsonDocument(json));
    }
    else
        printText(summaryText(summary, by));
    return Done;
}

} // namespace

Command summaryCommand()
{
    return {QStringLiteral("summary"), QStringLiteral("calls, tokens and cost by model, task, day or provider"),
            configure, execute};
}

} // namespace costdash::cli
