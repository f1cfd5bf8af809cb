#include "store/Writer.h"

#include <algorithm>
#include <array>

namespace costdash::store::detail {
namespace {

// Rows per multi-row INSERT: one statement execution (and its setup and halt) per 256 rows instead of per row
// (256 rather than 64: -1.6% instructions per batch; 256 x 20 parameters is far below SQLite's limit).
constexpr int kRowsPerInsert = 256;

// The columns a seed-format log leaves at their defaults. A "plain" statement writes them as literals: each
// bound parameter costs a bind call and a register copy per row, about a fifth of SQLite's insert work.
constexpr std::array<const char*, 20> kColumns{
    "timestamp_ms", "provider_id", "model_id", "input_tokens", "cached_tokens", "cache_write_tokens",
    "output_tokens", "reasoning_tokens", "latency_ms", "cost_nusd", "task_id", "tag_id", "user_id", "prompt_hash",
    "prompt_id", "success", "http_status", "error", "request_id", "import_id"};
constexpr std::array<const char*, 20> kPlainDefaults{
    nullptr, nullptr, nullptr, nullptr, nullptr, "0", nullptr, "0", nullptr, nullptr,
    nullptr, "NULL", "NULL", nullptr, nullptr, nullptr, "0", "NULL", "NULL", nullptr};
constexpr int kPlainParameters = 12; // columns without a default above, but import_id
constexpr int kFullParameters = int(kColumns.size()) - 1; // import_id is a literal: one import per statement

// `importId` goes in as a literal: it is the same for every row of an import, so binding it per row was wasted.
QByteArray insertSql(int rows, bool plain, std::int64_t importId)
{
    QByteArray columns;
    QByteArray row = "(";
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        columns += (c ? ", " : "") + QByteArray(kColumns[c]);
        const bool last = c + 1 == kColumns.size();
        row += (c ? "," : "")
            + (last ? QByteArray::number(importId) : QByteArray(plain && kPlainDefaults[c] ? kPlainDefaults[c] : "?"));
    }
    row += ')';
    QByteArray sql = "INSERT INTO calls(" + columns + ") VALUES";
    for (int i = 0; i < rows; ++i)
        sql += (i ? "," : "") + row;
    return sql;
}

// True when the row's values equal the plain statement's literals.
bool isPlain(const CallRecord& r)
{
    return r.cacheWriteTokens == 0 && r.reasoningTokens == 0 && r.tag.isEmpty() && r.user.isEmpty()
        && r.httpStatus == 0 && r.error.isEmpty() && r.requestId.isEmpty();
}

constexpr const char* kUpsertRollup =
    "INSERT INTO rollup(day, model_id, task_id, provider_id, calls, input_tokens, output_tokens, logged_cost_nusd, "
    "catalog_cost_nusd, unpriced_calls) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(day, model_id, task_id, provider_id) DO UPDATE SET calls = calls + excluded.calls, "
    "input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens, "
    "logged_cost_nusd = logged_cost_nusd + excluded.logged_cost_nusd, "
    "catalog_cost_nusd = catalog_cost_nusd + excluded.catalog_cost_nusd, "
    "unpriced_calls = unpriced_calls + excluded.unpriced_calls";

constexpr const char* kSaveProgress =
    "UPDATE imports SET rows_read = ?, rows_imported = ?, rows_skipped = ?, duplicates = ?, records_done = ? "
    "WHERE id = ?";

pricing::TokenCounts tokensOf(const CallRecord& r)
{
    return {r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens};
}

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
                       "cache_write_tokens, output_tokens FROM calls WHERE cost_nusd IS NULL");
    while (rows.next()) {
        const auto t = rows.integer(0);
        const RollupKey key{timeutil::dayOf(t), std::int32_t(rows.integer(1)), std::int32_t(rows.integer(2)),
                            std::int32_t(rows.integer(3))};
        const pricing::TokenCounts tokens{rows.integer(4), rows.integer(5), rows.integer(6), rows.integer(7)};
        addCall(sums, pricer, key, t, tokens, std::nullopt);
    }
    if (rows.lastResult() != SQLITE_DONE) {
        *error = lastError(db);
        return false;
    }
    if (!exec(db, "UPDATE rollup SET catalog_cost_nusd = 0, unpriced_calls = 0", error))
        return false;
    Statement update(db, "UPDATE rollup SET catalog_cost_nusd = ?, unpriced_calls = ? "
                         "WHERE day = ? AND model_id = ? AND task_id = ? AND provider_id = ?");
    for (const auto& [key, s] : sums) {
        update.bind(1, s.catalogCost);
        update.bind(2, s.unpricedCalls);
        update.bind(3, key.day);
        update.bind(4, std::int64_t(key.modelId));
        update.bind(5, std::int64_t(key.taskId));
        update.bind(6, std::int64_t(key.providerId));
        if (!update.run(error))
            return false;
    }
    return setRollupFingerprint(db, catalog.fingerprint(), error);
}

Writer::Writer(sqlite3* db, std::function<pricing::PriceCatalog()> loadCatalog)
    : m_db(db)
    , m_loadCatalog(std::move(loadCatalog))
{
}

Writer::~Writer() = default;

void Writer::forEachDictionary(const std::function<void(Dictionary&)>& f)
{
    for (Dictionary* d : {&m_models, &m_providers, &m_tasks, &m_tags, &m_users})
        f(*d);
}

void Writer::catalogChanged()
{
    m_pricer.reset();
    m_derivedProvider.clear();
}

bool Writer::prepare(std::int64_t importId, QString* error)
{
    if (m_insert[0][0] && m_preparedFor == importId)
        return true;
    m_preparedFor = importId;
    auto make = [&](std::unique_ptr<Statement>& out, const char* sql) {
        out = std::make_unique<Statement>(m_db, sql);
        if (!out->ok())
            *error = out->error();
        return out->ok();
    };
    bool ok = true;
    for (const bool plain : {false, true}) {
        ok = ok && make(m_insert[plain][0], insertSql(1, plain, importId).constData())
            && make(m_insert[plain][1], insertSql(kRowsPerInsert, plain, importId).constData());
    }
    if (ok && make(m_upsertRollup, kUpsertRollup) && make(m_saveProgress, kSaveProgress))
        return true;
    m_insert[0][0].reset();
    return false;
}

// Inside the write transaction: if another connection committed since our caches were filled, reload them
// (ids are assigned here, so a stale cache would hand out an id twice).
bool Writer::syncWithFile(QString* error)
{
    const auto version = queryInt(m_db, "PRAGMA data_version");
    if (m_dataVersion && version == m_dataVersion && m_pricer)
        return true;
    if (!m_dataVersion || version != m_dataVersion) {
        bool ok = true;
        forEachDictionary([&](Dictionary& d) { ok = ok && d.load(m_db, error); });
        ok = ok && m_prompts.load(m_db, error);
        if (!ok)
            return false;
        catalogChanged();
    }
    if (!m_pricer)
        m_pricer = std::make_unique<CatalogPricer>(m_loadCatalog(), &m_models.names());
    m_dataVersion = version;
    return true;
}

std::int32_t Writer::providerIdFor(const CallRecord& row, std::int32_t modelId)
{
    if (!row.provider.isEmpty())
        return m_providers.idOf(row.provider);
    // The log does not say: take the provider the catalog gives the model, once per model.
    if (std::size_t(modelId) >= m_derivedProvider.size())
        m_derivedProvider.resize(std::size_t(modelId) + 1, 0);
    std::int32_t& id = m_derivedProvider[std::size_t(modelId)];
    if (id == 0)
        id = m_providers.idOf(m_pricer->providerOf(m_models.names().at(modelId - 1)));
    return id;
}

// Binds one row from parameter `base` + 1 on; a plain statement has literals for the defaults isPlain() checks.
void Writer::bindRow(Statement& s, int base, bool plain, const CallRecord& r, const RowIds& ids)
{
    int i = base;
    s.bind(++i, r.timestampMs);
    s.bind(++i, std::int64_t(ids.provider));
    s.bind(++i, std::int64_t(ids.model));
    s.bind(++i, r.inputTokens);
    s.bind(++i, r.cachedInputTokens);
    if (!plain)
        s.bind(++i, r.cacheWriteTokens);
    s.bind(++i, r.outputTokens);
    if (!plain)
        s.bind(++i, r.reasoningTokens);
    s.bind(++i, r.latencyMs);
    s.bind(++i, r.loggedCost);
    s.bind(++i, std::int64_t(ids.task));
    if (!plain) {
        // no tag / no user: NULL, not a dictionary id, so plain rows need no id at all
        r.tag.isEmpty() ? s.bindNull(++i) : s.bind(++i, std::int64_t(m_tags.idOf(r.tag)));
        r.user.isEmpty() ? s.bindNull(++i) : s.bind(++i, std::int64_t(m_users.idOf(r.user)));
    }
    if (r.prompt.isEmpty()) {
        s.bindNull(++i);
        s.bindNull(++i);
    } else {
        const std::int32_t promptId = m_prompts.idOf(r.prompt);
        s.bind(++i, std::int64_t(m_prompts.normHash(promptId)));
        s.bind(++i, std::int64_t(promptId));
    }
    s.bind(++i, std::int64_t(r.success ? 1 : 0));
    if (!plain) {
        s.bind(++i, std::int64_t(r.httpStatus));
        s.bindTextOrNull(++i, r.error);
        s.bindTextOrNull(++i, r.requestId);
    }
}

bool Writer::insertRows(std::span<const CallRecord> rows, RollupMap& rollup, QString* error)
{
    std::size_t at = 0;
    while (at < rows.size()) {
        const bool many = rows.size() - at >= std::size_t(kRowsPerInsert);
        const int count = many ? kRowsPerInsert : 1;
        const auto chunk = rows.subspan(at, std::size_t(count));
        const bool plain = std::all_of(chunk.begin(), chunk.end(), isPlain);
        Statement& s = *m_insert[plain][many];
        const int parameters = plain ? kPlainParameters : kFullParameters;
        for (int j = 0; j < count; ++j) {
            const CallRecord& r = chunk[std::size_t(j)];
            RowIds ids;
            ids.model = m_models.idOf(r.model);
            ids.provider = providerIdFor(r, ids.model);
            ids.task = m_tasks.idOf(r.taskType);
            bindRow(s, j * parameters, plain, r, ids);
            addCall(rollup, *m_pricer, RollupKey{timeutil::dayOf(r.timestampMs), ids.model, ids.task, ids.provider},
                    r.timestampMs, tokensOf(r), r.loggedCost);
        }
        if (!s.run(error))
            return false;
        at += std::size_t(count);
    }
    return true;
}

bool Writer::upsertRollup(const RollupMap& rollup, QString* error)
{
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
    s.bind(6, importId);
    if (!s.run(error))
        return false;
    if (sqlite3_changes(m_db) != 1) {
        *error = QStringLiteral("no import with id %1").arg(importId);
        return false;
    }
    return true;
}

bool Writer::appendBatch(std::int64_t importId, std::span<const CallRecord> rows, const ImportCounts& counts,
                         std::int64_t recordsDone, QString* error)
{
    // While importing, commits need not reach the disk: the journal (rollback or WAL) keeps each batch atomic
    // against a killed process, and a re-run resumes. finishImport restores NORMAL.
    if (!prepare(importId, error) || !exec(m_db, "PRAGMA synchronous = OFF", error) || !exec(m_db, "BEGIN IMMEDIATE", error))
        return false;
    RollupMap rollup;
    bool ok = syncWithFile(error) && insertRows(rows, rollup, error);
    forEachDictionary([&](Dictionary& d) { ok = ok && d.flush(m_db, error); });
    ok = ok && m_prompts.flush(m_db, error) && upsertRollup(rollup, error)
        && saveProgress(importId, counts, recordsDone, error) && exec(m_db, "COMMIT", error);
    if (ok) {
        forEachDictionary([](Dictionary& d) { d.commit(); });
        m_prompts.commit();
        return true;
    }
    exec(m_db, "ROLLBACK", nullptr);
    forEachDictionary([](Dictionary& d) { d.rollback(); });
    m_prompts.rollback();
    m_derivedProvider.clear(); // may name providers that were just rolled back
    return false;
}

} // namespace costdash::store::detail
