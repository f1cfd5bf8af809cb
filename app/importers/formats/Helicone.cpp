// Helicone request exports (FORMATS.md 4): the 12-column CSV (JSON in the request_properties cell; the cost column
// is "cost" or "cost_usd" by tool version) and the JSONL records (costUSD, delay_ms, cache read/write tokens).
// request_properties (Helicone-Property-* headers) carry the task tag.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

FormatSpec heliconeSpec()
{
    FormatSpec spec{QStringLiteral("helicone"), QStringLiteral("Helicone request export (12-column CSV, JSONL)"),
                    {{"request_created_at"}, {"costusd", "cost", "cost_usd"}}, {}, {}};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "request_created_at"} << Source{Field::EndTime, "response_created_at"};
    s << Source{Field::LatencyMs, "delay_ms", Unit::Millis} << Source{Field::LatencyMs, "latency", Unit::Millis};
    s << Source{Field::Model, "model"} << Source{Field::Model, "response_model"} << Source{Field::Model, "request_model"};
    s << Source{Field::Provider, "provider"};
    s << Source{Field::InputTokens, "prompt_tokens"} << Source{Field::CachedTokens, "prompt_cache_read_tokens"}
      << Source{Field::CacheWriteTokens, "prompt_cache_write_tokens"} << Source{Field::OutputTokens, "completion_tokens"};
    s << Source{Field::Cost, "costusd"} << Source{Field::Cost, "cost"} << Source{Field::Cost, "cost_usd"};
    s << underEach(Field::TaskType, {"request_properties."}, {"task_type", "task", "feature"});
    s << Source{Field::User, "request_user_id"} << Source{Field::Prompt, "request_body.messages"};
    s << Source{Field::Status, "response_status"};
    s << Source{Field::RequestId, "request_id"} << Source{Field::RequestId, "response_id"};
    return spec;
}

class HeliconeMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

protected:
    bool adjust(const SourceRow&, MapperState&, CallRecord& out, bool&, QString&) const override
    {
        out.provider = out.provider.toLower(); // "OPENAI" as the other sources spell it
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(helicone, HeliconeMapper, heliconeSpec)

} // namespace costdash::importers
