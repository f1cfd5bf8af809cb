#include "store/Schema.h"

#include "store/Sqlite.h"

#include <array>

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
};

} // namespace

int latestSchemaVersion()
{
    return int(kMigrations.size());
}

bool migrate(sqlite3* db, int* version, QString* error)
{
    const auto current = queryInt(db, "PRAGMA user_version");
    if (!current) {
        *error = QStringLiteral("not a costdash store (%1)").arg(lastError(db));
        return false;
    }
    *version = int(*current);
    if (*version > latestSchemaVersion()) {
        *error = QStringLiteral("the store was written by a newer costdash (schema version %1; this build reads up "
                                "to %2): upgrade costdash")
                     .arg(*version)
                     .arg(latestSchemaVersion());
        return false;
    }
    if (*version == latestSchemaVersion())
        return true;
    if (!exec(db, "BEGIN IMMEDIATE", error))
        return false;
    for (int v = *version; v < latestSchemaVersion(); ++v) {
        if (!exec(db, kMigrations[size_t(v)], error)) {
            exec(db, "ROLLBACK", nullptr);
            *error = QStringLiteral("migration to schema version %1 failed: %2").arg(v + 1).arg(*error);
            return false;
        }
    }
    const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(latestSchemaVersion());
    if (!exec(db, setVersion.constData(), error) || !exec(db, "COMMIT", error)) {
        exec(db, "ROLLBACK", nullptr);
        return false;
    }
    *version = latestSchemaVersion();
    return true;
}

} // namespace costdash::store::detail
