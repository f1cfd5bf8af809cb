#pragma once
// Prompt text -> id without keeping a QString per prompt: a month can hold hundreds of thousands of distinct
// prompts, and as QStrings in a QHash they cost ~280 bytes each. Here the texts live once, as UTF-8, in one
// arena, interned by the Interner (model/Interner.h). Same commit/rollback contract as Dictionary.
#include "model/Interner.h"

#include <QByteArray>
#include <QString>
#include <QStringEncoder>
#include "store/RowTable.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace costdash::store::detail {

class PromptDictionary {
public:
    bool load(sqlite3* db, QString* error);

    std::int32_t idOf(const QString& text);
    // The same for a text already encoded as UTF-8 (well-formed) with its fastBytesHash (EncodedPrompts).
    std::int32_t idOf(std::string_view utf8, std::uint64_t hash);
    // Asks the CPU for the table slot of `hash` ahead of its lookup: with hundreds of thousands of prompts the
    // table is far larger than the caches.
    void prefetch(std::uint64_t hash) const { m_table.prefetch(hash); }
    // hash64(normalizePrompt(text)) of an id: the what-if cache key's hash, stored with every call. For the
    // prompts idOf() added, only after hashNew().
    std::uint64_t normHash(std::int32_t id) const
    {
        Q_ASSERT(std::size_t(id) <= m_hashed);
        return m_normHash[std::size_t(id - 1)];
    }
    // Computes normHash for the prompts added since the last call, all at once (normalizedPromptHashes).
    void hashNew();
    std::size_t size() const { return m_normHash.size(); }

    // Room for `count` more prompts of `bytes` in all: the arrays are allocated once (the memory becomes resident
    // only as it fills) and the table sized so that it need not grow. Capped: a hint must not take gigabytes.
    void reserve(std::size_t count, std::size_t bytes);

    std::size_t committedSize() const { return m_committed; }
    // Appends prompts [from, size) as rows of `out` (text, norm_hash): what a batch writes, ids following on.
    void appendRows(std::size_t from, RowBuffer& out) const;
    // Prompts [0, size) are in the file now.
    void commit(std::size_t size) { m_committed = size; }
    // Forgets the prompts not in the file.
    void rollback();

private:
    std::string_view textOf(std::size_t index) const;

    std::string m_arena;                  // every prompt's UTF-8 bytes, back to back
    std::vector<std::uint64_t> m_offsets; // prompt i spans [m_offsets[i], m_offsets[i + 1])
    std::vector<std::uint64_t> m_normHash;
    std::size_t m_hashed = 0;             // prompts [0, m_hashed) have their normHash
    std::vector<std::string_view> m_toHash; // hashNew()'s texts and their normalized bytes (reused)
    std::string m_normalized;
    Interner m_table;                     // prompt id i is the table's id i - 1
    std::size_t m_committed = 0;
    QStringEncoder m_encoder{QStringEncoder::Utf8};
    std::string m_scratch;                // the text being looked up, as UTF-8 (reused: no allocation per row)
};

} // namespace costdash::store::detail
