#pragma once
// The seed format (the article our users follow): timestamp, model, input_tokens, output_tokens, latency_ms,
// cost_usd, task_type, success, and an optional prompt and request_id (the provider's id of the call: an import
// finds the calls another file brought by it).
#include "importers/RowMapper.h"

namespace costdash::importers {

class SeedMapper final : public RowMapper {
public:
    enum Field { Timestamp, Model, InputTokens, OutputTokens, LatencyMs, CostUsd, TaskType, Success, Prompt, RequestId,
                 FieldCount };

    QString name() const override { return QStringLiteral("seed"); }
    QString title() const override { return QStringLiteral("costdash's own log (CSV, JSONL, SQLite)"); }
    QList<QByteArray> fieldNames() const override;
    // Needs timestamp, model, input_tokens and output_tokens; the rest is optional.
    QString missing(const QList<QByteArray>& columns) const override;
    QStringList mapping(const QList<QByteArray>& columns) const override;
    bool map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
             QString& reason) const override;
};

} // namespace costdash::importers
