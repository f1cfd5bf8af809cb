// Langfuse observations (FORMATS.md 5): the blob export (snake_case, CSV or JSONL, naive UTC times) and the public
// API (camelCase, {"data": [...]}). Generations only. usage_details are disjoint buckets: total input is the sum
// of the keys that contain "input" (Langfuse's own rule), output likewise; latency is in seconds.
#include "importers/SpecMapper.h"

#include "importers/JsonFields.h"

#include <simdjson.h>

namespace costdash::importers {
namespace {

FormatSpec langfuseSpec()
{
    FormatSpec spec{QStringLiteral("langfuse"), QStringLiteral("Langfuse observations (blob export CSV/JSONL, API JSON)"),
                    {{"usage_details", "usagedetails", "provided_model_name", "providedmodelname"}}, {}, {}};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "start_time"} << Source{Field::Timestamp, "starttime"};
    s << Source{Field::EndTime, "end_time"} << Source{Field::EndTime, "endtime"};
    s << Source{Field::LatencyMs, "latency", Unit::Seconds};
    s << Source{Field::Model, "provided_model_name"} << Source{Field::Model, "providedmodelname"}
      << Source{Field::Model, "model"};
    s << Source{Field::Cost, "total_cost"} << Source{Field::Cost, "totalcost"}
      << Source{Field::Cost, "calculatedtotalcost"};
    s << Source{Field::TaskType, "trace_name"} << Source{Field::TaskType, "tracename"} << Source{Field::TaskType, "name"}
      << Source{Field::TaskType, "prompt_name"};
    s << Source{Field::User, "user_id"} << Source{Field::User, "userid"} << Source{Field::Prompt, "input"};
    s << Source{Field::Status, "level"} << Source{Field::RequestId, "id"};
    s << Source{Field::TraceId, "trace_id"} << Source{Field::TraceId, "traceid"};
    for (const char* raw : {"usage_details", "usagedetails", "type", "status_message", "statusmessage"})
        s << Source{Field::Raw, raw};
    return spec;
}

struct Buckets {
    std::int64_t input = 0, cached = 0, cacheWrite = 0, output = 0, reasoning = 0;
};

void addBucket(std::string_view key, std::int64_t n, Buckets& b)
{
    const auto is = [key](std::string_view k) { return key == k; };
    b.input += key.find("input") != std::string_view::npos ? n : 0;
    b.output += key.find("output") != std::string_view::npos ? n : 0;
    b.cached += is("input_cached_tokens") || is("cache_read_input_tokens") || is("input_cache_read") ? n : 0;
    b.cacheWrite += is("cache_creation_input_tokens") || is("input_cache_creation") ? n : 0;
    b.reasoning += is("output_reasoning_tokens") || is("output_reasoning") ? n : 0;
}

// Langfuse's rule over the usage_details object, read with simdjson (one parser per parsing thread).
bool sumBuckets(QByteArrayView json, Buckets& b, QString& reason)
{
    thread_local simdjson::ondemand::parser parser;
    thread_local QByteArray padded;
    padded = paddedJson(json);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object usage;
    auto err = parser.iterate(padded.constData(), size_t(json.size()), size_t(padded.size())).get(doc);
    if (err || (err = doc.get_object().get(usage))) {
        reason = QStringLiteral("usage_details: not a JSON object of token counts");
        return false;
    }
    for (auto member : usage) {
        std::string_view key;
        double v = -1;
        simdjson::ondemand::field field;
        simdjson::ondemand::json_type type{};
        if (!std::move(member).get(field) && !field.unescaped_key().get(key) && !field.value().type().get(type)
            && type == simdjson::ondemand::json_type::null)
            continue; // a bucket logged as null holds nothing
        if (err || key.empty() || field.value().get_double().get(v) || v < 0 || v != double(std::int64_t(v))
            || v > double(money::kMaxTokensPerCall)) {
            reason = QStringLiteral("usage_details.%1: not a token count").arg(QString::fromUtf8(key.data(), qsizetype(key.size())));
            return false;
        }
        addBucket(key, std::int64_t(v), b);
    }
    return true;
}

class LangfuseMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

protected:
    bool isCall(const SourceRow& row, QString& reason) const override
    {
        const FieldRef* type = at(row, "type");
        const QByteArrayView t = type ? trimmedAscii(type->bytes) : QByteArrayView();
        if (type && t.compare("GENERATION", Qt::CaseInsensitive) != 0 && t.compare("EMBEDDING", Qt::CaseInsensitive) != 0) {
            reason = QStringLiteral("type: %1 is not a generation (skipped)").arg(QString::fromUtf8(t));
            return false;
        }
        return true;
    }

    bool adjust(const SourceRow& row, MapperState& state, CallRecord& out, bool& usageSeen, QString& reason) const override
    {
        const FieldRef* usage = at(row, "usage_details");
        if (!usage)
            usage = at(row, "usagedetails");
        if (usage) {
            Buckets b;
            if (!sumBuckets(usage->bytes, b, reason))
                return false;
            out.inputTokens = b.input, out.cachedInputTokens = b.cached, out.cacheWriteTokens = b.cacheWrite;
            out.outputTokens = b.output, out.reasoningTokens = b.reasoning;
            usageSeen = true;
        }
        const FieldRef* message = at(row, "status_message");
        if (!message)
            message = at(row, "statusmessage");
        if (!out.success)
            out.error = message ? state.names.intern(trimmedAscii(message->bytes)) : QStringLiteral("ERROR");
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(langfuse, LangfuseMapper, langfuseSpec)

} // namespace costdash::importers
