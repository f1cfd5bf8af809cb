#pragma once
// What an import would do, without a store: the detected format, where each field comes from, the first rows as
// they would be stored, and the bad rows (costdash import --dry-run and the window's import preview).
#include "importers/ImportService.h"

namespace costdash::importers {

struct ImportPreview {
    QString format;      // "csv", "jsonl", "json", "sqlite"
    QString mapper;      // "openai"
    QString mapperTitle; // one line about the source format
    QStringList mapping; // "input_tokens <- usage.prompt_tokens"
    QList<CallRecord> firstRows;
    std::int64_t records = 0; // every record of the file (or of the first maxRecords), read and mapped
    std::int64_t badRows = 0;
    QList<RowError> errors;   // the first maxErrors
    std::int64_t aggregateRows = 0;     // rows that sum many requests (usage buckets, daily spend)
    std::int64_t aggregateRequests = 0; // the requests they sum
    std::int64_t spendRows = 0;         // spend lines (Cost CSV, Costs API): a cost without a request count
    std::int64_t idleRows = 0;          // records of no activity (idle days): skipped, not bad rows
    QString error;            // non-empty: the file cannot be imported at all
    // No log format matches (error says which were tried): the source's columns and its first rows' values, per
    // column, so that a column mapping can be chosen.
    bool unknownFormat = false;
    QList<QByteArray> columns;
    QList<QStringList> samples;
    bool partial = false;   // stopped after maxRecords
    bool cancelled = false; // stopped by the cancel flag: the counts are incomplete
};

struct PreviewControl {
    const std::atomic_bool* cancel = nullptr; // polled between batches
    ProgressFn progress;                      // source position of total
    std::int64_t maxRecords = 0;              // > 0: read only about this many records (a live preview)
};

// Reads and maps the whole file (so the bad-row count is the import's), keeping the first `rows` rows. Writes
// nothing anywhere.
ImportPreview previewFile(const QString& path, const ImportOptions& options, int rows = 5,
                          const PreviewControl& control = {});

} // namespace costdash::importers
