#include "store/PromptDictionary.h"

#include "store/PromptHash.h"
#include "store/Sqlite.h"

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

void PromptDictionary::rebuildTable()
{
    std::size_t capacity = 1024;
    while (capacity < size() * 2 + 2)
        capacity *= 2;
    m_slots.assign(capacity, 0);
    for (std::size_t i = 0; i < size(); ++i)
        insertSlot(bytesHash(textOf(i)), std::int32_t(i + 1));
}

std::int32_t PromptDictionary::append(std::string_view utf8, std::uint64_t hash, std::uint64_t normHash)
{
    if (m_offsets.empty())
        m_offsets.push_back(0);
    m_arena.append(utf8);
    m_offsets.push_back(m_arena.size());
    m_normHash.push_back(normHash);
    const auto id = std::int32_t(size());
    if (m_slots.size() < size() * 2 + 2)
        rebuildTable(); // keeps the load factor under one half
    else
        insertSlot(hash, id);
    return id;
}

bool PromptDictionary::load(sqlite3* db, QString* error)
{
    m_arena.clear();
    m_offsets.clear();
    m_normHash.clear();
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
        m_normHash.push_back(std::uint64_t(s.integer(2)));
    }
    rebuildTable();
    m_committed = size();
    return true;
}

std::int32_t PromptDictionary::idOf(const QString& text)
{
    m_scratch = text.toUtf8();
    const std::string_view utf8(m_scratch.constData(), std::size_t(m_scratch.size()));
    const std::uint64_t hash = bytesHash(utf8);
    if (!m_slots.empty()) {
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t at = std::size_t(hash) & mask; m_slots[at] != 0; at = (at + 1) & mask) {
            const std::uint64_t slot = m_slots[at];
            if ((slot & ~kIdMask) != (hash & ~kIdMask))
                continue;
            const auto id = std::int32_t(slot & kIdMask);
            if (textOf(std::size_t(id - 1)) == utf8) // verified: equal hashes alone never merge two prompts
                return id;
        }
    }
    return append(utf8, hash, normalizedPromptHash(text));
}

bool PromptDictionary::flush(sqlite3* db, QString* error)
{
    if (m_committed == size())
        return true;
    Statement s(db, "INSERT INTO prompts(id, text, norm_hash) VALUES(?, ?, ?)");
    if (!s.ok()) {
        *error = s.error();
        return false;
    }
    for (std::size_t i = m_committed; i < size(); ++i) {
        const std::string_view text = textOf(i);
        s.bind(1, std::int64_t(i + 1));
        sqlite3_bind_text(s.get(), 2, text.data(), int(text.size()), SQLITE_STATIC);
        s.bind(3, std::int64_t(m_normHash[i]));
        if (!s.run(error))
            return false;
    }
    return true;
}

void PromptDictionary::rollback()
{
    if (m_committed == size())
        return;
    m_normHash.resize(m_committed);
    m_offsets.resize(m_committed + 1);
    m_arena.resize(m_offsets.back());
    rebuildTable();
}

} // namespace costdash::store::detail
