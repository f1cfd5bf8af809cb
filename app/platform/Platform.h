#pragma once
// The few places that use a processor's or an operating system's extras, each beside a portable version that the
// tests also run. Configuring with -DCOSTDASH_PORTABLE=ON (the `portable` preset) builds the portable versions
// only: what a build for another processor or compiler gets. docs/PERFORMANCE.md has what the extras are worth.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#if !defined(COSTDASH_PORTABLE) && defined(__SSE2__)
#define COSTDASH_HAS_SSE2 1
#include <emmintrin.h>
#endif

namespace costdash::platform {

// Asks the CPU to fetch the cache line of `address` ahead of a lookup whose address is known early.
inline void prefetch(const void* address)
{
#if !defined(COSTDASH_PORTABLE) && (defined(__GNUC__) || defined(__clang__))
    __builtin_prefetch(address);
#else
    (void)address;
#endif
}

constexpr std::uint64_t byteSwapped(std::uint64_t v)
{
    v = (v << 32) | (v >> 32);
    v = ((v & 0x0000FFFF0000FFFFULL) << 16) | ((v >> 16) & 0x0000FFFF0000FFFFULL);
    return ((v & 0x00FF00FF00FF00FFULL) << 8) | ((v >> 8) & 0x00FF00FF00FF00FFULL);
}

// The first ',' or '\n' in [p, end), or end, eight bytes at a time in portable C++. Reads up to 7 bytes past
// `end`: the caller's buffer must be padded.
inline const char* findCommaOrNewlinePortable(const char* p, const char* end)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    auto zeroBytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; }; // lowest set bit is exact
    for (; p < end; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        if constexpr (std::endian::native == std::endian::big) // byte k of the text becomes byte k of the word
            word = byteSwapped(word);
        const std::uint64_t hits = zeroBytes(word ^ (kOnes * ',')) | zeroBytes(word ^ (kOnes * '\n'));
        if (hits)
            return std::min(p + (std::countr_zero(hits) >> 3), end);
    }
    return end;
}

// The same, sixteen bytes at a time where SSE2 is there (up to 15 bytes read past `end`).
inline const char* findCommaOrNewline(const char* p, const char* end)
{
#if defined(COSTDASH_HAS_SSE2)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i newline = _mm_set1_epi8('\n');
    for (; p < end; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, newline)));
        if (hits)
            return std::min(p + std::countr_zero(unsigned(hits)), end);
    }
    return end;
#else
    return findCommaOrNewlinePortable(p, end);
#endif
}

// Lowers the calling thread's scheduling priority to `nice` (19, the lowest: it takes only the CPU other threads
// leave), never raising it (Linux; elsewhere, and in a portable build, nothing changes).
void lowerThisThreadPriority(int nice = 19);
// The calling thread's nice value (Linux; 0 elsewhere and in a portable build).
int thisThreadNice();

// The nice value of the window's worker threads (store, jobs): the UI thread gets a core first when they compete
// for one, yet they are not starved by other programs as at 19.
inline constexpr int kWorkerNice = 5;

} // namespace costdash::platform
