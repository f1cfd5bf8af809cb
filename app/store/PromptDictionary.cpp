#include "store/PromptDictionary.h"

#include "store/PromptHash.h"
#include "store/Sqlite.h"

#include <algorithm>
#include <cstring>

namespace costdash::store::detail {
namespace {

std::uint64_t bytesHash(std::string_view bytes)
{
    return fastBytesHash(bytes.data(), bytes.size());
}

constexpr std::uint64_t kIdMask = 0xFFFFFFFFULL;

} // namespace

std::string_view PromptDictionary::textOf(std::size_t index) const
{
    return std::string_view(m_arena).substr(m_offsets[index], m_offsets[index + 1] - m_offsets[index]);
}

void PromptDictionary::insertSlot(std::uint64_t hash, std::int32_t id)
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t at = std::size_t(hash) & mask;
    while (m_slots[at] != 0)
        at = (at + 1) & mask;
    m_slots[at] = (hash & ~kIdMask) | std::uint64_t(std::uint32_t(id)); // ids start at 1: never 0
}

// A table for `forSize` prompts at a load factor under one half, holding the present ones.
void PromptDictionary::rebuildTable(std::size_t forSize)
{
    std::size_t capacity = 1024;
    while (capacity < forSize * 2 + 2)
        capacity *= 2;
    m_slots.assign(capacity, 0);
    for (std::size_t i = 0; i < size(); ++i)
        insertSlot(m_hash[i], std::int32_t(i + 1));
}

void PromptDictionary::reserve(std::size_t count, std::size_t bytes)
{
    constexpr std::size_t kMaxCount = std::size_t(1) << 21; // a table of 4M slots: 32 MB
    constexpr std::size_t kMaxBytes = std::size_t(1) << 29;
    count = std::min(count, kMaxCount);
    bytes = std::min(bytes, kMaxBytes);
    m_arena.reserve(m_arena.size() + bytes);
    m_offsets.reserve(m_offsets.size() + count + 1);
    m_normHash.reserve(size() + count);
    m_hash.reserve(size() + count);
    if (m_slots.size() < (size() + count) * 2 + 2)
        rebuildTable(size() + count);
}

std::int32_t PromptDictionary::append(std::string_view utf8, std::uint64_t hash)
{
    if (m_offsets.empty())
        m_offsets.push_back(0);
    m_arena.append(utf8);
    m_offsets.push_back(m_arena.size());
    m_normHash.push_back(0); // hashNew() computes it
    m_hash.push_back(hash);
    const auto id = std::int32_t(size());
    if (m_slots.size() < size() * 2 + 2)
        rebuildTable(size()); // keeps the load factor under one half
    else
        insertSlot(hash, id);
    return id;
}

bool PromptDictionary::load(sqlite3* db, QString* error)
{
    m_arena.clear();
    m_offsets.clear();
    m_normHash.clear();
    m_hash.clear();
    Statement s(db, "SELECT id, text, norm_hash FROM prompts ORDER BY id");
    if (!s.ok()) {
        *error = s.error();
        return false;
    }
    m_offsets.push_back(0);
    while (s.next()) {
        if (std::size_t(s.integer(0)) != size() + 1) {
            *error = QStringLiteral("table prompts has non-dense ids");
            return false;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 1));
        m_arena.append(text ? text : "", std::size_t(sqlite3_column_bytes(s.get(), 1)));
        m_offsets.push_back(m_arena.size());
        m_hash.push_back(bytesHash(textOf(size())));
        m_normHash.push_back(std::uint64_t(s.integer(2)));
    }
    rebuildTable(size());
    m_committed = size();
    m_hashed = size();
    return true;
}

std::int32_t PromptDictionary::idOf(const QString& text)
{
    m_scratch.resize(std::size_t(m_encoder.requiredSpace(text.size())));
    char* const end = m_encoder.appendToBuffer(m_scratch.data(), text);
    const std::string_view utf8(m_scratch.data(), std::size_t(end - m_scratch.data()));
    return idOf(utf8, bytesHash(utf8));
}

std::int32_t PromptDictionary::idOf(std::string_view utf8, std::uint64_t hash)
{
    const std::int32_t id = find(utf8, hash);
    return id ? id : append(utf8, hash);
}

std::int32_t PromptDictionary::find(std::string_view utf8, std::uint64_t hash) const
{
    if (m_slots.empty())
        return 0;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t at = std::size_t(hash) & mask; m_slots[at] != 0; at = (at + 1) & mask) {
        const std::uint64_t slot = m_slots[at];
        if ((slot & ~kIdMask) != (hash & ~kIdMask))
            continue;
        const auto id = std::int32_t(slot & kIdMask);
        if (textOf(std::size_t(id - 1)) == utf8) // verified: equal hashes alone never merge two prompts
            return id;
    }
    return 0;
}

void PromptDictionary::hashNew()
{
    m_toHash.clear();
    for (std::size_t i = m_hashed; i < size(); ++i)
        m_toHash.push_back(textOf(i));
    normalizedPromptHashes(m_toHash.data(), m_toHash.size(), m_normHash.data() + m_hashed, m_normalized);
    m_hashed = size();
}

void PromptDictionary::appendRows(std::size_t from, RowBuffer& out) const
{
    for (std::size_t i = from; i < size(); ++i) {
        out.addText(textOf(i));
        out.add(std::int64_t(m_normHash[i]));
    }
}

void PromptDictionary::rollback()
{
    if (m_committed == size())
        return;
    m_normHash.resize(m_committed);
    m_hashed = std::min(m_hashed, m_committed);
    m_hash.resize(m_committed);
    m_offsets.resize(m_committed + 1);
    m_arena.resize(m_offsets.back());
    rebuildTable(size());
}

} // namespace costdash::store::detail
