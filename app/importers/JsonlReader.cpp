#include "importers/JsonlReader.h"

#include <simdjson.h>

#include <cstring>

namespace costdash::importers {

namespace od = simdjson::ondemand;

namespace {

bool isBlank(QByteArrayView line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

constexpr int kLinesForColumns = 20; // detection sees the keys of this many first objects (an error body first)

} // namespace

QString simdjsonKernels()
{
    return QStringLiteral("On Demand: %1, runtime: %2")
        .arg(QString::fromStdString(simdjson::builtin_implementation()->name()),
             QString::fromStdString(simdjson::get_active_implementation()->name()));
}

JsonlSource::JsonlSource()
    : m_reader(1 << 20, kMaxRecordBytes, simdjson::SIMDJSON_PADDING)
{
}

JsonlSource::~JsonlSource() = default;

std::size_t JsonlSource::capacityOf(QByteArrayView line) const
{
    return std::size_t(m_reader.end() - line.data()) + JsonFields::padding();
}

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
    QString reason;
    if (!m_fields.collectPaths(line, capacityOf(line), m_columns, reason)) {
        if (error)
            *error = QStringLiteral("line %1 is not a JSON object").arg(m_line);
        return false;
    }
    for (int more = 1; more < kLinesForColumns && nextLine(line) == Line::Got; ++more)
        m_fields.collectPaths(line, capacityOf(line), m_columns, reason); // a bad later line is the import's to report
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
    if (!m_fields.read(line, capacityOf(line), row, info.reason))
        return ReadStatus::BadRow;
    return ReadStatus::Row;
}

} // namespace costdash::importers
