#include "importers/ImportService.h"

#include "importers/BatchParser.h"
#include "importers/BoundedQueue.h"
#include "importers/Detect.h"
#include "importers/Prescan.h"
#include "importers/RowKeys.h"
#include "platform/HelperThread.h"
#include "store/ImportSession.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <iterator>
#include <limits>
#include <set>
#include <condition_variable>
#include <mutex>
#include <span>

namespace costdash::importers {
namespace {

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
    std::int64_t skipRecords = 0;        // records an earlier run already committed
    store::ImportCounts stored;          // counts of the earlier runs
};

// The whole-file verdict, computed on its own thread from construction on in one read of the file: SHA-256 (the
// import's identity: dedupe, resume) and the text checks (NUL, UTF-8, line cap) that refuse a file as a whole.
class Verdict final : public store::FileDigest {
public:
    Verdict(const QString& path, bool textChecks)
        : m_thread([this, path, textChecks] {
            // At the parser's priority: a provisional import holds its batches in one transaction until the
            // verdict comes, and only committed batches can be checkpointed while the import goes on.
            m_scan = prescanFile(path, textChecks, kMaxRecordBytes, &m_stop);
            m_ready.store(true);
        })
    {
    }
    ~Verdict() override { m_stop.store(true); } // then m_thread joins
    Verdict(const Verdict&) = delete;
    Verdict& operator=(const Verdict&) = delete;

    bool ready() const override { return m_ready.load(); }
    QByteArray wait(QString* refusal) override
    {
        m_thread.join();
        if (m_scan.error.isEmpty())
            return m_scan.sha256Hex;
        *refusal = m_scan.error;
        return {};
    }

private:
    PrescanResult m_scan;
    std::atomic_bool m_stop{false};
    std::atomic_bool m_ready{false};
    platform::HelperThread<> m_thread; // last: it starts in the constructor and uses the members above
};

// Begins, resumes or skips the file; nullopt (with the result filled in) when nothing is to be written.
std::optional<Target> begin(store::ImportSession& session, Verdict& verdict, const QString& path,
                            FileImportResult& result)
{
    QString error;
    const store::ImportSource file{QFileInfo(path).fileName(), QFileInfo(path).size(), {}, result.format};
    const store::ImportSession::Start start = session.begin(file, verdict, &error);
    const store::ImportRecord& earlier = session.earlier();
    switch (start) {
    case store::ImportSession::Start::New:
        return Target{};
    case store::ImportSession::Start::Resumed:
        result.resumed = true;
        return Target{earlier.recordsDone, earlier.counts};
    case store::ImportSession::Start::AlreadyImported:
        result.alreadyImported = true;
        result.counts.duplicates = earlier.counts.imported + earlier.counts.duplicates;
        return std::nullopt;
    case store::ImportSession::Start::Refused:
        result.error = QStringLiteral("%1: %2").arg(path, error);
        return std::nullopt;
    case store::ImportSession::Start::Failed:
        break;
    }
    result.error = QStringLiteral("%1: cannot start the import: %2").arg(path, error);
    return std::nullopt;
}

// The parser thread: reads and maps batches, finds their overlaps (OverlapFilter) and prepares them for the
// store (ids, row values, rollup: all of the writing but the SQL, which stays on the store's thread). Batches go
// out through a bounded queue and come back to be refilled: in flight at most kQueued + 2, and the rows' buffers
// are reused rather than allocated per row.
class ParsePipeline {
public:
    ParsePipeline(OpenedSource& source, int batchRows, bool keepOverlaps, store::ImportSession& session)
        : m_overlaps(keepOverlaps)
        , m_thread([this, &source, batchRows, &session] { run(source, batchRows, session); })
    {
    }
    ~ParsePipeline() { stop(); } // then m_thread joins
    ParsePipeline(const ParsePipeline&) = delete;
    ParsePipeline& operator=(const ParsePipeline&) = delete;

    // The store thread, once the import is known: the keys the other imports stored. The parser waits for them
    // before it filters its first batch.
    void useStoredKeys(std::span<const std::uint64_t> keys)
    {
        const std::lock_guard lock(m_gateMutex);
        m_overlaps.setStored(keys);
        m_storedKeysSet = true;
        m_gate.notify_all();
    }
    std::optional<Batch> next() { return m_queue.pop(); }
    void recycle(Batch&& batch) { m_spare.tryPush(std::move(batch)); }
    // The parser stops and what is queued is dropped.
    void stop()
    {
        {
            const std::lock_guard lock(m_gateMutex);
            m_stop.store(true);
        }
        m_gate.notify_all();
        m_queue.abandon();
    }

private:
    static constexpr std::size_t kQueued = 1; // the writer keeps up with the parser: one batch ahead keeps it fed

    void run(OpenedSource& source, int batchRows, store::ImportSession& session)
    {
        BatchParser parser(source, batchRows);
        for (bool first = true;; first = false) {
            Batch batch = m_spare.tryPop().value_or(Batch{});
            if (m_stop.load() || !parser.next(batch) || !waitForStoredKeys())
                break;
            m_overlaps.apply(batch, first ? expectedRows(batch, source.source->total()) : 0);
            const std::span<const CallRecord> rows(batch.rows.data(), batch.rowCount());
            batch.isPrepared = session.prepare(rows, {&batch.prompts, 0}, batch.prepared);
            if (first && batch.isPrepared)
                expectPromptsLike(batch, source.source->total(), session);
            if (!m_queue.push(std::move(batch)))
                break;
        }
        m_queue.close();
    }

    bool waitForStoredKeys()
    {
        std::unique_lock lock(m_gateMutex);
        m_gate.wait(lock, [this] { return m_storedKeysSet || m_stop.load(); });
        return m_storedKeysSet && !m_stop.load();
    }

    // The file's rows if it goes on like its first batch.
    static std::size_t expectedRows(const Batch& first, std::int64_t total)
    {
        if (first.position <= 0 || total <= first.position)
            return first.rowCount();
        return std::size_t(double(first.rowCount()) * double(total) / double(first.position));
    }

    // Tells the store how many new prompts the whole file brings if it goes on like its first batch (and at most
    // how many bytes): the dictionary's arrays are allocated once instead of grown by copies.
    static void expectPromptsLike(const Batch& first, std::int64_t total, store::ImportSession& session)
    {
        if (first.position <= 0 || total <= first.position)
            return;
        const double scale = double(total) / double(first.position);
        session.expectPrompts(std::size_t(double(first.prepared.prompts.rows()) * scale),
                            std::size_t(double(first.prompts.bytes()) * scale));
    }

    BoundedQueue<Batch> m_queue{kQueued};
    BoundedQueue<Batch> m_spare{kQueued + 2};
    std::atomic_bool m_stop{false};
    OverlapFilter m_overlaps;
    std::mutex m_gateMutex;
    std::condition_variable m_gate;
    bool m_storedKeysSet = false;
    platform::HelperThread<> m_thread; // last: it starts in the constructor and uses the members above
};

// The threads of one file's import: the verdict from construction on, the parser once the session is there. Each
// is joined before this object is gone; the destructor stops both first (cancel, failure, early return).
class ImportThreads {
public:
    ImportThreads(const QString& path, bool textChecks) : m_verdict(path, textChecks) {}

    Verdict& verdict() { return m_verdict; }
    ParsePipeline& startParser(OpenedSource& source, const ImportOptions& options, store::ImportSession& session)
    {
        return m_parser.emplace(source, options.batchRows, options.keepOverlaps, session);
    }

private:
    Verdict m_verdict;
    std::optional<ParsePipeline> m_parser; // destroyed (stopped, joined) before the verdict
};

// What the written batches held, for the report after the import.
struct Written {
    QSet<QString> models;
    std::set<std::int64_t> aggregateDays; // days of aggregate rows and spend lines
    std::int64_t firstCallDay = std::numeric_limits<std::int64_t>::max(); // of the calls logged one by one
    std::int64_t lastCallDay = std::numeric_limits<std::int64_t>::min();

    bool touched(std::int64_t day) const { return aggregateDays.count(day) || (day >= firstCallDay && day <= lastCallDay); }
};

store::ImportCounts plus(const store::ImportCounts& a, const store::ImportCounts& b)
{
    return {a.read + b.read, a.imported + b.imported, a.skipped + b.skipped, a.duplicates + b.duplicates,
            a.overlaps + b.overlaps, a.idle + b.idle};
}

// Commits the part of one batch an earlier run has not; false (with result.error) when the store refuses.
bool commitBatch(store::ImportSession& session, const Target& target, const Batch& batch, const ImportOptions& options,
                 FileImportResult& result, Written& written)
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
    result.counts.overlaps += std::count_if(batch.overlapRecords.begin(), batch.overlapRecords.end(),
                                            [&](std::int64_t record) { return record >= target.skipRecords; });
    result.counts.duplicates += std::count_if(batch.duplicateRecords.begin(), batch.duplicateRecords.end(),
                                              [&](std::int64_t record) { return record >= target.skipRecords; });
    result.counts.idle += std::count_if(batch.idleRecords.begin(), batch.idleRecords.end(),
                                        [&](std::int64_t record) { return record >= target.skipRecords; });
    QString error;
    const store::PromptsOfRows prompts{&batch.prompts, std::size_t(firstNew - batch.recordOfRow.begin())};
    // Prepared for all its rows: of use only when all are new.
    const store::PreparedBatch* prepared = batch.isPrepared && prompts.first == 0 ? &batch.prepared : nullptr;
    if (!session.append(rows, plus(target.stored, result.counts), batch.endRecord, &error, prompts, prepared)) {
        result.error = QStringLiteral("%1: %2").arg(result.path, error);
        return false;
    }
    written.aggregateDays.insert(batch.aggregateDays.begin(), batch.aggregateDays.end());
    if (batch.firstCallMs <= batch.lastCallMs) {
        written.firstCallDay = std::min(written.firstCallDay, timeutil::dayOf(batch.firstCallMs));
        written.lastCallDay = std::max(written.lastCallDay, timeutil::dayOf(batch.lastCallMs));
    }
    QSet<QString>& models = written.models;
    if (batch.modelsComplete && rows.size() == batch.rowCount()) {
        for (const QString& model : batch.models)
            models.insert(model);
        return true;
    }
    const QString* last = nullptr; // a resumed import's first batch, or too many models to list
    for (const CallRecord& row : rows) {
        if (row.isSpendRow())
            continue;
        if (!last || !row.model.isSharedWith(*last))
            models.insert(row.model);
        last = &row.model;
    }
    return true;
}

// Hands the parser the keys the other imports stored; false (with result.error, the import rolled back or left
// resumable) when the store cannot give them.
bool checkAgainstStore(store::ImportSession& session, ParsePipeline& pipeline, FileImportResult& result)
{
    QString error;
    const std::optional<std::vector<std::uint64_t>> keys = session.rowKeysOfOtherImports(&error);
    if (keys) {
        pipeline.useStoredKeys(*keys);
        return true;
    }
    result.error = QStringLiteral("%1: cannot read the stored calls to find overlaps: %2").arg(result.path, error);
    pipeline.stop();
    session.rollBack();
    return false;
}

// "N day(s) (first to last) now hold both <what>" for the days of `days` this import wrote into; empty if none.
QString overlapSentence(const std::vector<std::int64_t>& days, const Written& written, const QString& what)
{
    std::vector<std::int64_t> touched;
    std::copy_if(days.begin(), days.end(), std::back_inserter(touched), [&](std::int64_t day) { return written.touched(day); });
    if (touched.empty())
        return {};
    return QStringLiteral("%1 day(s) (%2 to %3) now hold both %4")
        .arg(touched.size())
        .arg(timeutil::formatDay(touched.front()), timeutil::formatDay(touched.back()), what);
}

// One sentence per pair of OpenAI exports that bill the same usage and now share days this import wrote into:
// the spend is counted twice there, and both are kept.
QStringList doubleCountWarnings(const store::CallStore& store, const Written& written)
{
    const store::OpenAiOverlapDays days = store.openAiDoubleCountedDays();
    const QString pairs[] = {
        overlapSentence(days.spendAndBuckets, written,
                        QStringLiteral("OpenAI spend lines (Cost CSV, Costs API) and OpenAI usage buckets (Activity "
                                       "CSV, usage API), two exports of the same spend: the totals count it twice; "
                                       "keep one of them in a store")),
        overlapSentence(days.spendAndCalls, written,
                        QStringLiteral("OpenAI spend lines (Cost CSV, Costs API) and OpenAI calls logged one by one: "
                                       "the spend lines bill those calls too, so the totals count them twice where "
                                       "both cover the same calls")),
        overlapSentence(days.bucketsAndCalls, written,
                        QStringLiteral("OpenAI usage buckets (Activity CSV, usage API, daily spend) and OpenAI calls "
                                       "logged one by one: the buckets count those calls too, so the totals count "
                                       "them twice where both cover the same calls")),
    };
    QStringList warnings;
    for (const QString& sentence : pairs) {
        if (!sentence.isEmpty())
            warnings << sentence;
    }
    return warnings;
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

// --strict: validates the whole file first, then opens it again for the import; false when nothing is imported.
bool validateStrictly(std::optional<OpenedSource>& opened, const QString& path, const ImportOptions& options,
                      FileImportResult& result)
{
    if (!validateAll(*opened, options, result))
        return false;
    result.counts = {};
    opened = openForImport(path, options.format, &result.error, options.mapper.get());
    return opened.has_value();
}

struct WriteControls {
    const ImportOptions& options;
    const std::atomic_bool* cancel;
    const ProgressFn& progress;
};

// Writes the parser's batches until the file ends, a batch fails or the import is cancelled.
void writeBatches(store::ImportSession& session, ParsePipeline& parser, const Target& target, std::int64_t total,
                  const WriteControls& controls, FileImportResult& result, Written& written)
{
    while (std::optional<Batch> batch = parser.next()) {
        if (controls.cancel && controls.cancel->load()) {
            result.cancelled = true;
            return;
        }
        if (!batch->fatal.isEmpty()) { // nothing of a broken batch is written: the import stays resumable
            result.error = QStringLiteral("%1: %2 (the import stopped here; rows before it are kept)")
                               .arg(result.path, batch->fatal);
            return;
        }
        if (!commitBatch(session, target, *batch, controls.options, result, written))
            return;
        if (controls.progress)
            controls.progress(batch->position, total);
        parser.recycle(std::move(*batch));
    }
}

// Commits the import, or keeps what it wrote when it failed or was cancelled (a re-run resumes); false when
// nothing of this run is in the store.
bool finish(store::ImportSession& session, const Target& target, FileImportResult& result)
{
    QString error;
    const bool ended = result.failed() ? session.keep(&error)
                                       : session.commit(plus(target.stored, result.counts), &error);
    if (session.rolledBack()) {
        if (session.refused() || result.error.isEmpty())
            result.error = QStringLiteral("%1: %2").arg(result.path, error);
        result.counts = {};
        result.errors.clear();
        return false;
    }
    if (!ended)
        result.error = QStringLiteral("%1: %2").arg(result.path, error);
    return true;
}

} // namespace

FileImportResult importFile(store::CallStore& store, const QString& path, const ImportOptions& options,
                            const std::atomic_bool* cancel, const ProgressFn& progress)
{
    FileImportResult result;
    result.path = path;
    std::optional<OpenedSource> opened = openForImport(path, options.format, &result.error, options.mapper.get());
    if (!opened)
        return result;
    result.format = formatName(opened->format);
    result.mapper = opened->mapper->name();

    store::ImportSession session(store);
    // A refused file must leave the store unchanged (see ImportSession::begin for when rows are written before
    // the verdict).
    // Text checks (NUL, UTF-8, line length) for the line formats as stored; a JSON document is checked by its
    // parser, a .gz file by its readers.
    ImportThreads threads(path, !opened->gzip && (opened->format == Format::Csv || opened->format == Format::Jsonl));
    if (options.strict && !validateStrictly(opened, path, options, result))
        return result;
    ParsePipeline& parser = threads.startParser(*opened, options, session);
    const std::optional<Target> target = begin(session, threads.verdict(), path, result);
    if (!target || !checkAgainstStore(session, parser, result))
        return result;

    Written written;
    writeBatches(session, parser, *target, opened->source->total(), {options, cancel, progress}, result, written);
    parser.stop();
    if (!finish(session, *target, result))
        return result;
    result.unpricedModels = unpricedOf(written.models, store);
    result.warnings = doubleCountWarnings(store, written);
    return result;
}

} // namespace costdash::importers
