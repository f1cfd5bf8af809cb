#pragma once
// The import job: file -> detect -> stream, map -> batches -> store, with the whole-file checks, dedupe by
// SHA-256, resume after a kill, strict mode and progress. One ImportService object per long job (start/cancel/
// progress/finished); importFile() is the synchronous core the CLI and the tests call directly.
#include "importers/RecordSource.h"
#include "store/CallStore.h"

#include <QList>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>

namespace costdash::importers {

struct ImportOptions {
    std::optional<Format> format; // nullopt: detect by content
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
    QStringList unpricedModels;  // models of imported rows the catalog does not know, sorted
    QString error;               // non-empty: the file failed as a whole; the store is as before (or resumable)
    bool alreadyImported = false;
    bool resumed = false;
    bool cancelled = false;
    bool failed() const { return !error.isEmpty() || cancelled; }
};

using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

class ImportService final : public QObject {
    Q_OBJECT
public:
    explicit ImportService(QObject* parent = nullptr);
    ~ImportService() override;

    // Imports one file into `store`: the calling thread runs the SQL, one helper thread the whole-file verdict
    // (SHA-256 and text checks), another parses and prepares the batches. A refused file leaves the store as it
    // was. `cancel` is polled between batches; a cancelled import can be resumed by a re-run.
    static FileImportResult importFile(store::CallStore& store, const QString& path, const ImportOptions& options,
                                       const std::atomic_bool* cancel = nullptr, const ProgressFn& progress = {});

    // Runs the files one after the other on a worker thread that opens its own store at `dbPath`. `finished`
    // comes on this object's thread once the worker has ended; until then isRunning() is true.
    void start(const QString& dbPath, const QStringList& paths, const ImportOptions& options);
    void cancel() { m_cancel.store(true); }
    bool isRunning() const { return m_running; }
    // Blocks until the worker started by start() has ended.
    void waitForFinished() { m_watcher.waitForFinished(); }

Q_SIGNALS:
    void progress(int percent);
    void finished(const QList<costdash::importers::FileImportResult>& results);

private:
    std::atomic_bool m_cancel{false};
    bool m_running = false; // this object's thread only
    QFutureWatcher<QList<FileImportResult>> m_watcher;
};

} // namespace costdash::importers
