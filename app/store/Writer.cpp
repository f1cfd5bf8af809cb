#include "store/Writer.h"

#include <algorithm>
#include <array>

namespace costdash::store::detail {
namespace {

// The columns a seed-format log leaves at their defaults. A "plain" batch (every row at these defaults) is
// inserted with them as literals: each column read from the row table costs a callback per row.
constexpr std::array<const char*, 20> kColumns{
    "timestamp_ms", "provider_id", "model_id", "input_tokens", "cached_tokens", "cache_write_tokens",
    "output_tokens", "reasoning_tokens", "latency_ms", "cost_nusd", "task_id", "tag_id", "user_id", "prompt_hash",
    "prompt_id", "success", "http_status", "error", "request_id", "import_id"};
constexpr std::array<const char*, 20> kPlainDefaults{
    nullptr, nullptr, nullptr, nullptr, nullptr, "0", nullptr, "0", nullptr, nullptr,
    nullptr, "NULL", "NULL", nullptr, nullptr, nullptr, "0", "NULL", "NULL", nullptr};
constexpr int kPlainColumns = 12; // columns without a default above, but import_id
constexpr int kFullColumns = int(kColumns.size()) - 1; // import_id is a literal: one import per statement
constexpr const char* kRowTables[2] = {"costdash_call_rows", "costdash_plain_call_rows"};

// `importId` goes in as a literal: it is the same for every row of an import.
QByteArray insertSql(bool plain, std::int64_t importId)
{
    QByteArray columns;
    QByteArray values;
    int next = 0;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        columns += (c ? ", " : "") + QByteArray(kColumns[c]);
        const bool last = c + 1 == kColumns.size();
        const QByteArray value = last ? QByteArray::number(importId)
            : plain && kPlainDefaults[c] ? QByteArray(kPlainDefaults[c])
                                         : "c" + QByteArray::number(next++);
        values += (c ? ", " : "") + value;
    }
    return "INSERT INTO calls(" + columns + ") SELECT " + values + " FROM " + kRowTables[plain];
}

// True when the row's values equal the plain statement's literals.
bool isPlain(const CallRecord& r)
{
    return r.cacheWriteTokens == 0 && r.reasoningTokens == 0 && r.tag.isEmpty() && r.user.isEmpty()
        && r.httpStatus == 0 && r.error.isEmpty() && r.requestId.isEmpty();
}

void addOptional(RowTable& t, std::optional<std::int64_t> value)
{
    value ? t.add(*value) : t.addNull();
}

void addTextOrNull(RowTable& t, const QString& text)
{
    text.isEmpty() ? t.addNull() : t.addText(text.toUtf8().toStdString());
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
    , m_callRows{std::make_unique<RowTable>(db, kRowTables[0], kFullColumns),
                 std::make_unique<RowTable>(db, kRowTables[1], kPlainColumns)}
    , m_promptRows(db, "costdash_prompt_rows", 3)
{
}

Writer::~Writer()
{
    // Statements that read the row tables go before the tables do.
    for (auto& insert : m_insert)
        insert.reset();
    m_insertPrompts.reset();
}

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
        && make(m_insertPrompts, "INSERT INTO prompts(id, text, norm_hash) SELECT c0, c1, c2 FROM costdash_prompt_rows")
        && make(m_upsertRollup, kUpsertRollup) && make(m_saveProgress, kSaveProgress))
        return true;
    m_insert[0].reset();
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

// Appends one row to the row table; a plain table has no columns for the defaults isPlain() checks.
void Writer::addRow(RowTable& t, bool plain, const CallRecord& r, const RowIds& ids)
{
    t.add(r.timestampMs);
    t.add(ids.provider);
    t.add(ids.model);
    t.add(r.inputTokens);
    t.add(r.cachedInputTokens);
    if (!plain)
        t.add(r.cacheWriteTokens);
    t.add(r.outputTokens);
    if (!plain)
        t.add(r.reasoningTokens);
    addOptional(t, r.latencyMs);
    addOptional(t, r.loggedCost);
    t.add(ids.task);
    if (!plain) {
        // no tag / no user: NULL, not a dictionary id, so plain rows need no id at all
        r.tag.isEmpty() ? t.addNull() : t.add(m_tags.idOf(r.tag));
        r.user.isEmpty() ? t.addNull() : t.add(m_users.idOf(r.user));
    }
    if (ids.prompt == 0) {
        t.addNull();
        t.addNull();
    } else {
        t.add(std::int64_t(m_prompts.normHash(ids.prompt)));
        t.add(ids.prompt);
    }
    t.add(r.success ? 1 : 0);
    if (!plain) {
        t.add(r.httpStatus);
        addTextOrNull(t, r.error);
        addTextOrNull(t, r.requestId);
    }
}

std::int32_t Writer::promptIdOf(const CallRecord& r, PromptsOfRows prompts, std::size_t row)
{
    if (r.prompt.isEmpty())
        return 0;
    if (!prompts.encoded)
        return m_prompts.idOf(r.prompt);
    const std::size_t i = prompts.first + row;
    return m_prompts.idOf(prompts.encoded->utf8(i), prompts.encoded->hash(i), prompts.encoded->normHash(i));
}

bool Writer::insertRows(std::span<const CallRecord> rows, PromptsOfRows prompts, RollupMap& rollup, QString* error)
{
    constexpr std::size_t kPrefetchAhead = 16;
    const bool plain = std::all_of(rows.begin(), rows.end(), isPlain);
    RowTable& table = *m_callRows[plain];
    table.clear();
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (prompts.encoded && j + kPrefetchAhead < rows.size())
            m_prompts.prefetch(prompts.encoded->hash(prompts.first + j + kPrefetchAhead));
        const CallRecord& r = rows[j];
        RowIds ids;
        ids.model = m_models.idOf(r.model);
        ids.provider = providerIdFor(r, ids.model);
        ids.task = m_tasks.idOf(r.taskType);
        ids.prompt = promptIdOf(r, prompts, j);
        addRow(table, plain, r, ids);
        addCall(rollup, *m_pricer, RollupKey{timeutil::dayOf(r.timestampMs), ids.model, ids.task, ids.provider},
                r.timestampMs, tokensOf(r), r.loggedCost);
    }
    return m_insert[plain]->run(error);
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

bool Writer::appendBatch(std::int64_t importId, std::span<const CallRecord> rows, PromptsOfRows prompts,
                         const ImportCounts& counts, std::int64_t recordsDone, QString* error)
{
    // While importing, commits need not reach the disk: the journal (rollback or WAL) keeps each batch atomic
    // against a killed process, and a re-run resumes. finishImport restores NORMAL.
    if (!prepare(importId, error) || !exec(m_db, "PRAGMA synchronous = OFF", error) || !exec(m_db, "BEGIN IMMEDIATE", error))
        return false;
    RollupMap rollup;
    bool ok = syncWithFile(error) && insertRows(rows, prompts, rollup, error);
    forEachDictionary([&](Dictionary& d) { ok = ok && d.flush(m_db, error); });
    ok = ok && m_prompts.flush(m_promptRows, *m_insertPrompts, error) && upsertRollup(rollup, error)
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
