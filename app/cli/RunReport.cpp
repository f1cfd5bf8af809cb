#include "cli/RunReport.h"

#include <QJsonArray>

namespace costdash::cli {
namespace {

QJsonValue optionalInt(std::optional<std::int64_t> v)
{
    return v ? QJsonValue(qint64(*v)) : QJsonValue();
}

QJsonObject modelJson(const api::ModelStats& m)
{
    const auto rate = m.passRate();
    return {{QStringLiteral("model"), m.model},
            {QStringLiteral("calls"), qint64(m.calls)},
            {QStringLiteral("ok"), qint64(m.ok)},
            {QStringLiteral("failed"), qint64(m.failed)},
            {QStringLiteral("retries"), qint64(m.retries)},
            {QStringLiteral("skipped"), qint64(m.skipped)},
            {QStringLiteral("cancelled"), qint64(m.cancelled)},
            {QStringLiteral("p50_ms"), optionalInt(m.p50Ms())},
            {QStringLiteral("p95_ms"), optionalInt(m.p95Ms())},
            {QStringLiteral("ttft_p50_ms"), optionalInt(m.ttftP50Ms())},
            {QStringLiteral("input_tokens"), qint64(m.inputTokens)},
            {QStringLiteral("cached_input_tokens"), qint64(m.cachedInputTokens)},
            {QStringLiteral("output_tokens"), qint64(m.outputTokens)},
            {QStringLiteral("reasoning_tokens"), qint64(m.reasoningTokens)},
            {QStringLiteral("usage_unknown"), qint64(m.usageUnknown)},
            {QStringLiteral("unpriced"), qint64(m.unpriced)},
            {QStringLiteral("cost_nusd"), qint64(m.cost)},
            {QStringLiteral("cost_usd"), money::formatUsdExact(m.cost)},
            {QStringLiteral("judged"), qint64(m.judged)},
            {QStringLiteral("passed"), qint64(m.passed)},
            {QStringLiteral("pass_rate"), rate ? QJsonValue(*rate) : QJsonValue()}};
}

QString msText(std::optional<std::int64_t> v)
{
    return v ? QString::number(*v) : QStringLiteral("-");
}

} // namespace

QJsonObject runJson(const api::RunSummary& summary, const QString& endpoint)
{
    QJsonArray models;
    for (const api::ModelStats& m : summary.models)
        models.append(modelJson(m));
    return {{QStringLiteral("run_id"), summary.runId},
            {QStringLiteral("suite"), summary.suite},
            {QStringLiteral("endpoint"), endpoint},
            {QStringLiteral("cancelled"), summary.cancelled},
            {QStringLiteral("estimated_worst_case_nusd"), qint64(summary.estimatedWorstCase)},
            {QStringLiteral("spent_nusd"), qint64(summary.spent)},
            {QStringLiteral("models"), models}};
}

QString runTextReport(const api::RunSummary& s)
{
    QString out = QStringLiteral("Run %1 (%2)%3\n").arg(s.runId, s.suite, s.cancelled ? QStringLiteral(", cancelled") : QString());
    out += QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8 %9\n")
               .arg(QStringLiteral("model").leftJustified(24), QStringLiteral("ok").rightJustified(5),
                    QStringLiteral("failed").rightJustified(6), QStringLiteral("retries").rightJustified(7),
                    QStringLiteral("p50 ms").rightJustified(7), QStringLiteral("p95 ms").rightJustified(7),
                    QStringLiteral("TTFT").rightJustified(6), QStringLiteral("cost").rightJustified(12))
               .arg(QStringLiteral("pass").rightJustified(6));
    for (const api::ModelStats& m : s.models) {
        const auto rate = m.passRate();
        out += QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                   .arg(m.model.leftJustified(24))
                   .arg(m.ok, 5).arg(m.failed, 6).arg(m.retries, 7)
                   .arg(msText(m.p50Ms()).rightJustified(7), msText(m.p95Ms()).rightJustified(7),
                        msText(m.ttftP50Ms()).rightJustified(6), money::formatUsdReadable(m.cost).rightJustified(12))
                   .arg((rate ? QString::number(*rate * 100, 'f', 0) + u'%' : QStringLiteral("-")).rightJustified(6));
        if (m.usageUnknown)
            out += QStringLiteral("    %1 calls of unknown usage (not in the cost)\n").arg(m.usageUnknown);
        if (m.unpriced)
            out += QStringLiteral("    %1 calls unpriced (the catalog has no price)\n").arg(m.unpriced);
        if (m.skipped)
            out += QStringLiteral("    %1 calls not sent: over the budget\n").arg(m.skipped);
    }
    return out;
}


} // namespace costdash::cli
