#pragma once
// hash64(normalizePrompt(text)) without building the normalised string: the import computes it for every
// distinct prompt, and the allocation and QChar calls cost more than the hash. Must equal promptKeyHash()
// (tst_store checks both on ASCII, Unicode and white-space cases).
#include <QString>
#include <QStringView>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace costdash::store::detail {

// The hash over code units: char16_t (UTF-16, any text) or char (UTF-8 that is all ASCII, where a byte is the
// code unit UTF-16 would have). One body, so both agree by construction.
template <typename Unit>
std::uint64_t normalizedUnitsHash(const Unit* p, std::size_t n)
{
    std::uint64_t h = 14695981039346656037ULL;
    auto feed = [&h](char16_t c) {
        h ^= c;
        h *= 1099511628211ULL;
    };
    bool pendingSpace = false;
    bool any = false;
    for (std::size_t i = 0; i < n;) {
#if defined(__SSE2__)
        // Eight code units at once when all are printable ASCII (most of a prompt): lower-cased in the register,
        // only the serial FNV steps remain. Signed compares: units >= 0x8000 fail the "> ' '" test.
        if (i + 8 <= n) {
            __m128i v;
            if constexpr (sizeof(Unit) == 2)
                v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            else // widened to 16-bit units
                v = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + i)), _mm_setzero_si128());
            const __m128i printable = _mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16(0x1F)),
                                                    _mm_cmplt_epi16(v, _mm_set1_epi16(0x80)));
            const __m128i upper = _mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16(0x40)),
                                                _mm_cmplt_epi16(v, _mm_set1_epi16(0x5B)));
            // A ' ' between two non-blanks of the block is kept as it is; blanks at its ends or in runs are not.
            const int spaces = _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16(0x20)));
            const bool singleSpaces = (spaces & 0xC003) == 0 && (spaces & (spaces >> 2)) == 0;
            if (singleSpaces && _mm_movemask_epi8(printable) == 0xFFFF) {
                alignas(16) char16_t lower[8];
                _mm_store_si128(reinterpret_cast<__m128i*>(lower),
                                _mm_add_epi16(v, _mm_and_si128(upper, _mm_set1_epi16(0x20))));
                if (pendingSpace) {
                    feed(u' ');
                    pendingSpace = false;
                }
                for (const char16_t unit : lower)
                    feed(unit);
                any = true;
                i += 8;
                continue;
            }
        }
#endif
        char16_t c = char16_t(std::make_unsigned_t<Unit>(p[i++]));
        bool space;
        if (c < 0x80) {
            space = c == u' ' || (c >= u'\t' && c <= u'\r');
            if (c >= u'A' && c <= u'Z')
                c = char16_t(c + 32);
        } else { // UTF-16 only: the UTF-8 caller passes ASCII
            const QChar qc(c);
            space = qc.isSpace();
            c = qc.toLower().unicode();
        }
        if (space) {
            pendingSpace = any;
            continue;
        }
        if (pendingSpace) {
            feed(u' ');
            pendingSpace = false;
        }
        feed(c);
        any = true;
    }
    return h;
}

inline std::uint64_t normalizedPromptHash(QStringView text)
{
    return normalizedUnitsHash(text.utf16(), std::size_t(text.size()));
}

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

// The same from well-formed UTF-8: ASCII (most prompts) is hashed from its bytes, anything else decoded first.
inline std::uint64_t normalizedPromptHash(std::string_view utf8)
{
    if (isAscii(utf8))
        return normalizedUnitsHash(utf8.data(), utf8.size());
    return normalizedPromptHash(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
}

// The units normalizedPromptHash feeds for ASCII text, written to `out` (room for text.size() bytes): lower case,
// blank runs as one space, no blank at either end. Returns the length. Sixteen bytes at a time where a block is
// printable with single spaces inside it, as the hash's own fast path.
inline std::size_t normalizeAscii(std::string_view text, char* out)
{
    std::size_t n = 0;
    bool pendingSpace = false;
    bool any = false;
    const char* const p = text.data();
    for (std::size_t i = 0; i < text.size();) {
#if defined(__SSE2__)
        if (i + 16 <= text.size()) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            // Signed compares: bytes >= 0x80 fail the "> 0x1F" test (the caller passes ASCII anyway).
            const __m128i printable = _mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F));
            const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x40)),
                                                _mm_cmplt_epi8(v, _mm_set1_epi8(0x5B)));
            // Single spaces, none first; a last one is left pending, as a blank before more blanks would be.
            const int spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20)));
            const bool singleSpaces = (spaces & 0x0001) == 0 && (spaces & (spaces >> 1)) == 0;
            if (singleSpaces && _mm_movemask_epi8(printable) == 0xFFFF) {
                if (pendingSpace)
                    out[n++] = ' ';
                _mm_storeu_si128(reinterpret_cast<__m128i*>(out + n),
                                 _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
                pendingSpace = (spaces & 0x8000) != 0;
                n += pendingSpace ? 15 : 16;
                any = true;
                i += 16;
                continue;
            }
        }
#endif
        char c = p[i++];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            pendingSpace = any;
            continue;
        }
        if (pendingSpace) {
            out[n++] = ' ';
            pendingSpace = false;
        }
        out[n++] = c >= 'A' && c <= 'Z' ? char(c + 32) : c;
        any = true;
    }
    return n;
}

// normalizedPromptHash of several ASCII texts at once: each normalized first, then four FNV chains run side by
// side. One chain is a series of dependent multiplies; four keep the multiplier busy (the import hashes every
// new prompt, hundreds of thousands of them). `scratch` is reused between calls.
inline void normalizedAsciiHashes(const std::string_view* texts, std::size_t count, std::uint64_t* out,
                                  std::string& scratch)
{
    constexpr std::uint64_t kBasis = 14695981039346656037ULL;
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::size_t total = 0;
    for (std::size_t k = 0; k < count; ++k)
        total += texts[k].size() + 1; // a leading space may come before a block of sixteen
    if (scratch.size() < total + 16)
        scratch.resize(total + 16);
    constexpr std::size_t kChains = 4;
    for (std::size_t first = 0; first < count; first += kChains) {
        const std::size_t chains = std::min(kChains, count - first);
        const unsigned char* units[kChains] = {};
        std::size_t length[kChains] = {};
        std::uint64_t h[kChains] = {kBasis, kBasis, kBasis, kBasis};
        char* at = scratch.data();
        std::size_t shortest = SIZE_MAX;
        for (std::size_t k = 0; k < chains; ++k) {
            length[k] = normalizeAscii(texts[first + k], at);
            units[k] = reinterpret_cast<const unsigned char*>(at);
            at += length[k];
            shortest = std::min(shortest, length[k]);
        }
        if (chains == kChains) { // in locals, not the arrays: the four chains stay in registers
            std::uint64_t h0 = kBasis, h1 = kBasis, h2 = kBasis, h3 = kBasis;
            const unsigned char *u0 = units[0], *u1 = units[1], *u2 = units[2], *u3 = units[3];
            for (std::size_t i = 0; i < shortest; ++i) {
                h0 = (h0 ^ u0[i]) * kPrime;
                h1 = (h1 ^ u1[i]) * kPrime;
                h2 = (h2 ^ u2[i]) * kPrime;
                h3 = (h3 ^ u3[i]) * kPrime;
            }
            h[0] = h0;
            h[1] = h1;
            h[2] = h2;
            h[3] = h3;
        } else {
            shortest = 0;
        }
        for (std::size_t k = 0; k < chains; ++k) {
            for (std::size_t i = shortest; i < length[k]; ++i)
                h[k] = (h[k] ^ units[k][i]) * kPrime;
            out[first + k] = h[k];
        }
    }
}

// A fast, non-cryptographic hash of bytes (of a text's UTF-16 or UTF-8) for the in-memory dictionaries: two independent
// 8-byte lanes, about twice as fast as qHash(QString) on prompt-sized texts. Equality is still decided by
// comparing the texts, so a collision costs time, never a wrong id.
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
