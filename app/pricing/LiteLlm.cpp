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
    QString problem; // the first price that could not be read: the entry is skipped and reported
};

// A JSON number (or a numeric string, which some entries use) in USD per token -> micro-USD per 1M tokens;
// a price that is not one, or out of bounds, leaves `out` empty and notes why in model.problem.
void readPerTokenPrice(ondemand::value value, std::string_view key, std::optional<money::MicrosPerMillion>& out,
                       LiteLlmModel& model)
{
    std::string_view raw = value.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"')
        raw = raw.substr(1, raw.size() - 2);
    QString why;
    out = money::parsePricePerToken(toQString(raw), &why);
    if (out && *out < 0)
        why = QStringLiteral("negative price \"%1\"").arg(toQString(raw));
    if (!out || *out < 0) {
        out.reset();
        if (model.problem.isEmpty())
            model.problem = toQString(key) + QStringLiteral(": ") + why;
    }
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
            readPerTokenPrice(value, key, out.input, out);
        else if (key == "output_cost_per_token")
            readPerTokenPrice(value, key, out.output, out);
        else if (key == "cache_read_input_token_cost")
            readPerTokenPrice(value, key, out.cacheRead, out);
        else if (key == "cache_creation_input_token_cost")
            readPerTokenPrice(value, key, out.cacheCreation, out);
        else if (key == "input_cost_per_token_batches")
            readPerTokenPrice(value, key, out.inputBatches, out);
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
                                                            QString* error, QStringList* problems)
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
        if (model.mode != u"chat")
            continue; // embeddings, images, audio: nothing we can replay
        if (!model.problem.isEmpty() && problems)
            problems->append(QStringLiteral("%1: %2 (entry skipped)").arg(toQString(key), model.problem));
        if (!model.input || !model.output)
            continue; // no per-token price
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
