#include "importers/SeedMapper.h"

namespace costdash::importers {
namespace {

const QList<QByteArray>& seedFieldNames()
{
    static const QList<QByteArray> names{"timestamp",  "model",    "input_tokens", "output_tokens", "latency_ms",
                                         "cost_usd",   "task_type", "success",     "prompt", "request_id"};
    return names;
}

bool isEmpty(const FieldRef& f)
{
    return !f.present || trimmedAscii(f.bytes).isEmpty();
}

bool failField(SeedMapper::Field field, const QString& why, QString& reason)
{
    reason = QString::fromLatin1(seedFieldNames()[field]) + QStringLiteral(": ") + why;
    return false;
}

bool mapCount(const SourceRow& row, SeedMapper::Field field, std::int64_t& out, QString& reason)
{
    QString why;
    const auto value = parseCount(row[field].present ? row[field].bytes : QByteArrayView(), &why);
    if (!value)
        return failField(field, why, reason);
    out = *value;
    return true;
}

} // namespace

QList<QByteArray> SeedMapper::fieldNames() const
{
    return seedFieldNames();
}

QString SeedMapper::missing(const QList<QByteArray>& columns) const
{
    for (const char* required : {"timestamp", "model", "input_tokens", "output_tokens"}) {
        if (!columns.contains(QByteArray(required)))
            return QStringLiteral("needs timestamp, model, input_tokens, output_tokens");
    }
    return {};
}

QStringList SeedMapper::mapping(const QList<QByteArray>& columns) const
{
    QStringList lines;
    for (const QByteArray& name : seedFieldNames()) {
        if (columns.contains(name))
            lines.append(QString::fromLatin1(name) + QStringLiteral(" <- ") + QString::fromLatin1(name));
    }
    return lines;
}

bool SeedMapper::map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
                     QString& reason) const
{
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i].json)
            return failField(Field(i), QStringLiteral("a nested object or array where a value was expected"), reason);
    }
    QString why;
    if (isEmpty(row[Timestamp]))
        return failField(Timestamp, QStringLiteral("empty"), reason);
    const auto t = parseTimestampBytes(row[Timestamp].bytes, state.scratch, &why);
    if (!t)
        return failField(Timestamp, why, reason);
    out.timestampMs = *t;
    if (isEmpty(row[Model]))
        return failField(Model, QStringLiteral("empty"), reason);
    out.model = state.models.intern(trimmedAscii(row[Model].bytes));
    if (!mapCount(row, InputTokens, out.inputTokens, reason) || !mapCount(row, OutputTokens, out.outputTokens, reason))
        return false;
    out.latencyMs.reset();
    if (!isEmpty(row[LatencyMs])) {
        // Latency is often logged as a float ("812.4"): round it to the millisecond.
        const auto ms = parseMillis(row[LatencyMs].bytes, state.scratch, &why);
        if (!ms || *ms < 0)
            return failField(LatencyMs, ms ? QStringLiteral("negative") : why, reason);
        out.latencyMs = *ms;
    }
    out.loggedCost.reset(); // missing or empty: no logged cost (the catalog prices it), never $0
    if (!isEmpty(row[CostUsd])) {
        const auto cost = parseCostUsd(row[CostUsd].bytes, state.scratch, &why);
        if (!cost)
            return failField(CostUsd, why, reason);
        if (*cost < 0)
            return failField(CostUsd, QStringLiteral("negative"), reason);
        if (*cost > money::kMaxLoggedCostPerCall)
            return failField(CostUsd, money::loggedCostTooLarge(*cost), reason);
        out.loggedCost = *cost;
    }
    out.taskType = row[TaskType].present ? state.tasks.intern(trimmedAscii(row[TaskType].bytes)) : QString();
    out.success = true;
    if (!isEmpty(row[Success])) {
        const auto ok = parseFlag(row[Success].bytes, &why);
        if (!ok)
            return failField(Success, why, reason);
        out.success = *ok;
    }
    out.requestId = isEmpty(row[RequestId]) ? QString() : QString::fromUtf8(trimmedAscii(row[RequestId].bytes));
    prompt = row[Prompt].present ? row[Prompt].bytes : QByteArrayView();
    return true;
}

} // namespace costdash::importers
