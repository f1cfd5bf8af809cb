// OpenRouter generation records (FORMATS.md 6: GET /api/v1/generation's data, bare or as {"data": ...}). Billed
// with the native_tokens_* counts (tokens_* are OpenRouter's normalised estimates); latency in ms; a cancelled
// generation is a failed call that keeps its cost.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

QList<Source> bareAndData(Field field, const char* path, Unit unit = Unit::Auto)
{
    return underEach(field, {"", "data."}, {path}, unit);
}

FormatSpec openRouterSpec()
{
    FormatSpec spec{QStringLiteral("openrouter"), QStringLiteral("OpenRouter generation records (JSON/JSONL)"),
                    {{"native_tokens_prompt", "data.native_tokens_prompt"}}, {}, {}};
    QList<Source>& s = spec.sources;
    s << bareAndData(Field::Timestamp, "created_at") << bareAndData(Field::Model, "model")
      << bareAndData(Field::Provider, "provider_name");
    s << bareAndData(Field::InputTokens, "native_tokens_prompt") << bareAndData(Field::CachedTokens, "native_tokens_cached")
      << bareAndData(Field::OutputTokens, "native_tokens_completion")
      << bareAndData(Field::ReasoningTokens, "native_tokens_reasoning");
    s << bareAndData(Field::LatencyMs, "latency", Unit::Millis) << bareAndData(Field::Cost, "total_cost")
      << bareAndData(Field::User, "external_user") << bareAndData(Field::RequestId, "id");
    s << bareAndData(Field::Raw, "cancelled");
    return spec;
}

class OpenRouterMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

protected:
    bool adjust(const SourceRow& row, MapperState&, CallRecord& out, bool&, QString& reason) const override
    {
        const FieldRef* cancelled = at(row, "cancelled");
        if (!cancelled)
            cancelled = at(row, "data.cancelled");
        if (!cancelled)
            return true;
        QString why;
        const auto flag = parseFlag(cancelled->bytes, &why);
        if (!flag)
            return (reason = QStringLiteral("cancelled: ") + why), false;
        if (*flag) {
            out.success = false;
            out.error = QStringLiteral("cancelled");
        }
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(openRouter, OpenRouterMapper, openRouterSpec)

} // namespace costdash::importers
