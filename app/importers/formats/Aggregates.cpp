// Aggregate sources (FORMATS.md 1 and 3): rows that each sum many requests. OpenAI's usage API buckets
// (organization.usage.completions.result, flattened per result with its bucket's times by JsonDocumentSource) and
// the usage dashboard's Activity CSV share their column names; LiteLLM's daily spend tables (DailyUserSpend,
// DailyTeamSpend, DailyEndUserSpend) carry spend and request counts per day. Each row is stored as one aggregate
// row of its request count: counted in totals, left out of the what-if replay.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

FormatSpec openAiUsageSpec()
{
    FormatSpec spec{QStringLiteral("openai-usage"),
                    QStringLiteral("OpenAI usage API buckets and the usage dashboard's Activity CSV (aggregates)"),
                    {{"num_model_requests", "n_requests"}, {"start_time", "aggregation_timestamp"}}, {}, QStringLiteral("openai")};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "start_time"} << Source{Field::Timestamp, "aggregation_timestamp"};
    s << Source{Field::Model, "model"} << Source{Field::Model, "snapshot_id"};
    s << Source{Field::InputTokens, "input_tokens"} << Source{Field::InputTokens, "n_context_tokens_total"};
    s << Source{Field::CachedTokens, "input_cached_tokens"};
    s << Source{Field::OutputTokens, "output_tokens"} << Source{Field::OutputTokens, "n_generated_tokens_total"};
    s << Source{Field::Requests, "num_model_requests"} << Source{Field::Requests, "n_requests"};
    s << Source{Field::TaskType, "project_id"};
    s << Source{Field::User, "user_id"} << Source{Field::User, "api_key_id"};
    return spec;
}

FormatSpec liteLlmDailySpec()
{
    FormatSpec spec{QStringLiteral("litellm-daily"),
                    QStringLiteral("LiteLLM daily spend tables (DailyUserSpend, DailyTeamSpend, ...; aggregates)"),
                    {{"api_requests"}, {"spend"}, {"date"}}, {}, {}};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "date"};
    s << Source{Field::Model, "model"} << Source{Field::Model, "model_group"};
    s << Source{Field::Provider, "custom_llm_provider"};
    s << Source{Field::InputTokens, "prompt_tokens"} << Source{Field::CachedTokens, "cache_read_input_tokens"}
      << Source{Field::CacheWriteTokens, "cache_creation_input_tokens"}
      << Source{Field::OutputTokens, "completion_tokens"};
    s << Source{Field::Cost, "spend"} << Source{Field::Requests, "api_requests"};
    s << Source{Field::User, "user_id"} << Source{Field::User, "end_user_id"} << Source{Field::User, "team_id"}
      << Source{Field::User, "api_key"};
    return spec;
}

class OpenAiUsageMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

    // A day without activity: the Activity CSV writes it with every cell but the times empty.
    bool isIdle(const SourceRow& row) const override
    {
        for (const Field field : {Field::Model, Field::Requests, Field::InputTokens, Field::OutputTokens,
                                  Field::CachedTokens, Field::TaskType, Field::User}) {
            if (first(row, field))
                return false;
        }
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(openAiUsage, OpenAiUsageMapper, openAiUsageSpec)
COSTDASH_DEFINE_FORMAT(liteLlmDaily, SpecMapper, liteLlmDailySpec)

} // namespace costdash::importers
