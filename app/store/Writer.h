#pragma once
// The bulk insert path's SQL half: a PreparedBatch (Resolver) written in one transaction with the import's
// progress — new names and prompts, the calls through a row table that one INSERT ... SELECT reads (sqlite3 C
// API), the rollup upserted once per batch.
#include "model/CallRecord.h"
#include "store/CallStore.h"
#include "store/EncodedPrompts.h"
#include "store/PreparedBatch.h"
#include "store/Resolver.h"
#include "store/Rollup.h"
#include "store/RowTable.h"
#include "store/Sqlite.h"

#include <functional>
#include <memory>
#include <span>

namespace costdash::store::detail {

// The catalog fingerprint the rollup's catalog-priced columns were computed with (meta 'rollup_catalog').
std::optional<std::uint64_t> rollupFingerprint(sqlite3* db);
bool setRollupFingerprint(sqlite3* db, std::uint64_t fingerprint, QString* error);

// Recomputes the rollup's catalog-priced columns with `catalog` and records its fingerprint. Runs inside the
// caller's transaction.
bool repriceRollup(sqlite3* db, const pricing::PriceCatalog& catalog, QString* error);

class Writer {
public:
    // `loadCatalog` returns the store's catalog (bundled + overrides): asked again when another connection
    // changed the file.
    Writer(sqlite3* db, std::function<pricing::PriceCatalog()> loadCatalog);
    ~Writer();

    // Loads what prepare() needs; the store's thread, before another thread prepares.
    bool startPreparing(QString* error);
    // Any thread (Resolver::prepareAhead).
    bool prepare(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
    {
        return m_resolver.prepareAhead(rows, prompts, out);
    }
    void expectPrompts(std::size_t count, std::size_t bytes) { m_resolver.expectPrompts(count, bytes); }

    // Writes `rows` in one transaction: as `prepared` when it fits the file (Resolver), else prepared here.
    bool appendBatch(std::int64_t importId, std::span<const CallRecord> rows, PromptsOfRows prompts,
                     const PreparedBatch* prepared, const ImportCounts& counts, std::int64_t recordsDone,
                     QString* error);
    // After the store changed the catalog (price override) in its own transaction.
    void catalogChanged() { m_resolver.catalogChanged(); }

    // While held, batches go into the transaction the store opened, without BEGIN and COMMIT of their own; a
    // failed batch rolls the whole transaction back and ends the hold.
    void holdTransaction(bool held) { m_heldTransaction = held; }
    bool holdsTransaction() const { return m_heldTransaction; }
    // After the store rolled back batches this writer counted as committed: reload everything on next use.
    void forgetCache();

private:
    bool prepareStatements(std::int64_t importId, QString* error);
    bool syncWithFile(QString* error);
    bool writeBatch(const PreparedBatch& batch, QString* error);
    bool writeNames(const PreparedBatch& batch, QString* error);
    bool writePrompts(const PreparedBatch& batch, QString* error);
    bool upsertRollup(const RollupMap& rollup, QString* error);
    bool insertLatencies(const std::vector<LatencyRun>& runs, QString* error);
    bool saveProgress(std::int64_t importId, const ImportCounts& counts, std::int64_t recordsDone, QString* error);

    sqlite3* m_db;
    std::function<pricing::PriceCatalog()> m_loadCatalog;
    Resolver m_resolver;
    PreparedBatch m_ownBatch;                 // for batches prepared on this thread
    std::optional<std::int64_t> m_dataVersion; // PRAGMA data_version when the resolver was last in sync
    std::unique_ptr<RowTable> m_callRows[2];  // [plain]: read by m_insert[plain]
    RowTable m_promptRows;                     // read by m_insertPrompts
    std::unique_ptr<Statement> m_insert[2];    // [plain]
    std::unique_ptr<Statement> m_insertPrompts;
    std::int64_t m_preparedFor = 0;            // the import id m_insert has as a literal
    bool m_heldTransaction = false;
    std::unique_ptr<Statement> m_upsertRollup;
    std::unique_ptr<Statement> m_insertLatencies;
    std::unique_ptr<Statement> m_saveProgress;
};

} // namespace costdash::store::detail
