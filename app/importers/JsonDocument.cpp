#include "importers/JsonDocument.h"

#include "importers/Gzip.h"

#include <QFile>
#include <simdjson.h>

namespace costdash::importers {

namespace od = simdjson::ondemand;

namespace {

constexpr int kRecordsForColumns = 20; // detection sees the keys of this many first records

bool failWith(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

bool isOtlp(QByteArrayView text)
{
    return text.first(qMin<qsizetype>(text.size(), 4096)).contains("\"resourceSpans\"");
}

bool isUsagePage(QByteArrayView text)
{
    const QByteArrayView head = text.first(qMin<qsizetype>(text.size(), 4096));
    return head.contains("\"organization.usage.completions.result\"") || head.contains("\"organization.costs.result\"")
        || head.contains("\"object\":\"bucket\"")
        || head.contains("\"object\": \"bucket\"");
}

} // namespace

bool JsonDocumentSource::open(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(error, file.errorString());
    QString gzError;
    if (file.size() > kMaxJsonDocumentBytes)
        return failWith(error, QStringLiteral("a JSON document over 2 GiB; export it as JSON Lines instead"));
    m_text = isGzipFile(path) ? gunzip(path, kMaxJsonDocumentBytes + 1, &gzError) : file.readAll();
    if (!gzError.isEmpty())
        return failWith(error, gzError);
    if (m_text.size() > kMaxJsonDocumentBytes)
        return failWith(error, QStringLiteral("a JSON document over 2 GiB; export it as JSON Lines instead"));
    const bool otlp = isOtlp(m_text);
    if (otlp || isUsagePage(m_text)) {
        m_text = otlp ? flattenOtlpSpans(m_text, error) : flattenUsageBuckets(m_text, error);
        if (m_text.isEmpty())
            return false;
        // One flat object per line: index the lines.
        for (qsizetype from = 0; from < m_text.size();) {
            const qsizetype nl = m_text.indexOf('\n', from);
            const qsizetype end = nl < 0 ? m_text.size() : nl;
            m_records.push_back({from, end - from});
            from = end + 1;
        }
    }
    m_textSize = m_text.size();
    m_text.append(QByteArray(qsizetype(JsonFields::padding()), ' '));
    if (m_records.empty() && !indexRecords(error))
        return false;
    QString reason;
    for (std::size_t i = 0; i < m_records.size() && i < kRecordsForColumns; ++i) {
        const Record& r = m_records[i];
        if (!m_fields.collectPaths(QByteArrayView(m_text).sliced(r.offset, r.size), std::size_t(m_text.size() - r.offset),
                                   m_columns, reason)
            && m_records.size() == 1)
            return failWith(error, reason); // the document itself is not JSON
    }
    return true;
}

// The records' spans in m_text: an array's elements, "data"'s elements (or "data" itself), or the document.
bool JsonDocumentSource::indexRecords(QString* error)
{
    od::parser parser;
    od::document doc;
    auto err = parser.iterate(m_text.constData(), size_t(m_textSize), size_t(m_text.size())).get(doc);
    od::json_type type{};
    if (!err)
        err = doc.type().get(type);
    od::array records;
    std::string_view whole;
    if (!err && type == od::json_type::object) {
        od::object top;
        od::value data;
        od::json_type dataType{};
        err = doc.get_object().get(top);
        if (!err && !top.find_field_unordered("data").get(data) && !data.type().get(dataType)
            && dataType == od::json_type::array) {
            err = data.get_array().get(records);
        } else if (!err && dataType == od::json_type::object) { // {"data": {...}}: one record
            od::object one;
            err = data.get_object().get(one);
            if (!err)
                err = one.raw_json().get(whole);
        } else if (!err) { // the document is the one record
            whole = std::string_view(m_text.constData(), size_t(m_textSize));
        }
    } else if (!err && type == od::json_type::array) {
        err = doc.get_array().get(records);
    } else if (!err) {
        return failWith(error, QStringLiteral("the JSON document holds neither an object nor an array of records"));
    }
    if (!err && !whole.empty()) {
        m_records.push_back({qsizetype(whole.data() - m_text.constData()), qsizetype(whole.size())});
        return true;
    }
    for (auto element : records) {
        od::object object;
        std::string_view raw;
        if (err || (err = element.get_object().get(object)) || (err = object.raw_json().get(raw)))
            break;
        m_records.push_back({qsizetype(raw.data() - m_text.constData()), qsizetype(raw.size())});
    }
    if (err)
        return failWith(error, QStringLiteral("invalid JSON document (record %1): %2")
                                   .arg(m_records.size() + 1)
                                   .arg(QLatin1String(simdjson::error_message(err))));
    return true;
}

ReadStatus JsonDocumentSource::next(SourceRow& row, RowError& info)
{
    if (m_next >= m_records.size())
        return ReadStatus::End;
    const Record& r = m_records[m_next++];
    info.line = std::int64_t(m_next); // the record's number in the document
    if (!m_fields.read(QByteArrayView(m_text).sliced(r.offset, r.size), std::size_t(m_text.size() - r.offset), row,
                       info.reason))
        return ReadStatus::BadRow;
    return ReadStatus::Row;
}

} // namespace costdash::importers
