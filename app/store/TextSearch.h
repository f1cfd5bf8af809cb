#pragma once
// Substring search over packed text: the "prompt contains" condition scans every distinct prompt on each edit.
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace costdash::store {

// The first offset in [from, to) of `base` where `needle` (not empty) starts, or `to`. SSE2 compares the needle's
// first and last bytes at 16 offsets at once (W. Muła's method): on the demo month's 58 MB of prompts, 2-4 times
// glibc's memmem and 3-5 times a find() per prompt (docs/PERFORMANCE.md); memmem does the tail and non-SSE2 builds.
inline std::uint64_t findBytes(const char* base, std::uint64_t from, std::uint64_t to, std::string_view needle)
{
    const std::size_t k = needle.size();
    if (to < from + k)
        return to;
    const std::uint64_t end = to - k + 1; // a match starts before `end`
    std::uint64_t i = from;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(needle.front());
    const __m128i last = _mm_set1_epi8(needle.back());
    for (; i + 16 <= end; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i + k - 1));
        for (unsigned mask = unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
             mask != 0; mask &= mask - 1) {
            const std::uint64_t at = i + unsigned(__builtin_ctz(mask));
            if (k <= 2 || std::memcmp(base + at + 1, needle.data() + 1, k - 2) == 0)
                return at;
        }
    }
#endif
    if (i < end) {
        if (const void* hit = memmem(base + i, std::size_t(to - i), needle.data(), k))
            return std::uint64_t(static_cast<const char*>(hit) - base);
    }
    return to;
}

} // namespace costdash::store
