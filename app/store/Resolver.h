#pragma once
// Rows -> PreparedBatch: dictionary and prompt ids, the row table's values, the rollup. It owns the in-memory
// mirrors of the store's dictionaries, so ids are assigned here; names and prompts a prepared batch adds are
// "pending" until the store's thread reports the batch committed. Thread-safe: the import prepares on its
// parser thread while the store's thread writes; a mutex serializes the two.
//
// A prepared batch fits the file when nothing happened since it was prepared but the commits of the batches
// prepared before it: same generation (no reload, no discarded pending names, no catalog change) and its new
// ids start where the file's end. Otherwise the store prepares the batch again from its rows.
#include "model/CallRecord.h"
#include "store/Dictionary.h"
#include "store/EncodedPrompts.h"
#include "store/PreparedBatch.h"
#include "store/PromptDictionary.h"

#include <functional>
#include <memory>
#include <mutex>
#include <span>

namespace costdash::store::detail {

class Resolver {
public:
    // Store thread. Loads the dictionaries from the file (when never loaded, or `reload`: another connection
    // changed it) and the pricer (when missing) from `catalog`.
    bool load(sqlite3* db, bool reload, const std::function<pricing::PriceCatalog()>& catalog, QString* error);
    bool needsCatalog() const; // store thread, without the lock (see fits())

    // Store thread, after load(): another thread may prepare ahead now.
    void allowPreparingAhead();

    // Any thread, ahead of the batch's write. False when not allowed, or nothing is loaded.
    bool prepareAhead(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out);
    // Any thread: room in the prompt dictionary for about `count` more prompts of `bytes` in all.
    void expectPrompts(std::size_t count, std::size_t bytes);
    // Store thread, inside the batch's transaction, for a batch not prepared or prepared to no fit: discards
    // every pending name and prompt first (what was prepared ahead no longer fits) and stops preparing ahead.
    bool prepareHere(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out);

    // Store thread, inside the batch's transaction / after it. These two do not take the lock, so a batch being
    // prepared meanwhile (which holds it for its whole preparation) does not hold up the write: they touch only
    // the generation and the committed sizes, which no other thread writes (load, discard and catalogChanged
    // also run on the store's thread) and the preparing thread does not read but for the generation, under
    // the lock.
    bool fits(const PreparedBatch& batch) const;
    void committed(const PreparedBatch& batch);
    // After a failed write: forgets every pending name and prompt and stops preparing ahead.
    void discardPending();
    void catalogChanged();

private:
    struct RowIds {
        std::int32_t model = 0;
        std::int32_t provider = 0;
        std::int32_t task = 0;
        std::int32_t prompt = 0; // 0: no prompt text
    };
    Dictionary& dictionary(NameTable t) { return *m_names[std::size_t(t)]; }
    bool prepareLocked(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out);
    void discardPendingLocked();
    void addRow(RowBuffer& t, bool plain, const CallRecord& r, const RowIds& ids);
    std::int32_t promptIdOf(const CallRecord& r, PromptsOfRows prompts, std::size_t row);
    std::int32_t providerIdFor(const CallRecord& row, std::int32_t modelId);
    void takeNew(PreparedBatch& out);

    mutable std::mutex m_mutex;
    std::array<std::unique_ptr<Dictionary>, 5> m_names{
        std::make_unique<Dictionary>(kNameTables[0]), std::make_unique<Dictionary>(kNameTables[1]),
        std::make_unique<Dictionary>(kNameTables[2]), std::make_unique<Dictionary>(kNameTables[3]),
        std::make_unique<Dictionary>(kNameTables[4])};
    PromptDictionary m_prompts;
    bool m_loaded = false;
    bool m_ahead = false; // other threads may prepare
    std::unique_ptr<CatalogPricer> m_pricer;
    std::vector<std::int32_t> m_derivedProvider; // by model id: provider id from the catalog, 0 = not yet
    std::uint64_t m_generation = 1;
    std::vector<RowIds> m_rowIds; // prepareLocked()'s, reused
};

} // namespace costdash::store::detail
