#include "store/PromptDictionary.h"

#include "store/PromptHash.h"
#include "store/Sqlite.h"

#include <algorithm>
#include <cstring>

namespace costdash::store::detail {
namespace {

// Not hashBytes: the import has this hash of every prompt already (EncodedPrompts, for its row key).
std::uint64_t bytesHash(std::string_view bytes)
{
    return fastBytesHash(bytes.data(), bytes.size());
}

} // namespace

std::string_view PromptDictionary::textOf(std::size_t index) const
{
    return std::string_view(m_arena).substr(m_offsets[index], m_offsets[index + 1] - m_offsets[index]);
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
    m_table.reserve(size() + count);
}

bool PromptDictionary::load(sqlite3* db, QString* error)
{
    m_arena.clear();
    m_offsets.clear();
    m_normHash.clear();
    m_table.reset(0);
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
        m_table.append(bytesHash(textOf(size())));
        m_normHash.push_back(std::uint64_t(s.integer(2)));
    }
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
    // Verified on the bytes: equal hashes alone never merge two prompts.
    const std::int32_t index = m_table.intern(hash, [&](std::int32_t i) { return textOf(std::size_t(i)) == utf8; });
    if (std::size_t(index) == m_normHash.size()) { // new
        if (m_offsets.empty())
            m_offsets.push_back(0);
        m_arena.append(utf8);
        m_offsets.push_back(m_arena.size());
        m_normHash.push_back(0); // hashNew() computes it
    }
    return index + 1;
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
    m_table.truncate(m_committed);
    m_offsets.resize(m_committed + 1);
    m_arena.resize(m_offsets.back());
}

} // namespace costdash::store::detail
