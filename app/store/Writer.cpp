#include "store/Writer.h"

#include "store/LatencyRuns.h"

#include <algorithm>
#include <array>

namespace costdash::store::detail {
namespace {

constexpr const char* kRowTables[2] = {"costdash_call_rows", "costdash_plain_call_rows"};

// `importId` goes in as a literal: it is the same for every row of an import. A plain row leaves out the columns
// whose default is NULL (SQLite stores NULL for a column not named: the same record, one copy less per value).
QByteArray insertSql(bool plain, std::int64_t importId)
{
    QByteArray columns;
    QByteArray values;
    int next = 0;
    using namespace callColumns;
    for (std::size_t c = 0; c < kNames.size(); ++c) {
        const bool last = c + 1 == kNames.size();
        const QByteArray value = last ? QByteArray::number(importId)
            : plain && kPlainDefaults[c] ? QByteArray(kPlainDefaults[c])
                                         : "c" + QByteArray::number(next++);
        if (value == "NULL")
            continue;
        columns += (columns.isEmpty() ? "" : ", ") + QByteArray(kNames[c]);
        values += (values.isEmpty() ? "" : ", ") + value;
    }
    return "INSERT INTO calls(" + columns + ") SELECT " + values + " FROM " + kRowTables[plain];
}

constexpr const char* kUpsertRollup =
    "INSERT INTO rollup(day, model_id, task_id, provider_id, calls, input_tokens, output_tokens, logged_cost_nusd, "
    "catalog_cost_nusd, unpriced_calls, usage_unknown_calls, usage_unknown_uncosted, aggregate_calls, "
    "aggregate_logged_nusd, aggregate_catalog_nusd, class_rows, classless_rows, request_rows, failed_calls, "
    "uncached_tokens, cache_write_tokens, cached_tokens, input_less_cached_tokens, plain_output_tokens, "
    "reasoning_tokens, spend_rows) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(day, model_id, task_id, provider_id) DO UPDATE SET calls = calls + excluded.calls, "
    "input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens, "
    "logged_cost_nusd = logged_cost_nusd + excluded.logged_cost_nusd, "
    "catalog_cost_nusd = catalog_cost_nusd + excluded.catalog_cost_nusd, "
    "unpriced_calls = unpriced_calls + excluded.unpriced_calls, "
    "usage_unknown_calls = usage_unknown_calls + excluded.usage_unknown_calls, "
    "usage_unknown_uncosted = usage_unknown_uncosted + excluded.usage_unknown_uncosted, "
    "aggregate_calls = aggregate_calls + excluded.aggregate_calls, "
    "aggregate_logged_nusd = aggregate_logged_nusd + excluded.aggregate_logged_nusd, "
    "aggregate_catalog_nusd = aggregate_catalog_nusd + excluded.aggregate_catalog_nusd, "
    "class_rows = class_rows + excluded.class_rows, classless_rows = classless_rows + excluded.classless_rows, "
    "request_rows = request_rows + excluded.request_rows, failed_calls = failed_calls + excluded.failed_calls, "
    "uncached_tokens = uncached_tokens + excluded.uncached_tokens, "
    "cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, "
    "cached_tokens = cached_tokens + excluded.cached_tokens, "
    "input_less_cached_tokens = input_less_cached_tokens + excluded.input_less_cached_tokens, "
    "plain_output_tokens = plain_output_tokens + excluded.plain_output_tokens, "
    "reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, spend_rows = spend_rows + excluded.spend_rows";

constexpr const char* kInsertLatencies = "INSERT INTO latency_runs(day, model_id, latencies) VALUES(?, ?, ?)";

// Binds the stats sums to parameters `first`, `first` + 1, ... in the order of kUpsertRollup.
void bindCallStats(Statement& s, int first, const CallStatSums& c)
{
    const std::int64_t values[] = {c.classRows, c.classlessRows, c.requestRows, c.failedCalls,
                                   c.tokens.uncached, c.tokens.cacheWrite, c.tokens.cached,
                                   c.tokens.inputLessCached, c.tokens.plainOutput, c.tokens.reasoning};
    for (std::int64_t v : values)
        s.bind(first++, v);
}

constexpr const char* kSaveProgress =
    "UPDATE imports SET rows_read = ?, rows_imported = ?, rows_skipped = ?, duplicates = ?, records_done = ?, "
    "overlaps = ?, rows_idle = ? WHERE id = ?";

} // namespace

std::optional<std::uint64_t> rollupFingerprint(sqlite3* db)
{
    const auto value = queryInt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'rollup_catalog'");
    return value ? std::optional<std::uint64_t>(std::uint64_t(*value)) : std::nullopt;
}

bool setRollupFingerprint(sqlite3* db, std::uint64_t fingerprint, QString* error)
{
    Statement s(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('rollup_catalog', ?)");
    s.bindText(1, QString::number(std::int64_t(fingerprint)));
    return s.run(error);
}

bool repriceRollup(sqlite3* db, const pricing::PriceCatalog& catalog, QString* error)
{
    Dictionary models("models");
    if (!models.load(db, error))
        return false;
    CatalogPricer pricer(catalog, &models.names());
    RollupMap sums;
    Statement rows(db, "SELECT timestamp_ms, model_id, task_id, provider_id, input_tokens, cached_tokens, "
                       "cache_write_tokens, output_tokens, aggregate_requests FROM calls WHERE cost_nusd IS NULL");
    while (rows.next()) {
        const auto t = rows.integer(0);
        const RollupKey key{timeutil::dayOf(t), std::int32_t(rows.integer(1)), std::int32_t(rows.integer(2)),
                            std::int32_t(rows.integer(3))};
        if (rows.isNull(4)) { // usage unknown: unpriced, never $0 (an aggregate row: each of its requests)
            sums[key].unpricedCalls += rows.isNull(8) ? 1 : rows.integer(8);
            continue;
        }
        const pricing::TokenCounts tokens{rows.integer(4), rows.integer(5), rows.integer(6), rows.integer(7)};
        if (rows.isNull(8))
            addCall(sums, pricer, key, t, tokens, std::nullopt);
        else
            addAggregate(sums, pricer, key, t, tokens, std::nullopt, rows.integer(8));
    }
    if (rows.lastResult() != SQLITE_DONE) {
        *error = lastError(db);
        return false;
    }
    if (anyOutOfRange(sums)) {
        *error = money::totalOutOfRange();
        return false;
    }
    if (!exec(db, "UPDATE rollup SET catalog_cost_nusd = 0, unpriced_calls = 0, aggregate_catalog_nusd = 0", error))
        return false;
    Statement update(db, "UPDATE rollup SET catalog_cost_nusd = ?, unpriced_calls = ?, aggregate_catalog_nusd = ? "
                         "WHERE day = ? AND model_id = ? AND task_id = ? AND provider_id = ?");
    for (const auto& [key, s] : sums) {
        update.bind(1, s.catalogCost);
        update.bind(2, s.unpricedCalls);
        update.bind(3, s.aggregateCatalog);
        update.bind(4, key.day);
        update.bind(5, std::int64_t(key.modelId));
        update.bind(6, std::int64_t(key.taskId));
        update.bind(7, std::int64_t(key.providerId));
        if (!update.run(error))
            return false;
    }
    return setRollupFingerprint(db, catalog.fingerprint(), error);
}

Writer::Writer(sqlite3* db, std::function<pricing::PriceCatalog()> loadCatalog)
    : m_db(db)
    , m_loadCatalog(std::move(loadCatalog))
    , m_callRows{std::make_unique<RowTable>(db, kRowTables[0], callColumns::kFull),
                 std::make_unique<RowTable>(db, kRowTables[1], callColumns::kPlain)}
    , m_promptRows(db, "costdash_prompt_rows", 2)
{
}

Writer::~Writer()
{
    // Statements that read the row tables go before the tables do.
    for (auto& insert : m_insert)
        insert.reset();
    m_insertPrompts.reset();
}

bool Writer::prepareStatements(std::int64_t importId, QString* error)
{
    if (m_insert[0] && m_preparedFor == importId)
        return true;
    m_preparedFor = importId;
    if (!m_callRows[0]->ok() || !m_callRows[1]->ok() || !m_promptRows.ok()) {
        *error = QStringLiteral("cannot register the row tables: %1").arg(lastError(m_db));
        return false;
    }
    auto make = [&](std::unique_ptr<Statement>& out, const char* sql) {
        out = std::make_unique<Statement>(m_db, sql);
        if (!out->ok())
            *error = out->error();
        return out->ok();
    };
    if (make(m_insert[0], insertSql(false, importId).constData()) && make(m_insert[1], insertSql(true, importId).constData())
        && make(m_insertPrompts, "INSERT INTO prompts(text, norm_hash) SELECT c0, c1 FROM costdash_prompt_rows")
        && make(m_upsertRollup, kUpsertRollup) && make(m_insertLatencies, kInsertLatencies)
        && make(m_saveProgress, kSaveProgress))
        return true;
    m_insert[0].reset();
    return false;
}

// If another connection committed since the resolver's dictionaries were loaded, load them again (ids are
// assigned from them: a stale copy would hand out an id twice). Inside the write transaction, that is final.
bool Writer::syncWithFile(QString* error)
{
    const auto version = queryInt(m_db, "PRAGMA data_version");
    const bool changed = !m_dataVersion || version != m_dataVersion;
    if (!changed && !m_resolver.needsCatalog())
        return true;
    if (!m_resolver.load(m_db, changed, m_loadCatalog, error))
        return false;
    m_dataVersion = version;
    return true;
}

bool Writer::startPreparing(QString* error)
{
    if (!syncWithFile(error))
        return false;
    m_resolver.allowPreparingAhead();
    return true;
}

bool Writer::writeNames(const PreparedBatch& batch, QString* error)
{
    for (std::size_t k = 0; k < batch.newNames.size(); ++k) {
        if (batch.newNames[k].isEmpty())
            continue;
        const QByteArray sql = "INSERT INTO " + QByteArray(kNameTables[k]) + "(id, name) VALUES(?, ?)";
        Statement s(m_db, sql.constData());
        if (!s.ok()) {
            *error = s.error();
            return false;
        }
        for (qsizetype i = 0; i < batch.newNames[k].size(); ++i) {
            s.bind(1, std::int64_t(batch.namesBefore[k] + i + 1));
            s.bindText(2, batch.newNames[k][i]);
            if (!s.run(error))
                return false;
        }
    }
    return true;
}

bool Writer::writeBatch(const PreparedBatch& batch, QString* error)
{
    if (!writeNames(batch, error))
        return false;
    if (batch.prompts.rows() > 0 && !writePrompts(batch, error))
        return false;
    m_callRows[batch.plain]->setRows(&batch.calls);
    return m_insert[batch.plain]->run(error) && upsertRollup(batch.rollup, error)
        && insertLatencies(batch.latencyRuns, error);
}

// SQLite numbers the new prompts itself: with no id given it appends (cheaper than checking each given id). Prompt ids are dense, so it gives max + 1, max + 2, ...: the ids the batch was prepared with, checked.
bool Writer::writePrompts(const PreparedBatch& batch, QString* error)
{
    m_promptRows.setRows(&batch.prompts);
    if (!m_insertPrompts->run(error))
        return false;
    const auto expectedLast = std::int64_t(batch.promptsBefore + batch.prompts.rows());
    if (sqlite3_last_insert_rowid(m_db) == expectedLast)
        return true;
    *error = QStringLiteral("table prompts gave id %1 where %2 was expected").arg(sqlite3_last_insert_rowid(m_db)).arg(expectedLast);
    return false;
}

bool Writer::upsertRollup(const RollupMap& rollup, QString* error)
{
    if (anyOutOfRange(rollup)) {
        *error = money::totalOutOfRange();
        return false;
    }
    Statement& s = *m_upsertRollup;
    for (const auto& [key, sums] : rollup) {
        s.bind(1, key.day);
        s.bind(2, std::int64_t(key.modelId));
        s.bind(3, std::int64_t(key.taskId));
        s.bind(4, std::int64_t(key.providerId));
        s.bind(5, sums.calls);
        s.bind(6, sums.inputTokens);
        s.bind(7, sums.outputTokens);
        s.bind(8, sums.loggedCost);
        s.bind(9, sums.catalogCost);
        s.bind(10, sums.unpricedCalls);
        s.bind(11, sums.usageUnknownCalls);
        s.bind(12, sums.usageUnknownUncosted);
        s.bind(13, sums.aggregateCalls);
        s.bind(14, sums.aggregateLogged);
        s.bind(15, sums.aggregateCatalog);
        bindCallStats(s, 16, sums.stats);
        s.bind(26, sums.spendRows);
        if (!s.run(error))
            return false;
    }
    return true;
}

// One row per (day, model) of the batch: what a period's percentiles decode.
bool Writer::insertLatencies(const std::vector<LatencyRun>& runs, QString* error)
{
    Statement& s = *m_insertLatencies;
    for (const LatencyRun& run : runs) {
        s.bind(1, run.day);
        s.bind(2, std::int64_t(run.modelId));
        s.bindBlob(3, run.latencies);
        if (!s.run(error))
            return false;
    }
    return true;
}

bool Writer::saveProgress(std::int64_t importId, const ImportCounts& counts, std::int64_t recordsDone,
                          QString* error)
{
    Statement& s = *m_saveProgress;
    s.bind(1, counts.read);
    s.bind(2, counts.imported);
    s.bind(3, counts.skipped);
    s.bind(4, counts.duplicates);
    s.bind(5, recordsDone);
    s.bind(6, counts.overlaps);
    s.bind(7, counts.idle);
    s.bind(8, importId);
    if (!s.run(error))
        return false;
    if (sqlite3_changes(m_db) != 1) {
        *error = QStringLiteral("no import with id %1").arg(importId);
        return false;
    }
    return true;
}

bool Writer::appendBatch(std::int64_t importId, std::span<const CallRecord> rows, PromptsOfRows prompts,
                         const PreparedBatch* prepared, const ImportCounts& counts, std::int64_t recordsDone,
                         QString* error)
{
    // Each batch commits to the WAL with the store's synchronous=NORMAL: atomic against a killed process and a
    // power cut alike, and a re-run resumes after the last batch that committed.
    const bool own = !m_heldTransaction;
    if (!prepareStatements(importId, error) || (own && !exec(m_db, "BEGIN IMMEDIATE", error)))
        return false;
    bool ok = syncWithFile(error);
    const PreparedBatch* batch = prepared;
    if (ok && (!batch || !m_resolver.fits(*batch))) {
        ok = m_resolver.prepareHere(rows, prompts, m_ownBatch);
        if (!ok)
            *error = QStringLiteral("the store's dictionaries are not loaded");
        batch = &m_ownBatch;
    }
    ok = ok && writeBatch(*batch, error) && saveProgress(importId, counts, recordsDone, error)
        && (!own || exec(m_db, "COMMIT", error));
    if (ok) {
        m_resolver.committed(*batch); // in a held transaction: until it commits (forgetCache() if it does not)
        return true;
    }
    exec(m_db, "ROLLBACK", nullptr);
    if (own) {
        m_resolver.discardPending();
    } else {
        m_heldTransaction = false;
        forgetCache();
    }
    return false;
}

void Writer::forgetCache()
{
    m_resolver.discardPending();
    m_dataVersion.reset(); // the next sync reloads the dictionaries from the file
}

} // namespace costdash::store::detail
