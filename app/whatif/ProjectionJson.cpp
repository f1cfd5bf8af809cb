#include "whatif/ProjectionJson.h"

#include <QJsonArray>

namespace costdash::whatif {
namespace {

QJsonArray groupsToJson(const QList<BaselineVsProjected>& groups)
{
    QJsonArray out;
    for (const BaselineVsProjected& g : groups)
        out.append(QJsonObject{{QStringLiteral("key"), g.key},
                               {QStringLiteral("calls"), qint64(g.calls)},
                               {QStringLiteral("baseline_nusd"), qint64(g.baseline)},
                               {QStringLiteral("projected_nusd"), qint64(g.projected)}});
    return out;
}

// {"input", "output", "usage_unknown_hits"}; null when a sum left int64.
QJsonValue cacheTokensToJson(const CacheTokens& t)
{
    if (t.outOfRange)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("input"), qint64(t.input)},
                       {QStringLiteral("output"), qint64(t.output)},
                       {QStringLiteral("usage_unknown_hits"), qint64(t.usageUnknownHits)}};
}

} // namespace

QJsonObject projectionToJson(const Projection& p)
{
    QJsonObject tiers;
    for (auto it = p.tiers.begin(); it != p.tiers.end(); ++it)
        tiers.insert(it.key(), qint64(it.value()));
    QJsonArray byModel;
    for (const ModelCost& m : p.byModel)
        byModel.append(QJsonObject{{QStringLiteral("model"), m.model},
                                   {QStringLiteral("calls"), qint64(m.calls)},
                                   {QStringLiteral("cost_nusd"), qint64(m.cost)},
                                   {QStringLiteral("unpriced_calls"), qint64(m.unpricedCalls)}});
    QJsonArray ruleCalls;
    for (const std::int64_t n : p.ruleCalls)
        ruleCalls.append(qint64(n));
    QJsonArray ruleSavings;
    for (const money::Nanos n : p.ruleSavings)
        ruleSavings.append(qint64(n));
    QJsonArray moves;
    for (const Move& m : p.moves)
        moves.append(QJsonObject{{QStringLiteral("task_type"), m.taskType},
                                 {QStringLiteral("model"), m.model},
                                 {QStringLiteral("calls"), qint64(m.calls)},
                                 {QStringLiteral("tested"), m.tested}});
    QJsonObject out{{QStringLiteral("baseline_nusd"), qint64(p.baseline)},
            {QStringLiteral("projected_nusd"), qint64(p.projected)},
            {QStringLiteral("savings_nusd"), qint64(p.savings())},
            {QStringLiteral("levers"), QJsonObject{{QStringLiteral("cache_nusd"), qint64(p.cacheSavings)},
                                                   {QStringLiteral("routing_nusd"), qint64(p.routingSavings)},
                                                   {QStringLiteral("batch_nusd"), qint64(p.batchSavings)}}},
            {QStringLiteral("calls"), qint64(p.calls)},
            {QStringLiteral("cache_hits"), qint64(p.cacheHits)},
            {QStringLiteral("near_hits"), qint64(p.nearHits)},
            {QStringLiteral("near_capped_calls"), qint64(p.nearCappedCalls)},
            {QStringLiteral("tiers"), tiers},
            {QStringLiteral("rule_calls"), ruleCalls},
            {QStringLiteral("rule_savings_nusd"), ruleSavings},
            {QStringLiteral("by_model"), byModel},
            {QStringLiteral("by_task"), groupsToJson(p.byTask)},
            {QStringLiteral("by_day"), groupsToJson(p.byDay)},
            {QStringLiteral("moves"), moves},
            {QStringLiteral("unpriced_calls"), qint64(p.unpricedCalls)},
            {QStringLiteral("unpriced_routed_calls"), qint64(p.unpricedRoutedCalls)},
            {QStringLiteral("usage_unknown_calls"), qint64(p.usageUnknownCalls)}};
    if (p.cacheTokens)
        out.insert(QStringLiteral("cache_tokens_avoided"), cacheTokensToJson(*p.cacheTokens));
    return out;
}

} // namespace costdash::whatif
