#include "importers/ImportService.h"

#include "importers/BatchParser.h"
#include "importers/BoundedQueue.h"
#include "importers/Detect.h"
#include "importers/Prescan.h"

#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <span>
#include <thread>

namespace costdash::importers {
namespace {

// Joins a helper thread on every way out of importFile().
struct Joiner {
    std::thread& thread;
    ~Joiner()
    {
        if (thread.joinable())
            thread.join();
    }
};

void keepError(FileImportResult& result, const RowError& error, int maxErrors)
{
    ++result.counts.skipped;
    if (result.errors.size() < maxErrors)
        result.errors.append(error);
}

// --strict: one streaming pass that maps every record and keeps nothing but the errors.
bool validateAll(OpenedSource& source, const ImportOptions& options, FileImportResult& result)
{
    BatchParser parser(source, options.batchRows);
    Batch batch;
    while (parser.next(batch)) {
        result.counts.read += batch.endRecord - batch.beginRecord;
        for (const auto& [record, error] : batch.errors)
            keepError(result, error, options.maxErrors);
        if (!batch.fatal.isEmpty()) {
            result.error = batch.fatal;
            return false;
        }
    }
    if (result.counts.skipped == 0)
        return true;
    result.error = QStringLiteral("--strict: %1 bad row(s), nothing imported").arg(result.counts.skipped);
    return false;
}

struct Target {
    std::int64_t importId = 0;
    std::int64_t skipRecords = 0;        // records an earlier run already committed
    store::ImportCounts stored;          // counts of the earlier runs
};

// Decides what to do with a file whose hash is known: nothing (already imported), resume, or begin.
std::optional<Target> beginOrResume(store::CallStore& store, const PrescanResult& scan, const QString& path,
                                    FileImportResult& result)
{
    const std::optional<store::ImportRecord> existing = store.findImport(scan.sha256Hex);
    if (existing && existing->finished) {
        result.alreadyImported = true;
        result.counts.duplicates = existing->counts.imported + existing->counts.duplicates;
        return std::nullopt;
    }
    if (existing) {
        result.resumed = true;
        return Target{existing->id, existing->recordsDone, existing->counts};
    }
    const store::ImportSource source{QFileInfo(path).fileName(), scan.size, scan.sha256Hex, result.format};
    QString error;
    const std::optional<std::int64_t> id = store.beginImport(source, &error);
    if (!id) {
        result.error = QStringLiteral("%1: cannot start the import: %2").arg(path, error);
        return std::nullopt;
    }
    return Target{*id, 0, {}};
}

store::ImportCounts plus(const store::ImportCounts& a, const store::ImportCounts& b)
{
    return {a.read + b.read, a.imported + b.imported, a.skipped + b.skipped, a.duplicates + b.duplicates};
}

// Commits the part of one batch an earlier run has not; false (with result.error) when the store refuses.
bool commitBatch(store::CallStore& store, const Target& target, Batch& batch, const ImportOptions& options,
                 FileImportResult& result, QSet<QString>& models)
{
    const auto firstNew = std::lower_bound(batch.recordOfRow.begin(), batch.recordOfRow.end(), target.skipRecords);
    const std::span<const CallRecord> rows(batch.rows.data() + (firstNew - batch.recordOfRow.begin()),
                                           size_t(batch.recordOfRow.end() - firstNew));
    const std::int64_t newRecords = batch.endRecord - std::max(batch.beginRecord, target.skipRecords);
    if (newRecords <= 0)
        return true;
    for (const auto& [record, error] : batch.errors) {
        if (record >= target.skipRecords)
            keepError(result, error, options.maxErrors);
    }
    result.counts.read += newRecords;
    result.counts.imported += std::int64_t(rows.size());
    QString error;
    const store::PromptsOfRows prompts{&batch.prompts, std::size_t(firstNew - batch.recordOfRow.begin())};
    // Prepared for all its rows: of use only when all are new.
    store::PreparedBatch* prepared = batch.isPrepared && prompts.first == 0 ? &batch.prepared : nullptr;
    if (!store.appendBatch(target.importId, rows, plus(target.stored, result.counts), batch.endRecord, &error,
                           prompts, prepared)) {
        result.error = QStringLiteral("%1: cannot write to the store: %2").arg(result.path, error);
        return false;
    }
    if (batch.modelsComplete && rows.size() == batch.rowCount()) {
        for (const QString& model : batch.models)
            models.insert(model);
        return true;
    }
    const QString* last = nullptr; // a resumed import's first batch, or too many models to list
    for (const CallRecord& row : rows) {
        if (!last || !row.model.isSharedWith(*last))
            models.insert(row.model);
        last = &row.model;
    }
    return true;
}

QStringList unpricedOf(const QSet<QString>& models, const store::CallStore& store)
{
    const pricing::PriceCatalog catalog = store.catalog();
    QStringList unpriced;
    for (const QString& model : models) {
        if (!catalog.resolve(model))
            unpriced.append(model);
    }
    unpriced.sort();
    return unpriced;
}

} // namespace

ImportService::ImportService(QObject* parent)
    : QObject(parent)
{
}

ImportService::~ImportService()
{
    // The worker uses this object (its flags, its signals): it must end before the object does.
    cancel();
    waitForFinished();
}

FileImportResult ImportService::importFile(store::CallStore& store, const QString& path, const ImportOptions& options,
                                           const std::atomic_bool* cancel, const ProgressFn& progress)
{
    FileImportResult result;
    result.path = path;
    std::optional<OpenedSource> opened = openForImport(path, options.format, &result.error);
    if (!opened)
        return result;
    result.format = formatName(opened->format);
    result.mapper = opened->mapper->name();

    // Three threads until the first write. A refused file must leave the store unchanged, and a batch commits
    // atomically with the import's resume point, so nothing may be written before the whole-file verdict: the
    // SHA-256 (identity: dedupe, resume) on a helper thread, the text checks (NUL, UTF-8, line cap) on this
    // thread, which has nothing else to do until both are known, and the parser filling the bounded queue
    // meanwhile. Then this thread writes while the parser keeps ahead on the other core. The alternative, writing
    // before the verdict and deleting this run's rows on a late refusal, would need a store API to undo committed
    // batches and would turn a refusal into a long write and delete.
    std::atomic_bool stop{false};
    PrescanResult scan;
    std::thread hashThread([&] { scan = hashFile(path, &stop); });
    Joiner hashJoiner{hashThread};
    auto stopHash = [&] { stop.store(true); };

    if (options.strict) {
        if (!validateAll(*opened, options, result))
            return stopHash(), result;
        result.counts = {};
        opened = openForImport(path, options.format, &result.error);
        if (!opened)
            return stopHash(), result;
    }

    // Batches go to the writer through `queue` and come back through `spare` to be refilled: in flight at most
    // kQueued + 2 batches, and the rows' buffers are reused rather than allocated per row.
    constexpr std::size_t kQueued = 1; // the parser is ~3x faster than the writer: one batch ahead keeps it fed
    BoundedQueue<Batch> queue(kQueued);
    BoundedQueue<Batch> spare(kQueued + 2);
    // The parser thread also prepares each batch for the store (ids, row values, rollup): all of the writing
    // but the SQL, which stays on this thread.
    const bool preparing = store.startPreparing(nullptr);
    std::thread parseThread([&] {
        BatchParser parser(*opened, options.batchRows);
        for (;;) {
            Batch batch = spare.tryPop().value_or(Batch{});
            if (stop.load() || !parser.next(batch))
                break;
            const std::span<const CallRecord> rows(batch.rows.data(), batch.rowCount());
            batch.isPrepared = preparing && store.prepareBatch(rows, {&batch.prompts, 0}, batch.prepared);
            if (!queue.push(std::move(batch)))
                break;
        }
        queue.close();
    });
    Joiner parseJoiner{parseThread};
    auto abandon = [&] {
        stop.store(true);
        queue.abandon();
    };

    if (opened->format != Format::Sqlite) {
        if (const QString refused = checkTextFile(path, kMaxRecordBytes, &stop); !refused.isEmpty()) {
            result.error = QStringLiteral("%1: %2").arg(path, refused);
            return abandon(), result;
        }
    }
    hashThread.join();
    if (!scan.error.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(path, scan.error);
        return abandon(), result;
    }
    const std::optional<Target> target = beginOrResume(store, scan, path, result);
    if (!target)
        return abandon(), result;

    QSet<QString> models;
    const std::int64_t total = opened->source->total();
    while (std::optional<Batch> batch = queue.pop()) {
        if (cancel && cancel->load()) {
            result.cancelled = true;
            break;
        }
        if (!batch->fatal.isEmpty()) { // nothing of a broken batch is written: the import stays resumable
            result.error = QStringLiteral("%1: %2 (the import stopped here; rows before it are kept)")
                               .arg(path, batch->fatal);
            break;
        }
        if (!commitBatch(store, *target, *batch, options, result, models))
            break;
        if (progress)
            progress(batch->position, total);
        spare.tryPush(std::move(*batch));
    }
    abandon();
    if (!result.failed()) {
        QString error;
        if (!store.finishImport(target->importId, plus(target->stored, result.counts), &error))
            result.error = QStringLiteral("%1: cannot finish the import: %2").arg(path, error);
    }
    result.unpricedModels = unpricedOf(models, store);
    return result;
}

void ImportService::start(const QString& dbPath, const QStringList& paths, const ImportOptions& options)
{
    m_cancel.store(false);
    m_running.store(true);
    m_worker = QtConcurrent::run([this, dbPath, paths, options] {
        QList<FileImportResult> results;
        QString error;
        std::unique_ptr<store::CallStore> store = store::CallStore::open(dbPath, &error);
        int lastPercent = -1;
        for (qsizetype i = 0; i < paths.size(); ++i) {
            FileImportResult result;
            if (!store) {
                result.path = paths[i];
                result.error = QStringLiteral("cannot open the store %1: %2").arg(dbPath, error);
            } else {
                result = importFile(*store, paths[i], options, &m_cancel, [&](std::int64_t done, std::int64_t total) {
                    const int percent = int((i * 100 + (total > 0 ? done * 100 / total : 100)) / paths.size());
                    if (percent != lastPercent)
                        Q_EMIT progress(lastPercent = percent);
                });
            }
            results.append(result);
            if (m_cancel.load())
                break;
        }
        m_running.store(false);
        Q_EMIT finished(results);
    });
}

} // namespace costdash::importers
