#include "importers/JsonlReader.h"

#include <simdjson.h>

#include <cstring>

namespace costdash::importers {

namespace od = simdjson::ondemand;

struct JsonlSource::Parser {
    od::parser parser;
};

namespace {

bool isBlank(QByteArrayView line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

QByteArrayView trimmedToken(std::string_view raw)
{
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n'))
        raw.remove_suffix(1);
    return {raw.data(), qsizetype(raw.size())};
}

qsizetype indexOfKey(const QList<QByteArray>& names, std::string_view key)
{
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QByteArray& n = names[i];
        if (size_t(n.size()) == key.size() && qstrnicmp(n.constData(), key.data(), key.size()) == 0)
            return i;
    }
    return -1;
}

QString jsonError(simdjson::error_code code)
{
    return QStringLiteral("invalid JSON: %1").arg(QLatin1String(simdjson::error_message(code)));
}

// Reads one value into `out` as raw UTF-8 text; false with a reason for nested values.
bool readValue(od::value value, FieldRef& out, QString& reason)
{
    od::json_type type;
    if (const auto err = value.type().get(type)) {
        reason = jsonError(err);
        return false;
    }
    switch (type) {
    case od::json_type::string: {
        std::string_view s;
        if (const auto err = value.get_string().get(s)) {
            reason = jsonError(err);
            return false;
        }
        out = {QByteArrayView(s.data(), qsizetype(s.size())), true};
        return true;
    }
    case od::json_type::number:
        out = {trimmedToken(value.raw_json_token()), true};
        return true;
    case od::json_type::boolean: {
        bool b = false;
        if (const auto err = value.get_bool().get(b)) {
            reason = jsonError(err);
            return false;
        }
        out = {b ? QByteArrayView("true") : QByteArrayView("false"), true};
        return true;
    }
    case od::json_type::null:
        out = {};
        return true;
    default:
        reason = QStringLiteral("a nested object or array where a value was expected");
        return false;
    }
}

} // namespace

QString simdjsonKernels()
{
    return QStringLiteral("On Demand: %1, runtime: %2")
        .arg(QString::fromStdString(simdjson::builtin_implementation()->name()),
             QString::fromStdString(simdjson::get_active_implementation()->name()));
}

JsonlSource::JsonlSource()
    : m_parser(std::make_unique<Parser>())
    , m_reader(1 << 20, kMaxRecordBytes, simdjson::SIMDJSON_PADDING)
{
}

JsonlSource::~JsonlSource() = default;

bool JsonlSource::open(const QString& path, QString* error)
{
    if (!m_reader.open(path, error))
        return false;
    m_pos = m_reader.begin();
    if (m_reader.end() - m_pos >= 3 && std::memcmp(m_pos, "\xEF\xBB\xBF", 3) == 0)
        m_pos += 3;
    // The first object's keys are the columns (for format detection); then start over.
    const qsizetype bomSize = m_pos - m_reader.begin();
    QByteArrayView line;
    if (nextLine(line) != Line::Got) {
        if (error)
            *error = m_error.isEmpty() ? QStringLiteral("empty file: no JSON object") : m_error;
        return false;
    }
    od::document doc;
    od::object object;
    if (m_parser->parser.iterate(line.data(), size_t(line.size()), size_t(line.size()) + simdjson::SIMDJSON_PADDING)
            .get(doc)
        || doc.get_object().get(object)) {
        if (error)
            *error = QStringLiteral("line %1 is not a JSON object").arg(m_line);
        return false;
    }
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            break;
        m_columns.append(QByteArray(key.data(), qsizetype(key.size())).toLower());
    }
    if (!m_reader.open(path, error))
        return false;
    m_pos = m_reader.begin() + bomSize;
    m_line = 0;
    return true;
}

JsonlSource::Line JsonlSource::nextLine(QByteArrayView& line)
{
    for (;;) {
        const char* end = m_reader.end();
        const char* nl = static_cast<const char*>(std::memchr(m_pos, '\n', size_t(end - m_pos)));
        if (!nl && !m_reader.atEof()) {
            if (end - m_pos >= m_reader.maxRecord()) {
                m_error = QStringLiteral("line %1 is longer than %2 MiB (record size cap)")
                              .arg(m_line + 1)
                              .arg(m_reader.maxRecord() >> 20);
                return Line::Fatal;
            }
            m_reader.refill(m_pos);
            m_pos = m_reader.begin();
            if (!m_reader.error().isEmpty()) {
                m_error = m_reader.error();
                return Line::Fatal;
            }
            continue;
        }
        if (!nl && m_pos == end)
            return Line::End;
        const char* lineEnd = nl ? nl : end;
        line = QByteArrayView(m_pos, lineEnd - m_pos);
        m_pos = nl ? nl + 1 : end;
        ++m_line;
        if (line.size() > m_reader.maxRecord()) {
            m_error = QStringLiteral("line %1 is longer than %2 MiB (record size cap)")
                          .arg(m_line)
                          .arg(m_reader.maxRecord() >> 20);
            return Line::Fatal;
        }
        if (!isBlank(line))
            return Line::Got;
    }
}

bool JsonlSource::parseObject(QByteArrayView line, SourceRow& row, QString& reason)
{
    od::document doc;
    od::object object;
    auto err = m_parser->parser.iterate(line.data(), size_t(line.size()), size_t(line.size()) + simdjson::SIMDJSON_PADDING)
                   .get(doc);
    if (!err)
        err = doc.get_object().get(object);
    if (err) {
        reason = err == simdjson::INCORRECT_TYPE ? QStringLiteral("not a JSON object") : jsonError(err);
        return false;
    }
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if ((err = std::move(result).get(field)) || (err = field.unescaped_key().get(key))) {
            reason = jsonError(err);
            return false;
        }
        const qsizetype index = indexOfKey(m_fieldNames, key);
        if (index < 0)
            continue;
        if (!readValue(field.value(), row[size_t(index)], reason)) {
            reason = QStringLiteral("%1: %2").arg(QLatin1String(key.data(), qsizetype(key.size())), reason);
            return false;
        }
    }
    return true;
}

ReadStatus JsonlSource::next(SourceRow& row, RowError& info)
{
    QByteArrayView line;
    switch (nextLine(line)) {
    case Line::End:
        return ReadStatus::End;
    case Line::Fatal:
        return ReadStatus::Fatal;
    case Line::Got:
        break;
    }
    info.line = m_line;
    row.assign(size_t(m_fieldNames.size()), FieldRef{});
    if (!parseObject(line, row, info.reason))
        return ReadStatus::BadRow;
    return ReadStatus::Row;
}

} // namespace costdash::importers
