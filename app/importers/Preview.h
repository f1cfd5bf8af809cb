#pragma once
// What an import would do, without a store: the detected format, where each field comes from, the first rows as
// they would be stored, and the bad rows (costdash import --dry-run; the window's preview later).
#include "importers/ImportService.h"

namespace costdash::importers {

struct ImportPreview {
    QString format;      // "csv", "jsonl", "json", "sqlite"
    QString mapper;      // "openai"
    QString mapperTitle; // one line about the source format
    QStringList mapping; // "input_tokens <- usage.prompt_tokens"
    QList<CallRecord> firstRows;
    std::int64_t records = 0; // every record of the file, read and mapped
    std::int64_t badRows = 0;
    QList<RowError> errors;   // the first maxErrors
    QString error;            // non-empty: the file cannot be imported at all
};

// Reads and maps the whole file (so the bad-row count is the import's), keeping the first `rows` rows. Writes
// nothing anywhere.
ImportPreview previewFile(const QString& path, const ImportOptions& options, int rows = 5);

} // namespace costdash::importers
