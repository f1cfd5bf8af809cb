#pragma once
// Our own PRNG (xoshiro256**, seeded through splitmix64) and integer-only draws: std distributions differ
// across standard libraries, and the demo must be byte-identical for a seed everywhere.
#include <cstdint>

namespace costdash::demo {

class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (std::uint64_t& word : m_state)
            word = splitmix64(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-40 for the small n used here).
    std::uint64_t below(std::uint64_t n)
    {
        __extension__ using U128 = unsigned __int128;
        return std::uint64_t((U128(next()) * n) >> 64);
    }

    std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + std::int64_t(below(std::uint64_t(hi - lo + 1))); }

    // True with probability perMille / 1000.
    bool chance(int perMille) { return below(1000) < std::uint64_t(perMille); }

    // In [0, n), skewed to small values: the minimum of `k` uniform draws (k = 1 is uniform). A head of
    // popular items and a long tail, as prompt pools and token counts have.
    std::uint64_t skewed(std::uint64_t n, int k)
    {
        std::uint64_t m = below(n);
        for (int i = 1; i < k; ++i) {
            const std::uint64_t v = below(n);
            m = v < m ? v : m;
        }
        return m;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t m_state[4];
};

} // namespace costdash::demo
