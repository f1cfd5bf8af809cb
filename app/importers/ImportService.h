#pragma once
// The import of one file: detect -> stream, map -> batches -> store, with the whole-file checks, dedupe by
// SHA-256, resume after a kill, strict mode and progress.
#include "importers/RecordSource.h"
#include "importers/RowMapper.h"
#include "store/CallStore.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace costdash::importers {

struct ImportOptions {
    std::optional<Format> format; // nullopt: detect by content
    std::shared_ptr<const RowMapper> mapper; // non-null: this source format (--format NAME, --map), not detection
    bool strict = false;          // any bad row: import nothing
    bool keepOverlaps = false;    // import rows already stored from another file too (still counted)
    int batchRows = 25'000;       // source records per store transaction
    int maxErrors = 100;          // row errors kept in the result; `skipped` has the full count
};

struct FileImportResult {
    QString path;
    QString format;              // "csv", "jsonl", "sqlite" (empty when refused before detection)
    QString mapper;              // "seed"
    store::ImportCounts counts;  // this run's figures (a resumed run adds the earlier runs' counts)
    QList<RowError> errors;      // the first maxErrors bad rows
    QStringList unpricedModels;  // models of imported rows (spend lines aside) the catalog does not know, sorted
    QStringList warnings;        // one sentence each: what the import did that the totals show wrong (double counting)
    QString error;               // non-empty: the file failed as a whole; the store is as before (or resumable)
    bool alreadyImported = false;
    bool resumed = false;
    bool cancelled = false;
    bool failed() const { return !error.isEmpty() || cancelled; }
};

using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

// Imports one file into `store`: the calling thread runs the SQL, one helper thread the whole-file verdict
// (SHA-256 and text checks), another parses and prepares the batches. A refused file leaves the store as it was.
// `cancel` is polled between batches; a cancelled import can be resumed by a re-run. The window runs it through
// services::ImportJob, the CLI and the tests directly.
FileImportResult importFile(store::CallStore& store, const QString& path, const ImportOptions& options,
                            const std::atomic_bool* cancel = nullptr, const ProgressFn& progress = {});

} // namespace costdash::importers
