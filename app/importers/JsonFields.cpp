#include "importers/JsonFields.h"

#include <simdjson.h>

namespace costdash::importers {

namespace od = simdjson::ondemand;

struct JsonFields::Parser {
    od::parser parser;
};

namespace {

constexpr int kMaxDepth = 6; // paths deeper than this are not followed (detection and reading alike)

QString jsonError(simdjson::error_code code)
{
    return QStringLiteral("invalid JSON: %1").arg(QLatin1String(simdjson::error_message(code)));
}

QByteArrayView trimmedToken(std::string_view raw)
{
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n'))
        raw.remove_suffix(1);
    return {raw.data(), qsizetype(raw.size())};
}

bool equalsPath(const QByteArray& path, QByteArrayView prefix, std::string_view key)
{
    return path.size() == prefix.size() + qsizetype(key.size()) && path.startsWith(prefix)
        && qstrnicmp(path.constData() + prefix.size(), key.data(), key.size()) == 0;
}

bool leadsInto(const QByteArray& path, QByteArrayView prefix, std::string_view key)
{
    const qsizetype at = prefix.size() + qsizetype(key.size());
    return path.size() > at && path[at] == '.' && path.startsWith(prefix)
        && qstrnicmp(path.constData() + prefix.size(), key.data(), key.size()) == 0;
}

// The raw JSON text of an object or array value.
template <typename Container>
simdjson::error_code rawJson(od::value& value, std::string_view& out)
{
    Container inner;
    simdjson::error_code err = value.get<Container>().get(inner);
    return err ? err : inner.raw_json().get(out);
}

// Reads one value as raw UTF-8 text; an object or array as its raw JSON.
bool readValue(od::value value, FieldRef& out, QString& reason)
{
    od::json_type type;
    simdjson::error_code err = value.type().get(type);
    std::string_view s;
    switch (err ? od::json_type::null : type) {
    case od::json_type::string:
        err = value.get_string().get(s);
        out = {QByteArrayView(s.data(), qsizetype(s.size())), true};
        break;
    case od::json_type::number:
        out = {trimmedToken(value.raw_json_token()), true};
        break;
    case od::json_type::boolean: {
        bool b = false;
        err = value.get_bool().get(b);
        out = {b ? QByteArrayView("true") : QByteArrayView("false"), true};
        break;
    }
    case od::json_type::null:
        out = {};
        break;
    case od::json_type::object:
        err = rawJson<od::object>(value, s);
        out = {trimmedToken(s), true, true};
        break;
    case od::json_type::array:
        err = rawJson<od::array>(value, s);
        out = {trimmedToken(s), true, true};
        break;
    }
    if (err)
        reason = jsonError(err);
    return !err;
}

struct Walk {
    const QList<QByteArray>& paths;
    bool nested;
    SourceRow& row;
    QString& reason;

    bool object(od::object obj, QByteArray& prefix, int depth)
    {
        for (auto result : obj) {
            od::field field;
            std::string_view key;
            simdjson::error_code err = std::move(result).get(field);
            if (!err)
                err = field.unescaped_key().get(key);
            if (err)
                return (reason = jsonError(err)), false;
            if (!member(field.value(), key, prefix, depth))
                return false;
        }
        return true;
    }

    bool member(od::value value, std::string_view key, QByteArray& prefix, int depth)
    {
        bool leads = false;
        for (qsizetype i = 0; i < paths.size(); ++i) {
            if (equalsPath(paths[i], prefix, key)) {
                if (readValue(value, row[size_t(i)], reason))
                    return true;
                reason = QString::fromUtf8(paths[i]) + QStringLiteral(": ") + reason;
                return false;
            }
            leads = leads || (nested && leadsInto(paths[i], prefix, key));
        }
        od::object inner;
        if (!leads || depth >= kMaxDepth || value.get_object().get(inner))
            return true; // not asked for, or not an object where a path leads on: the path stays absent
        const qsizetype size = prefix.size();
        prefix.append(key.data(), qsizetype(key.size())).append('.');
        const bool ok = object(inner, prefix, depth + 1);
        prefix.truncate(size);
        return ok;
    }
};

// Starts reading `json` as one object.
simdjson::error_code openObject(od::parser& parser, QByteArrayView json, std::size_t capacity, od::document& doc,
                                od::object& object)
{
    simdjson::error_code err = parser.iterate(json.data(), size_t(json.size()), capacity).get(doc);
    return err ? err : doc.get_object().get(object);
}

void collect(od::object obj, QByteArray& prefix, int depth, QList<QByteArray>& paths)
{
    for (auto result : obj) {
        od::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key))
            return;
        const QByteArray path = prefix + QByteArray(key.data(), qsizetype(key.size())).toLower();
        if (!paths.contains(path))
            paths.append(path);
        od::object inner;
        if (depth < kMaxDepth && !field.value().get_object().get(inner)) {
            QByteArray deeper = path + '.';
            collect(inner, deeper, depth + 1, paths);
        }
    }
}

} // namespace

JsonFields::JsonFields()
    : m_parser(std::make_unique<Parser>())
{
}

JsonFields::~JsonFields() = default;
JsonFields::JsonFields(JsonFields&&) noexcept = default;
JsonFields& JsonFields::operator=(JsonFields&&) noexcept = default;

std::size_t JsonFields::padding()
{
    return simdjson::SIMDJSON_PADDING;
}

void JsonFields::bind(const QList<QByteArray>& paths)
{
    m_paths = paths;
    m_nested = std::any_of(paths.begin(), paths.end(), [](const QByteArray& p) { return p.contains('.'); });
}

bool JsonFields::read(QByteArrayView json, std::size_t capacity, SourceRow& row, QString& reason)
{
    od::document doc;
    od::object object;
    if (const auto err = openObject(m_parser->parser, json, capacity, doc, object)) {
        reason = err == simdjson::INCORRECT_TYPE ? QStringLiteral("not a JSON object") : jsonError(err);
        return false;
    }
    row.assign(size_t(m_paths.size()), FieldRef{});
    QByteArray prefix;
    return Walk{m_paths, m_nested, row, reason}.object(object, prefix, 0);
}

bool JsonFields::collectPaths(QByteArrayView json, std::size_t capacity, QList<QByteArray>& paths, QString& reason)
{
    od::document doc;
    od::object object;
    if (const auto err = openObject(m_parser->parser, json, capacity, doc, object)) {
        reason = jsonError(err);
        return false;
    }
    QByteArray prefix;
    collect(object, prefix, 0, paths);
    return true;
}

QByteArray paddedJson(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    out.append(bytes);
    out.append(QByteArray(qsizetype(simdjson::SIMDJSON_PADDING), ' '));
    return out;
}

} // namespace costdash::importers
