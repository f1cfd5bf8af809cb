#pragma once
// Overlap detection (two exports of one log that share rows). Every imported row gets a key: its request id when
// the log has one, else a fingerprint of what identifies a call (time, model, token counts, logged cost,
// prompt). The store keeps the keys (calls.row_key); a file being imported is checked against the keys of every
// other import: a row already stored from another file is an overlap (skipped unless kept on request), a row
// identical to an earlier row of the same file is a duplicate (kept: real logs repeat calls, retries say).
#include "importers/BatchParser.h"
#include "platform/Platform.h"
#include "model/CallRecord.h"

#include <cstdint>
#include <span>
#include <vector>

namespace costdash::importers {

// The row's key, never 0 (0 means "no key"). `modelHash` is fastTextHash(row.model), `promptHash` the
// EncodedPrompts hash of its prompt bytes: both computed once per model / per prompt by the caller.
std::uint64_t rowKeyOf(const CallRecord& row, std::uint64_t modelHash, std::uint64_t promptHash);

// A multiset of 64-bit keys (never 0): open addressing, linear probing. The keys are hashes already, so their
// low bits pick the slot. With `counted` false it is a set (add() then says only whether the key was there).
class KeyCounts {
public:
    explicit KeyCounts(bool counted);
    // Room for `keys` distinct keys without growing.
    void reserve(std::size_t keys);
    // Adds one occurrence; returns how many there were before (a set: 0 or 1).
    std::uint32_t add(std::uint64_t key);
    // Removes one occurrence when there is one (counted tables only).
    bool take(std::uint64_t key);
    bool empty() const { return m_size == 0; }
    void prefetch(std::uint64_t key) const
    {
        if (!m_keys.empty())
            platform::prefetch(&m_keys[std::size_t(key) & m_mask]);
    }

private:
    std::size_t slotOf(std::uint64_t key) const; // the key's slot, or the empty slot where it would go
    void rehash(std::size_t capacity);

    bool m_counted;
    std::vector<std::uint64_t> m_keys;   // 0: empty
    std::vector<std::uint32_t> m_counts; // counted tables: occurrences left of m_keys[i]
    std::size_t m_mask = 0;
    std::size_t m_size = 0;              // distinct keys
};

// The parser thread's half of overlap detection, one per imported file: keys the rows of each batch in file
// order (from its first record, a resumed import too, so a resumed run decides as the first one did), records
// which are overlaps and duplicates (Batch::overlapRecords, duplicateRecords) and drops the overlaps unless
// they are kept.
class OverlapFilter {
public:
    explicit OverlapFilter(bool keepOverlaps);
    // The keys stored by the other imports (CallStore::rowKeysOutside), before the first batch.
    void setStored(std::span<const std::uint64_t> keys);
    // `expectedRows`: about how many rows the file holds (sizes the table once; 0 when unknown).
    void apply(Batch& batch, std::size_t expectedRows);

private:
    void assignKeys(Batch& batch);
    void dropRows(Batch& batch);

    bool m_keepOverlaps;
    KeyCounts m_stored{true};
    KeyCounts m_seen{false}; // the keys of the file's rows so far
    bool m_sized = false;
    std::vector<std::uint8_t> m_keep; // per row of the batch being filtered
    QString m_lastModel;              // fastTextHash of the last model seen: rows share their model's QString
    std::uint64_t m_lastModelHash = 0;
};

} // namespace costdash::importers
