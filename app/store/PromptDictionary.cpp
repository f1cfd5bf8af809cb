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
        insertSlot(m_hash[i], std::int32_t(i + 1));
}

std::int32_t PromptDictionary::append(std::string_view utf8, std::uint64_t hash, std::uint64_t normHash)
{
    if (m_offsets.empty())
        m_offsets.push_back(0);
    m_arena.append(utf8);
    m_offsets.push_back(m_arena.size());
    m_normHash.push_back(normHash);
    m_hash.push_back(hash);
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
    rebuildTable();
    m_committed = size();
    return true;
}

std::int32_t PromptDictionary::idOf(const QString& text)
{
    m_scratch.resize(std::size_t(m_encoder.requiredSpace(text.size())));
    char* const end = m_encoder.appendToBuffer(m_scratch.data(), text);
    const std::string_view utf8(m_scratch.data(), std::size_t(end - m_scratch.data()));
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
    // 256 prompts per INSERT, like the calls: a month can add hundreds of thousands of them.
    constexpr std::size_t kRows = 256;
    auto insert = [&](std::size_t from, std::size_t count, Statement& s) {
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = from + k;
            const std::string_view text = textOf(i);
            const int base = int(k) * 3;
            s.bind(base + 1, std::int64_t(i + 1));
            sqlite3_bind_text(s.get(), base + 2, text.data(), int(text.size()), SQLITE_STATIC);
            s.bind(base + 3, std::int64_t(m_normHash[i]));
        }
        return s.run(error);
    };
    QByteArray sql = "INSERT INTO prompts(id, text, norm_hash) VALUES(?, ?, ?)";
    Statement one(db, sql.constData());
    sql += QByteArray(",(?, ?, ?)").repeated(kRows - 1);
    Statement many(db, sql.constData());
    if (!one.ok() || !many.ok()) {
        *error = one.ok() ? many.error() : one.error();
        return false;
    }
    std::size_t i = m_committed;
    for (; i + kRows <= size(); i += kRows) {
        if (!insert(i, kRows, many))
            return false;
    }
    for (; i < size(); ++i) {
        if (!insert(i, 1, one))
            return false;
    }
    return true;
}

void PromptDictionary::rollback()
{
    if (m_committed == size())
        return;
    m_normHash.resize(m_committed);
    m_hash.resize(m_committed);
    m_offsets.resize(m_committed + 1);
    m_arena.resize(m_offsets.back());
    rebuildTable();
}

} // namespace costdash::store::detail
