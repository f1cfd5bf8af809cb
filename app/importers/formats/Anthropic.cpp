// Anthropic Messages responses (FORMATS.md 7), bare or logger-wrapped like OpenAI's. Anthropic's input_tokens
// count only the uncached input: ours is input + cache reads + cache writes, with both as subsets of it.
// Bodies carry no time: a line needs the logger's ("ts", "timestamp", "created_at").
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

QList<Source> bareAndWrapped(Field field, const char* path)
{
    return underEach(field, {"response.", ""}, {path});
}

FormatSpec anthropicSpec()
{
    FormatSpec spec{QStringLiteral("anthropic"),
                    QStringLiteral("Anthropic Messages responses (JSONL), bare or logger-wrapped"),
                    {{"usage.input_tokens", "response.usage.input_tokens", "error.type", "response.error.type"},
                     {"stop_reason", "response.stop_reason", "type", "response.type"}},
                    {},
                    QStringLiteral("anthropic")};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "ts"} << Source{Field::Timestamp, "timestamp"} << Source{Field::Timestamp, "time"}
      << Source{Field::Timestamp, "created_at"};
    s << bareAndWrapped(Field::Model, "model") << Source{Field::Model, "request.model"};
    s << bareAndWrapped(Field::InputTokens, "usage.input_tokens");
    s << bareAndWrapped(Field::CachedTokens, "usage.cache_read_input_tokens");
    s << bareAndWrapped(Field::CacheWriteTokens, "usage.cache_creation_input_tokens");
    s << bareAndWrapped(Field::OutputTokens, "usage.output_tokens");
    s << Source{Field::LatencyMs, "latency_ms"} << Source{Field::LatencyMs, "duration_ms"};
    s << Source{Field::TaskType, "task_type"} << Source{Field::User, "request.metadata.user_id"};
    s << Source{Field::Prompt, "request.messages"};
    s << Source{Field::Status, "status"} << Source{Field::Status, "status_code"};
    s << bareAndWrapped(Field::Error, "error.type");
    s << bareAndWrapped(Field::RequestId, "id") << bareAndWrapped(Field::RequestId, "request_id");
    return spec;
}

class AnthropicMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

protected:
    bool adjust(const SourceRow&, MapperState&, CallRecord& out, bool&, QString& reason) const override
    {
        if (__builtin_add_overflow(out.inputTokens, out.cachedInputTokens + out.cacheWriteTokens, &out.inputTokens)
            || out.inputTokens > money::kMaxTokensPerCall) {
            reason = QStringLiteral("input_tokens: input plus cache reads and writes is too large");
            return false;
        }
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(anthropic, AnthropicMapper, anthropicSpec)

} // namespace costdash::importers
