#pragma once
// A streaming source of records (CSV, JSONL, SQLite): the one interface the import pipeline reads through.
#include "importers/SourceRow.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace costdash::importers {

enum class Format { Csv, Jsonl, Json, Sqlite }; // Json: one whole document (importers/JsonDocument.h)

QString formatName(Format format);
std::optional<Format> formatFromName(QStringView name);

inline constexpr qsizetype kMaxRecordBytes = 1 << 20; // a record longer than this is refused (clear error)

class RecordSource {
public:
    virtual ~RecordSource() = default;
    // Column names (CSV header, keys of the first JSON object, SQLite table columns), lower-cased.
    virtual QList<QByteArray> columns() const = 0;
    // The mapper's field names, lower-cased; the reader fills SourceRow[i] for fieldNames[i].
    virtual void bind(const QList<QByteArray>& fieldNames) = 0;
    virtual ReadStatus next(SourceRow& row, RowError& info) = 0;
    virtual QString error() const = 0;    // after Fatal
    virtual std::int64_t position() const = 0; // bytes (or rows, for SQLite) consumed: progress
    virtual std::int64_t total() const = 0;    // file size (or row count)
};

} // namespace costdash::importers
