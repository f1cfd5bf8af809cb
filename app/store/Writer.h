#pragma once
// The bulk insert path: dictionary and prompt ids from memory, the batch's rows in a row table that one
// INSERT ... SELECT reads (sqlite3 C API), the rollup folded in C++ and upserted once per batch, everything in
// one transaction.
#include "model/CallRecord.h"
#include "store/CallStore.h"
#include "store/Dictionary.h"
#include "store/EncodedPrompts.h"
#include "store/PromptDictionary.h"
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

    bool appendBatch(std::int64_t importId, std::span<const CallRecord> rows, PromptsOfRows prompts,
                     const ImportCounts& counts, std::int64_t recordsDone, QString* error);
    // After the store changed the catalog (price override) in its own transaction.
    void catalogChanged();

private:
    bool prepare(std::int64_t importId, QString* error);
    bool syncWithFile(QString* error);
    struct RowIds {
        std::int32_t model = 0;
        std::int32_t provider = 0;
        std::int32_t task = 0;
        std::int32_t prompt = 0; // 0: no prompt text
    };
    void addRow(RowTable& t, bool plain, const CallRecord& r, const RowIds& ids);
    std::int32_t promptIdOf(const CallRecord& r, PromptsOfRows prompts, std::size_t row);
    bool insertRows(std::span<const CallRecord> rows, PromptsOfRows prompts, RollupMap& rollup, QString* error);
    bool upsertRollup(const RollupMap& rollup, QString* error);
    bool saveProgress(std::int64_t importId, const ImportCounts& counts, std::int64_t recordsDone, QString* error);
    std::int32_t providerIdFor(const CallRecord& row, std::int32_t modelId);
    void forEachDictionary(const std::function<void(Dictionary&)>& f);

    sqlite3* m_db;
    std::function<pricing::PriceCatalog()> m_loadCatalog;
    Dictionary m_models{"models"};
    Dictionary m_providers{"providers"};
    Dictionary m_tasks{"tasks"};
    Dictionary m_tags{"tags"};
    Dictionary m_users{"users"};
    PromptDictionary m_prompts;
    std::unique_ptr<CatalogPricer> m_pricer;
    std::vector<std::int32_t> m_derivedProvider; // by model id: provider id from the catalog, 0 = not yet
    std::optional<std::int64_t> m_dataVersion;  // PRAGMA data_version when the caches were last in sync
    std::unique_ptr<RowTable> m_callRows[2];  // [plain]: a batch's rows, read by m_insert[plain]
    RowTable m_promptRows;                     // a batch's new prompts, read by m_insertPrompts
    std::unique_ptr<Statement> m_insert[2];    // [plain]
    std::unique_ptr<Statement> m_insertPrompts;
    std::int64_t m_preparedFor = 0;            // the import id m_insert has as a literal
    std::unique_ptr<Statement> m_upsertRollup;
    std::unique_ptr<Statement> m_saveProgress;
};

} // namespace costdash::store::detail
