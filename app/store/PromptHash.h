#pragma once
// hash64(normalizePrompt(text)) of the import's prompts without building a QString per prompt: the import
// computes it for every distinct prompt, hundreds of thousands of them. Must equal promptKeyHash() (tst_store
// checks them on ASCII, Unicode and white-space cases).
#include "model/Prompt.h"

#include <QString>
#include <QStringView>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace costdash::store::detail {

inline bool isAscii(std::string_view bytes)
{
    std::uint64_t high = 0;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        high |= word;
    }
    for (; i < bytes.size(); ++i)
        high |= std::uint8_t(bytes[i]);
    return (high & 0x8080808080808080ULL) == 0;
}

// promptKeyHash of several well-formed UTF-8 texts: an ASCII text (most prompts) is normalized from its bytes
// (normalizeAscii) and hashed with three others, four FNV chains side by side: one chain is a series of
// dependent multiplies, four keep the multiplier busy. Any other text goes through promptKeyHash itself.
// `scratch` is reused between calls.
inline void normalizedPromptHashes(const std::string_view* texts, std::size_t count, std::uint64_t* out,
                                   std::string& scratch)
{
    constexpr std::size_t kChains = 4;
    std::size_t waiting = 0;           // ASCII texts normalized into scratch, not hashed yet
    std::size_t textOf[kChains] = {};  // their indexes
    std::size_t ends[kChains + 1] = {}; // text j is scratch [ends[j], ends[j + 1])
    auto hashWaiting = [&] {
        const auto* units = reinterpret_cast<const unsigned char*>(scratch.data());
        std::uint64_t h[kChains] = {kFnvOffsetBasis, kFnvOffsetBasis, kFnvOffsetBasis, kFnvOffsetBasis};
        std::size_t together = 0; // units hashed in the four chains at once
        if (waiting == kChains) {
            together = SIZE_MAX;
            for (std::size_t j = 0; j < kChains; ++j)
                together = std::min(together, ends[j + 1] - ends[j]);
            const unsigned char *u0 = units + ends[0], *u1 = units + ends[1], *u2 = units + ends[2],
                                *u3 = units + ends[3];
            std::uint64_t h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3]; // in registers, not the array
            for (std::size_t i = 0; i < together; ++i) {
                h0 = (h0 ^ u0[i]) * kFnvPrime;
                h1 = (h1 ^ u1[i]) * kFnvPrime;
                h2 = (h2 ^ u2[i]) * kFnvPrime;
                h3 = (h3 ^ u3[i]) * kFnvPrime;
            }
            h[0] = h0, h[1] = h1, h[2] = h2, h[3] = h3;
        }
        for (std::size_t j = 0; j < waiting; ++j) {
            for (std::size_t i = ends[j] + together; i < ends[j + 1]; ++i)
                h[j] = (h[j] ^ units[i]) * kFnvPrime;
            out[textOf[j]] = h[j];
        }
        waiting = 0;
    };
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t at = ends[waiting];
        if (scratch.size() < at + texts[k].size())
            scratch.resize(at + texts[k].size()); // the texts waiting are kept by offset
        const std::size_t length = normalizeAscii(texts[k], scratch.data() + at);
        if (length == kNotAscii) {
            out[k] = promptKeyHash(QString::fromUtf8(texts[k].data(), qsizetype(texts[k].size())));
            continue;
        }
        textOf[waiting] = k;
        ends[++waiting] = at + length;
        if (waiting == kChains)
            hashWaiting();
    }
    hashWaiting();
}

// The row-key hash (importers/RowKeys.cpp): a file's rows are keyed with it and the keys are stored
// (calls.row_key) and compared with later files', so it is part of the file format and must never change. The
// import hashes each prompt once with it, for its row key and for the prompt dictionary's table. Any other
// in-memory table hashes with hashBytes (model/Hash.h, XXH3).
inline std::uint64_t fastBytesHash(const void* data, std::size_t n)
{
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint64_t a = 0x9E3779B97F4A7C15ULL ^ n;
    std::uint64_t b = 0xC2B2AE3D27D4EB4FULL;
    for (; n >= 16; p += 16, n -= 16) {
        std::uint64_t w1, w2;
        std::memcpy(&w1, p, 8);
        std::memcpy(&w2, p + 8, 8);
        a = (a ^ w1) * 0xBF58476D1CE4E5B9ULL;
        a ^= a >> 29;
        b = (b ^ w2) * 0x94D049BB133111EBULL;
        b ^= b >> 32;
    }
    std::uint64_t tail = 0;
    if (n > 0) // an empty text may come with a null pointer, which memcpy must never see
        std::memcpy(&tail, p, n < 8 ? n : 8);
    a = (a ^ tail) * 0xBF58476D1CE4E5B9ULL;
    if (n > 8) {
        tail = 0;
        std::memcpy(&tail, p + 8, n - 8);
        b = (b ^ tail) * 0x94D049BB133111EBULL;
    }
    std::uint64_t h = a ^ (b >> 17) ^ (b << 47);
    h *= 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 33);
}

inline std::uint64_t fastTextHash(QStringView text)
{
    return fastBytesHash(text.utf16(), std::size_t(text.size()) * 2);
}

} // namespace costdash::store::detail
