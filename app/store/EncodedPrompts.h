#pragma once
// The prompts of a batch of rows made ready for the store's prompt dictionary: UTF-8 and the hash the
// dictionary looks them up by. The import's parser thread fills it, so the
// writer's thread (the import's bottleneck: SQLite runs there) only looks the prompts up.
#include <QByteArrayView>
#include <QString>
#include <QStringEncoder>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace costdash::store {

class EncodedPrompts {
public:
    void clear();
    // Appends the entry of one row (an empty prompt gets an empty entry).
    void add(const QString& prompt);
    // The same from the bytes a log holds, read as UTF-8: exactly what add() of their decoding stores (an
    // ill-formed sequence becomes U+FFFD, a leading BOM is dropped), but well-formed text is copied as it is,
    // without the trip through UTF-16.
    void addUtf8(QByteArrayView bytes);

    std::size_t size() const { return m_hash.size(); }
    std::size_t bytes() const { return m_used; } // of all entries
    std::string_view utf8(std::size_t i) const
    {
        const std::size_t begin = i ? m_ends[i - 1] : 0;
        return std::string_view(m_bytes.data() + begin, m_ends[i] - begin);
    }
    std::uint64_t hash(std::size_t i) const { return m_hash[i]; }
    // Keeps the entries i with keep[i] != 0, in order (rows dropped from a batch).
    void keepOnly(std::span<const std::uint8_t> keep);

private:
    char* reserve(std::size_t bytes);
    void finish(char* end);

    std::string m_bytes; // a buffer: [0, m_used) holds the entries
    std::size_t m_used = 0;
    std::vector<std::size_t> m_ends;
    std::vector<std::uint64_t> m_hash;
    QStringEncoder m_encoder{QStringEncoder::Utf8};
};

// The entries of a batch's rows: row k's prompt is entry `first + k`, and the rows' own `prompt` texts are not
// read. Without `encoded`, the store encodes the rows' texts.
struct PromptsOfRows {
    const EncodedPrompts* encoded = nullptr;
    std::size_t first = 0;
};

} // namespace costdash::store
