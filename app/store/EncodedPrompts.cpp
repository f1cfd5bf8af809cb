#include "store/EncodedPrompts.h"

#include "store/PromptHash.h"

#include <QStringDecoder>
#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace costdash::store {
namespace {

// Decoding and encoding again gives back exactly these bytes.
bool roundTrips(QByteArrayView bytes)
{
    const auto* p = bytes.data();
    const auto n = std::size_t(bytes.size());
    const bool leadingBom = n >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0;
    return !leadingBom && (detail::isAscii(std::string_view(p, n)) || simdjson::validate_utf8(p, n));
}

} // namespace

void EncodedPrompts::clear()
{
    m_used = 0;
    m_ends.clear();
    m_hash.clear();
}

// Room for `bytes` more at the end of the entries; the buffer grows only: no zero-filling per row.
char* EncodedPrompts::reserve(std::size_t bytes)
{
    const std::size_t room = m_used + bytes;
    if (room > m_bytes.size())
        m_bytes.resize(std::max(room, m_bytes.size() * 2));
    return m_bytes.data() + m_used;
}

void EncodedPrompts::finish(char* end)
{
    const std::size_t begin = m_used;
    m_used = std::size_t(end - m_bytes.data());
    m_ends.push_back(m_used);
    m_hash.push_back(detail::fastBytesHash(m_bytes.data() + begin, m_used - begin));
}

void EncodedPrompts::keepOnly(std::span<const std::uint8_t> keep)
{
    std::size_t kept = 0;
    std::size_t used = 0;
    std::size_t begin = 0;
    for (std::size_t i = 0; i < m_ends.size(); ++i) {
        const std::size_t end = m_ends[i]; // read before entry `kept` (<= i) is overwritten
        if (keep[i]) {
            if (used != begin && end > begin)
                std::memmove(m_bytes.data() + used, m_bytes.data() + begin, end - begin);
            used += end - begin;
            m_ends[kept] = used;
            m_hash[kept] = m_hash[i];
            ++kept;
        }
        begin = end;
    }
    m_ends.resize(kept);
    m_hash.resize(kept);
    m_used = used;
}

void EncodedPrompts::add(const QString& prompt)
{
    char* const at = reserve(std::size_t(m_encoder.requiredSpace(prompt.size())));
    finish(m_encoder.appendToBuffer(at, prompt));
}

void EncodedPrompts::addUtf8(QByteArrayView bytes)
{
    if (!roundTrips(bytes)) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        return add(decoder.decode(bytes));
    }
    char* const at = reserve(std::size_t(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(at, bytes.data(), std::size_t(bytes.size()));
    finish(at + bytes.size());
}

} // namespace costdash::store
