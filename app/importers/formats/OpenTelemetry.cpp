// OpenTelemetry GenAI spans (FORMATS.md 8): an OTLP/JSON trace export (flattened per span by JsonDocumentSource),
// or JSON Lines of spans with an "attributes" map. gen_ai.* attributes, deprecated and common non-standard
// spellings too; times in nanoseconds. OTel's token convention is ours (cache reads/writes inside input).
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

// Each attribute flattened (OTLP export) or inside a span's "attributes" map (JSON Lines of spans).
QList<Source> attribute(Field field, std::initializer_list<const char*> keys)
{
    return underEach(field, {"", "attributes."}, keys);
}

FormatSpec openTelemetrySpec()
{
    FormatSpec spec{QStringLiteral("otel"), QStringLiteral("OpenTelemetry GenAI spans (OTLP/JSON export, JSONL of spans)"),
                    {{"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "gen_ai.request.model",
                      "gen_ai.response.model", "attributes.gen_ai.usage.input_tokens", "attributes.gen_ai.request.model"}},
                    {}, {}};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "starttimeunixnano", Unit::Nanos} << Source{Field::EndTime, "endtimeunixnano", Unit::Nanos};
    s << attribute(Field::Model, {"gen_ai.response.model", "gen_ai.request.model"});
    s << attribute(Field::Provider, {"gen_ai.provider.name", "gen_ai.system"});
    s << attribute(Field::InputTokens, {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"});
    s << attribute(Field::CachedTokens, {"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cached_tokens",
                                         "gen_ai.usage.input_cached_tokens"});
    s << attribute(Field::CacheWriteTokens, {"gen_ai.usage.cache_creation.input_tokens"});
    s << attribute(Field::OutputTokens, {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"});
    s << attribute(Field::ReasoningTokens, {"gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens"});
    s << attribute(Field::Cost, {"gen_ai.usage.cost", "llm.cost.usd"});
    s << attribute(Field::User, {"enduser.id", "user.id"});
    s << attribute(Field::Error, {"error.type"});
    s << attribute(Field::RequestId, {"gen_ai.response.id"}) << Source{Field::RequestId, "spanid"};
    s << Source{Field::TraceId, "traceid"};
    s << Source{Field::Raw, "status.code"} << Source{Field::Raw, "status.message"} << Source{Field::Raw, "name"};
    return spec;
}

class OpenTelemetryMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

protected:
    bool isCall(const SourceRow& row, QString& reason) const override
    {
        if (first(row, Field::Model))
            return true;
        const FieldRef* name = at(row, "name");
        reason = QStringLiteral("model: span \"%1\" is not a model call (skipped)")
                     .arg(name ? QString::fromUtf8(name->bytes) : QString());
        return false;
    }

    bool adjust(const SourceRow& row, MapperState& state, CallRecord& out, bool&, QString&) const override
    {
        const FieldRef* code = at(row, "status.code");
        const QByteArrayView c = code ? trimmedAscii(code->bytes) : QByteArrayView();
        if (c == "2" || c.compare("STATUS_CODE_ERROR", Qt::CaseInsensitive) == 0) {
            out.success = false;
            if (out.error.isEmpty()) {
                const FieldRef* message = at(row, "status.message");
                out.error = message ? state.names.intern(trimmedAscii(message->bytes)) : QStringLiteral("error");
            }
        }
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(openTelemetry, OpenTelemetryMapper, openTelemetrySpec)

} // namespace costdash::importers
