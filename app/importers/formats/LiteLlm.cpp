// LiteLLM proxy spend logs (FORMATS.md 3): the LiteLLM_SpendLogs table as `COPY ... TO CSV HEADER` writes it (JSON
// in the metadata and request_tags cells, naive UTC times) and the JSON of /spend/logs (the same keys, objects
// inline). Cost is logged (spend, USD); cached and reasoning tokens come from metadata.additional_usage_values.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

FormatSpec liteLlmSpec()
{
    FormatSpec spec{QStringLiteral("litellm"), QStringLiteral("LiteLLM SpendLogs (COPY ... CSV HEADER, /spend/logs JSON)"),
                    {{"spend", "response_cost"}, {"starttime"}, {"request_id", "trace_id"}}, {}, {}};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "starttime"} << Source{Field::EndTime, "endtime"};
    s << Source{Field::LatencyMs, "request_duration_ms"} << Source{Field::LatencyMs, "response_time", Unit::Seconds};
    s << Source{Field::Model, "model"} << Source{Field::Model, "model_group"}
      << Source{Field::Provider, "custom_llm_provider"};
    s << Source{Field::InputTokens, "prompt_tokens"} << Source{Field::OutputTokens, "completion_tokens"};
    s << underEach(Field::CachedTokens, {"metadata.additional_usage_values."},
                   {"prompt_tokens_details.cached_tokens", "cache_read_input_tokens"});
    s << Source{Field::CacheWriteTokens, "metadata.additional_usage_values.cache_creation_input_tokens"};
    s << Source{Field::ReasoningTokens, "metadata.additional_usage_values.completion_tokens_details.reasoning_tokens"};
    s << Source{Field::Cost, "spend"} << Source{Field::Cost, "response_cost"};
    s << underEach(Field::TaskType, {"metadata.spend_logs_metadata."}, {"task_type", "task"})
      << Source{Field::TaskType, "request_tags"};
    s << Source{Field::User, "end_user"} << Source{Field::User, "user"}
      << Source{Field::User, "metadata.user_api_key_alias"};
    s << Source{Field::Prompt, "messages"};
    s << Source{Field::Status, "status"};
    s << underEach(Field::Error, {"metadata.error_information."}, {"error_code", "error_class"});
    s << Source{Field::RequestId, "request_id"} << Source{Field::RequestId, "id"};
    s << Source{Field::TraceId, "trace_id"} << Source{Field::TraceId, "metadata.trace_id"};
    return spec;
}

} // namespace

COSTDASH_DEFINE_FORMAT(liteLlm, SpecMapper, liteLlmSpec)

} // namespace costdash::importers
