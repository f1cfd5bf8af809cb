#include "importers/CsvReader.h"

#include "importers/FieldParse.h"

#include "platform/Platform.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace costdash::importers {
namespace {

std::int64_t countNewlines(const char* from, const char* to)
{
    return std::count(from, to, '\n');
}

// The first ',' or '\n' in [p, end), or end: the prompt, the longest field, is mostly unquoted. Reads up to 15
// bytes past `end`, which the block buffer's padding makes safe.
const char* findDelimiter(const char* p, const char* end)
{
    return platform::findCommaOrNewline(p, end);
}

} // namespace

CsvReader::CsvReader(qsizetype maxRecord)
    : m_reader(1 << 20, maxRecord)
{
}

bool CsvReader::open(const QString& path, QString* error)
{
    if (!m_reader.open(path, error))
        return false;
    m_pos = m_reader.begin();
    if (m_reader.end() - m_pos >= 3 && std::memcmp(m_pos, "\xEF\xBB\xBF", 3) == 0)
        m_pos += 3;
    m_line = 1;
    return true;
}

// p is just past the opening quote; on Done it is just past the closing quote.
CsvReader::Parse CsvReader::parseQuoted(const char*& p, const char* end, std::int64_t& newlines)
{
    const bool eof = m_reader.atEof();
    const char* segment = p;
    const qsizetype scratchStart = m_scratch.size();
    bool collapsed = false;
    for (;;) {
        const char* q = static_cast<const char*>(std::memchr(p, '"', size_t(end - p)));
        if (!q) {
            if (!eof)
                return Parse::Incomplete;
            newlines += countNewlines(p, end);
            m_recordError = QStringLiteral("unterminated quoted field");
            q = end;
        } else {
            newlines += countNewlines(p, q);
            if (q + 1 == end && !eof)
                return Parse::Incomplete;
            if (q + 1 < end && q[1] == '"') { // a doubled quote stands for one quote
                m_scratch.append(segment, q + 1 - segment);
                collapsed = true;
                p = q + 2;
                segment = p;
                continue;
            }
        }
        if (collapsed) {
            m_scratch.append(segment, q - segment);
            m_fields.push_back({scratchStart, m_scratch.size() - scratchStart, true});
        } else {
            addField(segment, q);
        }
        p = q < end ? q + 1 : end;
        return Parse::Done;
    }
}

CsvReader::Parse CsvReader::parseRecord()
{
    const char* p = m_pos;
    const char* const end = m_reader.end();
    const bool eof = m_reader.atEof();
    m_fields.clear();
    m_scratch.resize(0); // keeps the buffer: clear() would free it for every record with a doubled quote
    m_recordError.clear();
    std::int64_t newlines = 0;
    for (;;) {
        if (p < end && *p == '"') {
            ++p;
            if (parseQuoted(p, end, newlines) == Parse::Incomplete)
                return Parse::Incomplete;
            const bool crlf = p + 1 < end && p[0] == '\r' && p[1] == '\n';
            if (p < end && *p != ',' && *p != '\n' && !crlf) {
                if (p[0] == '\r' && p + 1 == end && !eof)
                    return Parse::Incomplete;
                if (m_recordError.isEmpty())
                    m_recordError = QStringLiteral("unexpected character after a closing quote");
                while (p < end && *p != ',' && *p != '\n')
                    ++p;
                if (p == end && !eof)
                    return Parse::Incomplete;
            }
        } else {
            const char* start = p;
            p = findDelimiter(p, end);
            if (p == end && !eof)
                return Parse::Incomplete;
            const char* stop = (p > start && p[-1] == '\r') ? p - 1 : p;
            addField(start, stop);
        }
        if (p < end && *p == ',') {
            ++p;
            continue;
        }
        if (p < end && *p == '\r')
            ++p; // the CR of a CRLF after a quoted field
        if (p < end && *p == '\n') {
            ++p;
            ++newlines;
        }
        break;
    }
    m_recordLine = m_line;
    m_line += newlines;
    m_pos = p;
    return Parse::Done;
}

// Keeps the unfinished record, reads the next block; false (with m_error) when reading failed.
bool CsvReader::refill()
{
    m_reader.refill(m_pos);
    m_pos = m_reader.begin();
    if (m_reader.error().isEmpty())
        return true;
    m_error = m_reader.error();
    return false;
}

CsvReader::Status CsvReader::next()
{
    for (;;) {
        if (m_pos == m_reader.end()) {
            if (m_reader.atEof())
                return Status::End;
            if (!refill())
                return Status::Fatal;
            continue;
        }
        const char* start = m_pos;
        if (parseRecord() == Parse::Incomplete) {
            if (m_reader.end() - m_pos >= m_reader.maxRecord()) {
                m_error = QStringLiteral("the record starting on line %1 is longer than %2 MiB (record size cap)")
                              .arg(m_line)
                              .arg(m_reader.maxRecord() >> 20);
                return Status::Fatal;
            }
            if (!refill())
                return Status::Fatal;
            continue;
        }
        const bool blankLine = m_fields.size() == 1 && m_fields[0].size == 0 && *start != '"';
        if (blankLine)
            continue;
        return Status::Record;
    }
}

bool CsvSource::open(const QString& path, QString* error)
{
    if (!m_csv.open(path, error))
        return false;
    const auto status = m_csv.next();
    if (status == CsvReader::Status::Fatal) {
        if (error)
            *error = m_csv.error();
        return false;
    }
    if (status == CsvReader::Status::End) {
        if (error)
            *error = QStringLiteral("empty file: no header row");
        return false;
    }
    for (qsizetype i = 0; i < m_csv.fieldCount(); ++i)
        m_columns.append(m_csv.field(i).toByteArray().trimmed().toLower());
    return true;
}

void CsvSource::bind(const QList<QByteArray>& fieldNames)
{
    m_columnOfField.clear();
    m_jsonColumns.clear();
    std::vector<QList<QByteArray>> paths;
    for (const QByteArray& name : fieldNames) {
        m_columnOfField.push_back(m_columns.indexOf(name));
        if (m_columnOfField.back() >= 0 || !name.contains('.'))
            continue;
        const qsizetype column = m_columns.indexOf(name.left(name.indexOf('.')));
        if (column < 0)
            continue;
        auto it = std::find_if(m_jsonColumns.begin(), m_jsonColumns.end(),
                               [column](const JsonColumn& j) { return j.column == column; });
        if (it == m_jsonColumns.end()) {
            m_jsonColumns.emplace_back().column = column;
            paths.emplace_back();
            it = m_jsonColumns.end() - 1;
        }
        it->rowIndex.push_back(m_columnOfField.size() - 1);
        paths[size_t(it - m_jsonColumns.begin())].append(name.mid(name.indexOf('.') + 1));
    }
    for (size_t i = 0; i < m_jsonColumns.size(); ++i)
        m_jsonColumns[i].fields.bind(paths[i]);
}

bool CsvSource::readJsonColumns(SourceRow& row, QString& reason)
{
    for (JsonColumn& j : m_jsonColumns) {
        const QByteArrayView cell = trimmedAscii(m_csv.field(j.column));
        if (cell.isEmpty() || cell == "null")
            continue; // no JSON: every path in it stays absent
        j.padded = paddedJson(cell);
        if (!j.fields.read(QByteArrayView(j.padded).first(cell.size()), size_t(j.padded.size()), j.values, reason)) {
            reason = QString::fromUtf8(m_columns[j.column]) + QStringLiteral(": ") + reason;
            return false;
        }
        for (size_t k = 0; k < j.rowIndex.size(); ++k)
            row[j.rowIndex[k]] = j.values[k];
    }
    return true;
}

ReadStatus CsvSource::next(SourceRow& row, RowError& info)
{
    const auto status = m_csv.next();
    if (status == CsvReader::Status::End)
        return ReadStatus::End;
    if (status == CsvReader::Status::Fatal)
        return ReadStatus::Fatal;
    info.line = m_csv.line();
    if (!m_csv.recordError().isEmpty()) {
        info.reason = m_csv.recordError();
        return ReadStatus::BadRow;
    }
    if (m_csv.fieldCount() != m_columns.size()) {
        info.reason = QStringLiteral("expected %1 fields, found %2").arg(m_columns.size()).arg(m_csv.fieldCount());
        return ReadStatus::BadRow;
    }
    row.resize(m_columnOfField.size());
    for (size_t i = 0; i < m_columnOfField.size(); ++i) {
        const qsizetype column = m_columnOfField[i];
        row[i] = column < 0 ? FieldRef{} : FieldRef{m_csv.field(column), true};
    }
    if (!m_jsonColumns.empty() && !readJsonColumns(row, info.reason))
        return ReadStatus::BadRow;
    return ReadStatus::Row;
}

} // namespace costdash::importers
