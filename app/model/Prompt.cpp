#include "model/Prompt.h"

#include <bit>
#include <cstring>

namespace costdash {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// The high bit of every byte of `w` that is >= k (1 <= k <= 0x80), for bytes below 0x80: adding 0x80 - k
// carries into the high bit exactly then, and never into the next byte.
constexpr std::uint64_t bytesAtLeast(std::uint64_t w, unsigned k)
{
    return (w + kOnes * (0x80U - k)) & kHighBits;
}

constexpr std::uint64_t bytesIn(std::uint64_t w, unsigned first, unsigned last)
{
    return bytesAtLeast(w, first) & ~bytesAtLeast(w, last + 1);
}

// Normalizes one ASCII byte; the state is the output length and whether white space waits to be written.
struct AsciiNormalizer {
    char* out;
    std::size_t n = 0;
    bool pendingSpace = false;

    void put(unsigned char c)
    {
        if (c == ' ' || (c >= '\t' && c <= '\r')) { // QChar::isSpace() on ASCII
            pendingSpace = n > 0;
            return;
        }
        if (pendingSpace) {
            out[n++] = ' ';
            pendingSpace = false;
        }
        out[n++] = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }

    // Eight ASCII bytes at once when they are words and single spaces: no control white space, no two spaces in
    // a row (nor a space first after one waiting), no space first before any word. A space last waits, as the
    // byte loop would leave it: it may be trailing. The output never outruns the input, so the whole word fits.
    bool putWord(std::uint64_t w)
    {
        const std::uint64_t spaces = bytesIn(w, ' ', ' ');
        const bool spaceFirst = (spaces & 0x80U) != 0;
        if (bytesIn(w, '\t', '\r') || (spaces & (spaces << 8)) || (spaceFirst && (pendingSpace || n == 0)))
            return false;
        if (pendingSpace)
            out[n++] = ' ';
        w |= bytesIn(w, 'A', 'Z') >> 2; // 0x80 >> 2 = 0x20: 'A' + 0x20 = 'a'
        std::memcpy(out + n, &w, sizeof w);
        pendingSpace = (spaces >> 63) != 0;
        n += pendingSpace ? 7 : 8;
        return true;
    }
};

} // namespace

std::size_t normalizeAscii(std::string_view text, char* out)
{
    AsciiNormalizer ascii{out};
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) { // byte k of the text is byte k of the word
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, text.data() + i, sizeof w);
            if (w & kHighBits)
                return kNotAscii;
            if (!ascii.putWord(w)) {
                for (std::size_t k = 0; k < 8; ++k)
                    ascii.put(static_cast<unsigned char>(text[i + k]));
            }
        }
    }
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80)
            return kNotAscii;
        ascii.put(c);
    }
    return ascii.n;
}


QString normalizePrompt(QStringView prompt)
{
    QString out;
    out.reserve(prompt.size());
    bool pendingSpace = false;
    for (const QChar c : prompt) {
        if (c.isSpace()) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out.append(u' ');
            pendingSpace = false;
        }
        out.append(c.toLower());
    }
    return out;
}

std::uint64_t hash64(QStringView text)
{
    std::uint64_t h = kFnvOffsetBasis;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= kFnvPrime;
    }
    return h;
}

} // namespace costdash
