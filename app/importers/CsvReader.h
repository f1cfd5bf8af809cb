#pragma once
// Streaming RFC 4180 reader over UTF-8 bytes: quoted fields, doubled quotes, embedded commas and newlines,
// CRLF or LF, a UTF-8 BOM. Blank lines are skipped. Fields are views into the block buffer (or into a scratch
// buffer when doubled quotes had to be collapsed), valid until the next call to next().
#include "importers/BlockReader.h"
#include "importers/JsonFields.h"
#include "importers/RecordSource.h"

#include <QByteArrayView>
#include <vector>

namespace costdash::importers {

class CsvReader {
public:
    enum class Status { Record, End, Fatal };

    explicit CsvReader(qsizetype maxRecord = kMaxRecordBytes);
    bool open(const QString& path, QString* error);

    Status next();
    qsizetype fieldCount() const { return qsizetype(m_fields.size()); }
    QByteArrayView field(qsizetype i) const // inline: several calls per row
    {
        const Span& s = m_fields[size_t(i)];
        const char* base = s.inScratch ? m_scratch.constData() : m_reader.begin();
        return {base + s.offset, s.size};
    }
    std::int64_t line() const { return m_recordLine; } // physical line where the current record starts
    QString recordError() const { return m_recordError; } // non-empty: the current record is malformed
    QString error() const { return m_error; }
    std::int64_t position() const { return m_reader.offsetOfBegin() + (m_pos - m_reader.begin()); }
    std::int64_t fileSize() const { return m_reader.fileSize(); }

private:
    enum class Parse { Done, Incomplete };
    struct Span {
        qsizetype offset;
        qsizetype size;
        bool inScratch;
    };
    bool refill();
    Parse parseRecord();
    Parse parseQuoted(const char*& p, const char* end, std::int64_t& newlines);
    void addField(const char* from, const char* to) // inline: once per field
    {
        m_fields.push_back({from - m_reader.begin(), to - from, false});
    }

    BlockReader m_reader;
    const char* m_pos = nullptr;
    std::vector<Span> m_fields;
    QByteArray m_scratch;
    QString m_recordError;
    QString m_error;
    std::int64_t m_line = 1;
    std::int64_t m_recordLine = 0;
    std::int64_t m_recordNewlines = 0;
};

// RecordSource over a CSV file whose first record is the header. A field named "column.key.path" that is not a
// column itself reads into the JSON held in that column's cells (LiteLLM's metadata, Helicone's properties).
class CsvSource final : public RecordSource {
public:
    bool open(const QString& path, QString* error);
    QList<QByteArray> columns() const override { return m_columns; }
    void bind(const QList<QByteArray>& fieldNames) override;
    ReadStatus next(SourceRow& row, RowError& info) override;
    QString error() const override { return m_csv.error(); }
    std::int64_t position() const override { return m_csv.position(); }
    std::int64_t total() const override { return m_csv.fileSize(); }

private:
    // The fields read from inside one column's JSON cells.
    struct JsonColumn {
        qsizetype column = 0;
        std::vector<std::size_t> rowIndex; // per path of `fields`: the field's index in the row
        JsonFields fields;
        QByteArray padded;
        SourceRow values;
    };
    bool readJsonColumns(SourceRow& row, QString& reason);

    CsvReader m_csv;
    QList<QByteArray> m_columns;
    std::vector<qsizetype> m_columnOfField; // -1: the file has no such column (or it is read from JSON)
    std::vector<JsonColumn> m_jsonColumns;
};

} // namespace costdash::importers
