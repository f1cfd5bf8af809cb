#include "store/Schema.h"

#include "store/Sqlite.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <optional>

namespace costdash::store::detail {
namespace {

// Migration i takes a file from version i to i + 1. Never edit a released migration: append a new one.
// Repeated text (models, providers, tasks, tags, users, prompts) lives in small tables; `calls` holds ids.
// `calls` has no secondary index: the bulk insert stays append-only, and every query reads either the rollup
// or the whole table in rowid order.
constexpr std::array kMigrations{
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE models(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE providers(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE tasks(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE tags(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE prompts(id INTEGER PRIMARY KEY, text TEXT NOT NULL, norm_hash INTEGER NOT NULL);
CREATE TABLE imports(
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, format TEXT NOT NULL,
  rows_read INTEGER NOT NULL DEFAULT 0, rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_skipped INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
  records_done INTEGER NOT NULL DEFAULT 0, finished INTEGER NOT NULL DEFAULT 0,
  started_ms INTEGER NOT NULL, finished_ms INTEGER);
CREATE INDEX imports_by_sha256 ON imports(sha256);
CREATE TABLE calls(
  id INTEGER PRIMARY KEY,
  timestamp_ms INTEGER,
  provider_id INTEGER REFERENCES providers(id),
  model_id INTEGER REFERENCES models(id),
  input_tokens INTEGER,
  cached_tokens INTEGER,
  cache_write_tokens INTEGER,
  output_tokens INTEGER,
  reasoning_tokens INTEGER,
  latency_ms INTEGER,
  cost_nusd INTEGER,
  task_id INTEGER REFERENCES tasks(id),
  tag_id INTEGER REFERENCES tags(id),   -- NULL: no tag
  user_id INTEGER REFERENCES users(id), -- NULL: no user
  prompt_hash INTEGER,
  prompt_id INTEGER REFERENCES prompts(id),
  success INTEGER,
  http_status INTEGER,
  error TEXT,
  request_id TEXT,
  import_id INTEGER REFERENCES imports(id));
-- Per (day, model, task, provider): what summaries read. catalog_cost_nusd and unpriced_calls cover calls
-- without a logged cost and depend on the catalog recorded in meta 'rollup_catalog'.
CREATE TABLE rollup(
  day INTEGER NOT NULL, model_id INTEGER NOT NULL, task_id INTEGER NOT NULL, provider_id INTEGER NOT NULL,
  calls INTEGER NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  logged_cost_nusd INTEGER NOT NULL, catalog_cost_nusd INTEGER NOT NULL, unpriced_calls INTEGER NOT NULL,
  PRIMARY KEY(day, model_id, task_id, provider_id)) WITHOUT ROWID;
CREATE TABLE price_overrides(
  model TEXT NOT NULL, effective_from INTEGER NOT NULL, entry_json TEXT NOT NULL, saved_ms INTEGER NOT NULL,
  PRIMARY KEY(model, effective_from));
)sql",
    // Overlap detection: each imported row's key (request id, else fingerprint; importers/RowKeys.h), read back
    // whole when a later file is checked against the store, never looked up by SQL (so no index to maintain).
    R"sql(
ALTER TABLE calls ADD COLUMN row_key INTEGER;
ALTER TABLE imports ADD COLUMN overlaps INTEGER NOT NULL DEFAULT 0;
)sql",
    // Test-prompt runs (issue 11): what a run knows of a call beyond an imported call's columns. The call itself
    // is a row of `calls` (tag = run id, import = the run); usage_known 0 marks a call whose tokens are unknown
    // (its token columns are NULL and it counts as unpriced, never as $0).
    R"sql(
CREATE TABLE run_calls(
  call_id INTEGER PRIMARY KEY REFERENCES calls(id),
  run_id TEXT NOT NULL, prompt_key TEXT NOT NULL, repeat INTEGER NOT NULL, attempts INTEGER NOT NULL,
  ttft_ms INTEGER, usage_known INTEGER NOT NULL, passed INTEGER, response TEXT);
CREATE INDEX run_calls_by_run ON run_calls(run_id);
)sql",
    // Past runs (issue 11): what a run knows beyond its calls, for the runs browser and `costdash runs show`.
    // models, prompts: JSON arrays of the models asked for and the suite's prompt ids, in order; skipped: a JSON
    // object, per model the calls the budget kept from being sent. Runs recorded before this table get a row with
    // what their calls tell.
    R"sql(
CREATE TABLE runs(
  run_id TEXT PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id),
  suite TEXT NOT NULL, endpoint TEXT NOT NULL, models TEXT NOT NULL, prompts TEXT NOT NULL DEFAULT '[]',
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER, cancelled INTEGER NOT NULL DEFAULT 0, estimated_nusd INTEGER NOT NULL DEFAULT 0,
  spent_nusd INTEGER NOT NULL DEFAULT 0, skipped TEXT NOT NULL DEFAULT '{}');
INSERT INTO runs(run_id, import_id, suite, endpoint, models, started_ms, finished_ms)
  SELECT r.run_id, MIN(c.import_id), '', '', '[]', MIN(i.started_ms), MAX(i.finished_ms)
  FROM run_calls r JOIN calls c ON c.id = r.call_id JOIN imports i ON i.id = c.import_id GROUP BY r.run_id;
)sql",
    // Calls imported without usage (a streamed call logged without it): their token columns are NULL, as a run's
    // call cut short. The rollup counts them apart; usage_unknown_uncosted are those also in unpriced_calls. Before
    // this version only runs stored such calls: one scan of `calls`, and only when a run has one.
    R"sql(
ALTER TABLE rollup ADD COLUMN usage_unknown_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN usage_unknown_uncosted INTEGER NOT NULL DEFAULT 0;
UPDATE rollup SET usage_unknown_calls = u.n, usage_unknown_uncosted = u.uncosted
FROM (SELECT (timestamp_ms - ((timestamp_ms % 86400000) + 86400000) % 86400000) / 86400000 AS day, model_id, task_id,
             provider_id, COUNT(*) AS n, COUNT(*) - COUNT(cost_nusd) AS uncosted
      FROM calls WHERE input_tokens IS NULL AND EXISTS (SELECT 1 FROM run_calls WHERE usage_known = 0)
      GROUP BY 1, 2, 3, 4) AS u
WHERE rollup.day = u.day AND rollup.model_id = u.model_id AND rollup.task_id = u.task_id
  AND rollup.provider_id = u.provider_id;
)sql",
    // The trace id a source gives the attempts of one request (retries, fallbacks): each attempt is a call of its
    // own, linked by it. Indexed only where present, so a log without trace ids writes no index entry.
    R"sql(
ALTER TABLE calls ADD COLUMN trace_id TEXT;
CREATE INDEX calls_by_trace ON calls(trace_id, timestamp_ms) WHERE trace_id IS NOT NULL;
)sql",
    // Aggregate rows (usage API buckets, daily spend tables): aggregate_requests N > 0 marks a row that sums N
    // requests. It counts as N calls and is summed apart in the rollup; the what-if replay leaves it out.
    R"sql(
ALTER TABLE calls ADD COLUMN aggregate_requests INTEGER;
ALTER TABLE rollup ADD COLUMN aggregate_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN aggregate_logged_nusd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN aggregate_catalog_nusd INTEGER NOT NULL DEFAULT 0;
)sql",
    // What the Overview's token classes, error rates and latencies read instead of every row (store/Rollup.h
    // CallStatSums): class token sums and failures in the rollup, each batch's latencies per (day, model) as
    // zigzag varints. Only a store that held no call yet has them for every call (meta 'call_stats'); an older
    // one keeps reading the rows.
    R"sql(
ALTER TABLE rollup ADD COLUMN class_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN classless_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN request_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN failed_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN uncached_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN input_less_cached_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN plain_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
CREATE TABLE latency_runs(day INTEGER NOT NULL, model_id INTEGER NOT NULL, latencies BLOB NOT NULL);
INSERT INTO meta(key, value) SELECT 'call_stats', '1' WHERE NOT EXISTS (SELECT 1 FROM calls);
)sql",
    // Spend rows (the OpenAI Cost CSV, the Costs API): aggregate_requests 0 marks a row of a cost without a request
    // count or tokens; it counts as no call. The rollup counts them apart; an import counts the idle days it
    // skipped. No store held either before (a bucket of 0 requests was refused), so 0 is right for every row.
    R"sql(
ALTER TABLE rollup ADD COLUMN spend_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN rows_idle INTEGER NOT NULL DEFAULT 0;
)sql",
};

} // namespace

int latestSchemaVersion()
{
    return int(kMigrations.size());
}

namespace {

// The tables of schema version 1: a file with all of them, user_version 1 and no application id is a store of a
// costdash from before application ids.
constexpr std::array kVersion1Tables{"calls", "imports", "meta", "models", "price_overrides", "prompts",
                                     "providers", "rollup", "tags", "tasks", "users"};

enum class Kind { Empty, Ours, OlderOurs, Foreign };

struct Facts {
    Kind kind = Kind::Foreign;
    int version = 0;
};

std::optional<Facts> readFactsNow(sqlite3* db, QString* error)
{
    const auto id = queryInt(db, "PRAGMA application_id");
    const auto version = queryInt(db, "PRAGMA user_version");
    if (!id || !version) {
        *error = QStringLiteral("not a costdash store (%1)").arg(lastError(db));
        return std::nullopt;
    }
    Facts facts{Kind::Foreign, int(*version)};
    if (std::uint32_t(*id) == kApplicationId) {
        facts.kind = Kind::Ours;
        return facts;
    }
    if (*id != 0)
        return facts;
    Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    QStringList names;
    while (tables.next())
        names << tables.text(0);
    if (names.isEmpty() && *version == 0) {
        facts.kind = Kind::Empty;
    } else if (*version >= 1 && *version <= latestSchemaVersion()
               && std::all_of(kVersion1Tables.begin(), kVersion1Tables.end(),
                              [&](const char* t) { return names.contains(QLatin1String(t)); })) {
        facts.kind = Kind::OlderOurs;
    }
    return facts;
}

// In one read transaction (the caller's, or one of its own): another process may commit the store's creation
// between two reads, and id 0 then beside the new tables would look like another application's file.
std::optional<Facts> readFacts(sqlite3* db, QString* error)
{
    const bool own = sqlite3_get_autocommit(db) != 0;
    if (own && !exec(db, "BEGIN", error))
        return std::nullopt;
    auto facts = readFactsNow(db, error);
    if (own)
        exec(db, "COMMIT", nullptr);
    return facts;
}

// One sentence for a refused file, or none when the store may be opened as it is.
QString refusal(const Facts& facts, SchemaAccess access)
{
    if (facts.kind == Kind::Foreign)
        return QStringLiteral("not a costdash store: it holds another application's data (left unchanged)");
    if (facts.kind == Kind::Empty && !access.mayCreate)
        return QStringLiteral("the file is empty, not a costdash store yet (import into it to create one)");
    if (facts.version > latestSchemaVersion())
        return QStringLiteral("the store was written by a newer costdash (schema version %1; this build reads up "
                              "to %2): upgrade costdash")
            .arg(facts.version)
            .arg(latestSchemaVersion());
    if (facts.version < latestSchemaVersion() && facts.kind != Kind::Empty && !access.mayWrite)
        return QStringLiteral("the store needs an upgrade to schema version %1, and it is read-only")
            .arg(latestSchemaVersion());
    return {};
}

// Inside the exclusive transaction: claims an empty or older store and runs the missing migrations.
bool claimAndMigrate(sqlite3* db, const Facts& facts, QString* error)
{
    for (int v = facts.kind == Kind::Empty ? 0 : facts.version; v < latestSchemaVersion(); ++v) {
        if (!exec(db, kMigrations[size_t(v)], error)) {
            *error = QStringLiteral("migration to schema version %1 failed: %2").arg(v + 1).arg(*error);
            return false;
        }
    }
    const QByteArray stamp = "PRAGMA application_id = " + QByteArray::number(kApplicationId)
        + "; PRAGMA user_version = " + QByteArray::number(latestSchemaVersion());
    return exec(db, stamp.constData(), error);
}

} // namespace

bool openSchema(sqlite3* db, SchemaAccess access, int* version, QString* error)
{
    auto facts = readFacts(db, error);
    if (!facts)
        return false;
    *version = facts->version;
    if (const QString why = refusal(*facts, access); !why.isEmpty()) {
        *error = why;
        return false;
    }
    const bool claim = facts->kind == Kind::Empty || (facts->kind == Kind::OlderOurs && access.mayCreate);
    if (!claim && facts->version == latestSchemaVersion())
        return true;
    if (!exec(db, "BEGIN EXCLUSIVE", error))
        return false;
    // Another process may have created or migrated the store since: what counts is what the lock shows.
    facts = readFacts(db, error);
    QString why = facts ? refusal(*facts, access) : *error;
    const bool current = facts && facts->kind == Kind::Ours && facts->version == latestSchemaVersion();
    if (!why.isEmpty() || !(current || claimAndMigrate(db, *facts, &why)) || !exec(db, "COMMIT", &why)) {
        exec(db, "ROLLBACK", nullptr);
        *error = why;
        return false;
    }
    // The file's own header carries the id from now on, not only the WAL: another process sees it before SQLite.
    if (!current)
        exec(db, "PRAGMA wal_checkpoint(PASSIVE)", nullptr);
    *version = latestSchemaVersion();
    return true;
}

} // namespace costdash::store::detail
