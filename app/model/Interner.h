#pragma once
// The one interning table: (hash, text) -> dense ids 0, 1, 2, ... in order of first insertion. The texts stay with
// the caller, who says whether entry `id` is the one looked for (`same(id)`); equal hashes alone never merge two
// texts. The table keeps each entry's hash, so it grows without hashing anything again.
// Open addressing, linear probing, load factor under one half; a slot holds the hash's high 32 bits and the id,
// so a probe rarely touches the texts.
// Hand-written rather than absl::flat_hash_set over the ids: as fast or faster on a month's prompts (PERFORMANCE.md),
// and no dependency for a table whose ids must stay dense, in insertion order and truncatable (an import's rollback).
#include "platform/Platform.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace costdash {

class Interner {
public:
    static constexpr std::int32_t kNone = -1;

    std::size_t size() const { return m_hashes.size(); }
    std::uint64_t hashOf(std::int32_t id) const { return m_hashes[std::size_t(id)]; }

    // The id whose entry has `hash` and for which same(id) holds; kNone when there is none.
    template<typename Same>
    std::int32_t find(std::uint64_t hash, Same&& same) const
    {
        if (m_slots.empty())
            return kNone;
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t at = std::size_t(hash) & mask; m_slots[at] != 0; at = (at + 1) & mask) {
            if (matches(m_slots[at], hash) && same(idOf(m_slots[at])))
                return idOf(m_slots[at]);
        }
        return kNone;
    }

    // find(), or else a new entry with id size().
    template<typename Same>
    std::int32_t intern(std::uint64_t hash, Same&& same)
    {
        if (needsRoomFor(size() + 1))
            rebuild(size() + 1);
        const std::size_t mask = m_slots.size() - 1;
        std::size_t at = std::size_t(hash) & mask;
        for (; m_slots[at] != 0; at = (at + 1) & mask) {
            if (matches(m_slots[at], hash) && same(idOf(m_slots[at])))
                return idOf(m_slots[at]);
        }
        const auto id = std::int32_t(size());
        m_hashes.push_back(hash);
        m_slots[at] = slotOf(hash, id);
        return id;
    }

    // Adds an entry known to be new (no lookup): loading texts that are distinct already.
    void append(std::uint64_t hash)
    {
        if (needsRoomFor(size() + 1))
            rebuild(size() + 1);
        m_hashes.push_back(hash);
        place(hash, std::int32_t(size() - 1));
    }

    // Room for `count` entries in all: the table need not grow until then.
    void reserve(std::size_t count)
    {
        m_hashes.reserve(count);
        if (needsRoomFor(count))
            rebuild(count);
    }
    // Forgets the entries with ids from `count` on.
    void truncate(std::size_t count)
    {
        if (count >= size())
            return;
        m_hashes.resize(count);
        rebuild(count);
    }
    // Empty, with room for `count` entries (keeps the memory it has).
    void reset(std::size_t count)
    {
        m_hashes.clear();
        m_hashes.reserve(count);
        m_slots.assign(capacityFor(count), 0);
    }

    // Asks the CPU for the slot of `hash` ahead of its lookup (a table far larger than the caches).
    void prefetch(std::uint64_t hash) const
    {
        if (!m_slots.empty())
            platform::prefetch(&m_slots[std::size_t(hash) & (m_slots.size() - 1)]);
    }

private:
    static constexpr std::uint64_t kHighMask = ~std::uint64_t(0xFFFFFFFF);

    static std::uint64_t slotOf(std::uint64_t hash, std::int32_t id)
    {
        return (hash & kHighMask) | std::uint64_t(std::uint32_t(id) + 1); // never 0: 0 is an empty slot
    }
    static std::int32_t idOf(std::uint64_t slot) { return std::int32_t(std::uint32_t(slot) - 1); }
    static bool matches(std::uint64_t slot, std::uint64_t hash) { return ((slot ^ hash) & kHighMask) == 0; }
    static std::size_t capacityFor(std::size_t count)
    {
        std::size_t capacity = 16;
        while (capacity < count * 2 + 2)
            capacity *= 2;
        return capacity;
    }
    bool needsRoomFor(std::size_t count) const { return m_slots.size() < count * 2 + 2; }

    void place(std::uint64_t hash, std::int32_t id)
    {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t at = std::size_t(hash) & mask;
        while (m_slots[at] != 0)
            at = (at + 1) & mask;
        m_slots[at] = slotOf(hash, id);
    }
    void rebuild(std::size_t count)
    {
        m_slots.assign(capacityFor(count), 0);
        for (std::size_t id = 0; id < size(); ++id)
            place(m_hashes[id], std::int32_t(id));
    }

    std::vector<std::uint64_t> m_slots;  // (hash high 32 bits) | (id + 1); 0: empty
    std::vector<std::uint64_t> m_hashes; // of each id
};

} // namespace costdash
