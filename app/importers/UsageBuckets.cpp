// OpenAI usage and Costs API pages flattened for the openai-usage and openai-costs mappers
// (importers/JsonDocument.h): each result becomes one object line with its bucket's start_time and end_time in
// front. The results are copied as raw text, so amounts keep every digit they were logged with.
#include "importers/JsonDocument.h"
#include "importers/JsonFields.h"

#include <simdjson.h>

#include <string_view>
#include <utility>
#include <vector>

namespace costdash::importers {
namespace {

namespace od = simdjson::ondemand;

std::string_view trimmed(std::string_view token)
{
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' || token.back() == '\t'))
        token.remove_suffix(1);
    return token;
}

// Appends one line per result of `bucket`: {"start_time":…,"end_time":…, the result's own fields}.
simdjson::error_code flattenBucket(od::object bucket, QByteArray& out)
{
    std::string_view times[2];
    std::vector<std::string_view> results;
    for (auto entry : bucket) {
        od::field field;
        std::string_view key;
        if (auto err = std::move(entry).get(field); err || (err = field.unescaped_key().get(key)))
            return err;
        if (key == "start_time" || key == "end_time") {
            times[key == "end_time"] = trimmed(field.value().raw_json_token());
        } else if (key == "results") {
            od::array array;
            if (auto err = field.value().get_array().get(array))
                return err;
            for (auto element : array) {
                od::object result;
                std::string_view raw;
                if (auto err = element.get_object().get(result); err || (err = result.raw_json().get(raw)))
                    return err;
                results.push_back(raw);
            }
        }
    }
    for (const std::string_view raw : results) {
        out += '{';
        for (int t = 0; t < 2; ++t) {
            if (!times[t].empty())
                out.append(t ? "\"end_time\":" : "\"start_time\":").append(times[t].data(), qsizetype(times[t].size())).append(',');
        }
        const std::string_view fields = trimmed(raw.substr(1)); // after the result's own '{'
        if (fields == "}" && out.endsWith(','))
            out.chop(1);
        out.append(fields.data(), qsizetype(fields.size())).append('\n');
    }
    return simdjson::SUCCESS;
}

// The buckets: the document's array, its "data" array, or the document itself as one bucket.
simdjson::error_code flattenDocument(od::document& doc, QByteArray& out)
{
    od::json_type type{};
    if (auto err = doc.type().get(type))
        return err;
    od::array buckets;
    if (type == od::json_type::object) {
        od::object top;
        od::value data;
        if (auto err = doc.get_object().get(top))
            return err;
        if (top.find_field_unordered("data").get(data) != simdjson::SUCCESS) {
            doc.rewind();
            if (auto err = doc.get_object().get(top))
                return err;
            return flattenBucket(top, out);
        }
        if (auto err = data.get_array().get(buckets))
            return err;
    } else if (auto err = doc.get_array().get(buckets)) {
        return err;
    }
    for (auto element : buckets) {
        od::object bucket;
        if (auto err = element.get_object().get(bucket); err || (err = flattenBucket(bucket, out)))
            return err;
    }
    return simdjson::SUCCESS;
}

} // namespace

QByteArray flattenUsageBuckets(const QByteArray& json, QString* error)
{
    const QByteArray padded = paddedJson(json);
    od::parser parser;
    od::document doc;
    QByteArray out;
    auto err = parser.iterate(padded.constData(), std::size_t(json.size()), std::size_t(padded.size())).get(doc);
    if (!err)
        err = flattenDocument(doc, out);
    if (err) {
        *error = QStringLiteral("invalid JSON document: %1").arg(QLatin1String(simdjson::error_message(err)));
        return {};
    }
    if (out.isEmpty())
        *error = QStringLiteral("usage API buckets without results (nothing to import)");
    return out;
}

} // namespace costdash::importers
