// LiteLLM's model_prices_and_context_window.json: prices in USD per single token, written as JSON numbers
// ("1.5e-07"). simdjson's on-demand parser hands back each number's raw text, which we convert exactly
// (USD per token * 1e12 = micro-USD per 1M tokens); a double would turn 1.5e-07 into 149999.99...
#include "pricing/PriceCatalog.h"

#include <QJsonDocument>
#include <simdjson.h>

#include <string_view>

namespace costdash::pricing {
namespace {

using namespace simdjson;

bool fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return false;
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The fields we use from one model object; prices are micro-USD per 1M tokens.
struct LiteLlmModel {
    QString mode;
    QString provider;
    std::optional<money::MicrosPerMillion> input, output, cacheRead, cacheCreation, inputBatches;
};

// A JSON number (or a numeric string, which some entries use) in USD per token -> micro-USD per 1M tokens.
std::optional<money::MicrosPerMillion> perTokenPrice(ondemand::value value)
{
    std::string_view raw = value.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"')
        raw = raw.substr(1, raw.size() - 2);
    const auto micros = money::parseScaled(toQString(raw), 12);
    if (!micros || *micros < 0)
        return std::nullopt;
    return micros;
}

bool readModel(ondemand::object object, LiteLlmModel& out)
{
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS)
            return false;
        ondemand::value value;
        if (field.value().get(value) != SUCCESS)
            return false;
        std::string_view text;
        if (key == "mode" && value.get_string().get(text) == SUCCESS)
            out.mode = toQString(text);
        else if (key == "litellm_provider" && value.get_string().get(text) == SUCCESS)
            out.provider = toQString(text);
        else if (key == "input_cost_per_token")
            out.input = perTokenPrice(value);
        else if (key == "output_cost_per_token")
            out.output = perTokenPrice(value);
        else if (key == "cache_read_input_token_cost")
            out.cacheRead = perTokenPrice(value);
        else if (key == "cache_creation_input_token_cost")
            out.cacheCreation = perTokenPrice(value);
        else if (key == "input_cost_per_token_batches")
            out.inputBatches = perTokenPrice(value);
    }
    return true;
}

std::int64_t discountPpm(money::MicrosPerMillion full, money::MicrosPerMillion batch)
{
    if (full <= 0 || batch >= full)
        return 0;
    const std::int64_t saved = full - batch;
    return (saved * 1'000'000 + full / 2) / full; // rounded to the nearest ppm
}

} // namespace

std::optional<QList<PriceEntry>> PriceCatalog::parseLiteLlm(const QByteArray& json, timeutil::Millis from,
                                                            QString* error)
{
    ondemand::parser parser;
    const padded_string padded(json.constData(), size_t(json.size()));
    ondemand::document doc;
    ondemand::object root;
    if (parser.iterate(padded).get(doc) != SUCCESS || doc.get_object().get(root) != SUCCESS) {
        fail(error, QStringLiteral("not a LiteLLM price file: the top level must be a JSON object"));
        return std::nullopt;
    }
    QList<PriceEntry> entries;
    for (auto field : root) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS) {
            fail(error, QStringLiteral("not a LiteLLM price file: invalid JSON"));
            return std::nullopt;
        }
        ondemand::json_type type;
        if (key == "sample_spec" || value.type().get(type) != SUCCESS || type != ondemand::json_type::object)
            continue;
        ondemand::object object;
        LiteLlmModel model;
        if (value.get_object().get(object) != SUCCESS || !readModel(object, model)) {
            fail(error, QStringLiteral("not a LiteLLM price file: invalid entry \"%1\"").arg(toQString(key)));
            return std::nullopt;
        }
        if (model.mode != u"chat" || !model.input || !model.output)
            continue; // embeddings, images, audio, or no per-token price: nothing we can replay
        PriceEntry e;
        e.model = toQString(key);
        e.provider = model.provider;
        e.effectiveFrom = from;
        e.price.input = *model.input;
        e.price.output = *model.output;
        e.price.cachedInput = model.cacheRead;
        e.price.cacheWrite = model.cacheCreation;
        e.price.batchDiscountPpm = model.inputBatches ? discountPpm(*model.input, *model.inputBatches) : 0;
        e.source = QStringLiteral("LiteLLM model_prices_and_context_window.json, imported for prices from %1")
                       .arg(timeutil::formatDay(timeutil::dayOf(from)));
        entries << e;
    }
    return entries;
}

bool PriceCatalog::looksLikeLiteLlm(const QByteArray& json)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    if (root.contains(QLatin1String("format")))
        return false;
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        if (o.contains(QLatin1String("litellm_provider")) || o.contains(QLatin1String("input_cost_per_token")))
            return true;
    }
    return false;
}

} // namespace costdash::pricing
