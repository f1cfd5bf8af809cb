#pragma once
// What a reader hands a mapper: the raw UTF-8 bytes of the fields the mapper asked for, by the mapper's own
// field index. Views point into the reader's buffers and live until the reader's next record.
#include <QByteArrayView>
#include <QString>
#include <cstdint>
#include <vector>

namespace costdash::importers {

struct FieldRef {
    QByteArrayView bytes;
    bool present = false; // false: the source has no such column/key, or SQL/JSON null
    bool json = false;    // the bytes are a JSON object or array (a mapper that wants a scalar refuses it)
};

using SourceRow = std::vector<FieldRef>;

struct RowError {
    std::int64_t line = 0; // physical line (CSV/JSONL) or row number (SQLite) where the record starts
    QString reason;
};

enum class ReadStatus {
    Row,    // a record: the row is filled
    BadRow, // a malformed record: skip it, report line and reason
    End,    // no more records
    Fatal,  // the source cannot be read further (error())
};

} // namespace costdash::importers
