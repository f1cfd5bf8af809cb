// OpenAI responses as apps log them (FORMATS.md 2): chat-completion or Responses-API objects, bare or wrapped by a
// logger line {ts, latency_ms, status, request, response}; an {"error": ...} body is a failed call with its code.
// OpenAI's token convention is ours: prompt/input tokens include cached ones, completion tokens include reasoning.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

// Each path inside a logger's "response", then bare.
QList<Source> bareAndWrapped(Field field, std::initializer_list<const char*> paths)
{
    return underEach(field, {"response.", ""}, paths);
}

FormatSpec openAiSpec()
{
    FormatSpec spec{QStringLiteral("openai"),
                    QStringLiteral("OpenAI chat completions / Responses objects (JSONL), bare or logger-wrapped"),
                    {{"object", "response.object", "usage.prompt_tokens", "response.usage.prompt_tokens"}},
                    {},
                    QStringLiteral("openai")};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "ts"} << Source{Field::Timestamp, "timestamp"} << Source{Field::Timestamp, "time"};
    s << bareAndWrapped(Field::Timestamp, {"created", "created_at"});
    s << bareAndWrapped(Field::Model, {"model"}) << Source{Field::Model, "request.model"};
    s << bareAndWrapped(Field::InputTokens, {"usage.prompt_tokens", "usage.input_tokens"});
    s << bareAndWrapped(Field::CachedTokens,
                        {"usage.prompt_tokens_details.cached_tokens", "usage.input_tokens_details.cached_tokens"});
    s << bareAndWrapped(Field::CacheWriteTokens, {"usage.prompt_tokens_details.cache_write_tokens"});
    s << bareAndWrapped(Field::OutputTokens, {"usage.completion_tokens", "usage.output_tokens"});
    s << bareAndWrapped(Field::ReasoningTokens, {"usage.completion_tokens_details.reasoning_tokens",
                                                 "usage.output_tokens_details.reasoning_tokens"});
    s << Source{Field::LatencyMs, "latency_ms"} << Source{Field::LatencyMs, "duration_ms"};
    s << bareAndWrapped(Field::Cost, {"usage.cost"}); // OpenRouter's inline cost (credits, about USD)
    s << Source{Field::TaskType, "task_type"} << Source{Field::TaskType, "request.metadata.task_type"};
    s << Source{Field::User, "request.user"} << Source{Field::User, "user"};
    s << Source{Field::Prompt, "request.messages"} << Source{Field::Prompt, "request.input"};
    s << Source{Field::Status, "status"} << Source{Field::Status, "status_code"}
      << Source{Field::Status, "response.status"};
    s << bareAndWrapped(Field::Error, {"error.code", "error.type"});
    s << bareAndWrapped(Field::RequestId, {"id"}) << Source{Field::RequestId, "request_id"};
    return spec;
}

} // namespace

COSTDASH_DEFINE_FORMAT(openAi, SpecMapper, openAiSpec)

} // namespace costdash::importers
