#include "whatif/NearIndex.h"

#include "whatif/Parallel.h"

#include <QHash>
#include <algorithm>
#include <array>
#include <deque>
#include <string>

namespace costdash::whatif {
namespace {

using detail::Range;

constexpr std::array<std::string_view, 32> kNegations = {
    "not",     "no",      "never",  "none",    "nothing", "nobody", "nowhere", "neither",
    "nor",     "without", "cannot", "except",  "off",     "on",     "dont",    "doesnt",
    "didnt",   "isnt",    "arent",  "wasnt",   "werent",  "wont",   "cant",    "shouldnt",
    "wouldnt", "couldnt", "mustnt", "hasnt",   "havent",  "hadnt",  "disable", "enable"};

// A word of at most 8 bytes as one integer (little-endian, zero-padded): negation lookups compare integers, not
// strings (they run for every word of every prompt).
constexpr std::uint64_t packed(std::string_view w)
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
        v |= std::uint64_t(static_cast<unsigned char>(w[i])) << (8 * i);
    return v;
}

constexpr std::array<std::uint64_t, kNegations.size()> packedNegations()
{
    std::array<std::uint64_t, kNegations.size()> out{};
    for (std::size_t i = 0; i < kNegations.size(); ++i)
        out[i] = packed(kNegations[i]);
    std::sort(out.begin(), out.end());
    return out;
}

constexpr auto kPackedNegations = packedNegations();
static_assert(std::ranges::all_of(kNegations, [](std::string_view w) { return w.size() <= 8; }));

bool isNegationUtf8(std::string_view word)
{
    const std::size_t n = word.size();
    if (n >= 3 && word[n - 1] == 't' && ((word[n - 2] == '\'' && word[n - 3] == 'n') // "n't", also typographic
                                         || (n >= 5 && word.substr(n - 5, 4) == "n\xE2\x80\x99")))
        return true;
    return word.size() >= 2 && word.size() <= 8
        && std::binary_search(kPackedNegations.begin(), kPackedNegations.end(), packed(word));
}

bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80) // the common case, without Qt's Unicode tables
        return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z');
    return c.isLetterOrNumber();
}

bool isApostrophe(QChar c)
{
    return c == u'\'' || c == QChar(0x2019);
}

// Calls `f` with each word of a normalized prompt, in text order, as a view into `text`.
template<typename F>
void forEachWord(QStringView text, F&& f)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool inWord = i < text.size()
            && (isWordChar(text[i])
                || (start >= 0 && isApostrophe(text[i]) && i + 1 < text.size() && isWordChar(text[i + 1])));
        if (inWord && start < 0)
            start = i;
        else if (!inWord && start >= 0) {
            f(text.mid(start, i - start));
            start = -1;
        }
    }
}

bool hasDigit(QStringView word)
{
    return std::any_of(word.begin(), word.end(), [](QChar c) { return c.isDigit(); });
}

bool isAsciiWordChar(char ch)
{
    const auto u = static_cast<unsigned char>(ch);
    return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z');
}

// forEachWord() on a normalized key in UTF-8: f(word, hasDigit) per word in text order. ASCII keys are read as
// bytes with the same rules; others go through forEachWord(), their words copied into `owned` (stable addresses).
template<typename F>
void forEachKeyWord(std::string_view key, std::deque<std::string>& owned, F&& f)
{
    if (std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::size_t start = std::string_view::npos;
        for (std::size_t i = 0; i <= key.size(); ++i) {
            const bool inWord = i < key.size()
                && (isAsciiWordChar(key[i])
                    || (start != std::string_view::npos && key[i] == '\'' && i + 1 < key.size()
                        && isAsciiWordChar(key[i + 1])));
            if (inWord && start == std::string_view::npos) {
                start = i;
            } else if (!inWord && start != std::string_view::npos) {
                const std::string_view w = key.substr(start, i - start);
                f(w, std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }));
                start = std::string_view::npos;
            }
        }
        return;
    }
    const QString text = QString::fromUtf8(key.data(), qsizetype(key.size()));
    forEachWord(text, [&](QStringView w) {
        const QByteArray utf8 = w.toUtf8();
        f(std::string_view(owned.emplace_back(utf8.constData(), std::size_t(utf8.size()))), hasDigit(w));
    });
}

// The guard of a key (negation words as a sorted set, then its numbers in order) appended to `out`; false when
// the key has no word at all.
bool appendGuard(std::string_view key, std::deque<std::string>& owned, std::vector<std::string_view>& negations,
                 std::string& out)
{
    negations.clear();
    const std::size_t numbersAt = out.size();
    bool any = false;
    forEachKeyWord(key, owned, [&](std::string_view word, bool digit) {
        any = true;
        if (isNegationUtf8(word))
            negations.push_back(word);
        if (digit)
            out.append(word).push_back(' ');
    });
    std::sort(negations.begin(), negations.end());
    negations.erase(std::unique(negations.begin(), negations.end()), negations.end());
    std::string prefix;
    for (const std::string_view w : negations)
        prefix.append(w).push_back(' ');
    prefix.push_back('|');
    out.insert(numbersAt, prefix);
    return any;
}

// Texts of one range of keys, packed: bytes and end offsets.
struct PackedTexts {
    std::string bytes;
    std::vector<std::uint32_t> ends;
    std::string_view at(std::size_t i) const
    {
        const std::size_t begin = i ? ends[i - 1] : 0;
        return {bytes.data() + begin, ends[i] - begin};
    }
};

constexpr std::size_t kChunk = 8'192;
constexpr std::uint64_t kEmpty = 0; // an empty slot in the hash tables below (hash 0 is stored as 1)

std::uint64_t hashOf(std::string_view bytes)
{
    const std::uint64_t h = qHashBits(bytes.data(), bytes.size(), 0x9E3779B97F4A7C15ULL);
    return h == kEmpty ? 1 : h;
}

std::size_t capacityFor(std::size_t items)
{
    std::size_t capacity = 1024;
    while (capacity < 2 * items)
        capacity *= 2;
    return capacity;
}

// Exact interning of byte strings by hash, one table per half of the hash space so both cores can fill them:
// half h hands out ids 2 * i + h. Equal hashes are confirmed on the bytes, so the ids are exact.
class HalvedInterner {
public:
    static std::size_t halfOf(std::uint64_t hash) { return hash >> 63; }
    // From the thread owning halfOf(hash) only; `bytes` must outlive the interner.
    std::int32_t intern(std::uint64_t hash, std::string_view bytes)
    {
        Half& half = m_halves[halfOf(hash)];
        if (2 * (half.texts.size() + 1) > half.hashes.size())
            grow(half);
        const std::size_t mask = half.hashes.size() - 1;
        std::size_t slot = hash & mask;
        for (; half.hashes[slot] != kEmpty; slot = (slot + 1) & mask) {
            if (half.hashes[slot] == hash && half.texts[std::size_t(half.ids[slot])] == bytes)
                return half.ids[slot] * 2 + std::int32_t(halfOf(hash));
        }
        half.hashes[slot] = hash;
        half.ids[slot] = std::int32_t(half.texts.size());
        half.texts.push_back(bytes);
        return half.ids[slot] * 2 + std::int32_t(halfOf(hash));
    }
    std::size_t idLimit() const { return 2 * std::max(m_halves[0].texts.size(), m_halves[1].texts.size()); }

private:
    struct Half {
        std::vector<std::uint64_t> hashes;
        std::vector<std::int32_t> ids;
        std::vector<std::string_view> texts;
    };
    static void grow(Half& half)
    {
        const std::size_t capacity = std::max<std::size_t>(1024, 2 * half.hashes.size());
        std::vector<std::uint64_t> hashes(capacity, kEmpty);
        std::vector<std::int32_t> ids(capacity, -1);
        for (std::size_t s = 0; s < half.hashes.size(); ++s) {
            if (half.hashes[s] == kEmpty)
                continue;
            std::size_t slot = half.hashes[s] & (capacity - 1);
            while (hashes[slot] != kEmpty)
                slot = (slot + 1) & (capacity - 1);
            hashes[slot] = half.hashes[s];
            ids[slot] = half.ids[s];
        }
        half.hashes.swap(hashes);
        half.ids.swap(ids);
    }
    std::array<Half, 2> m_halves;
};

// Runs f(half) for both halves of the hash space at once.
template<typename F>
void forHalves(F&& f)
{
    detail::forRanges(2, 1, [&f](Range r) { f(r.first); });
}

// The guard group of every key, -1 for keys that can have no neighbour (no word, or alone in their group).
std::vector<std::int32_t> guardGroups(const store::TextArena& keys)
{
    const std::size_t n = keys.size();
    std::vector<PackedTexts> guards((n + kChunk - 1) / kChunk);
    std::vector<std::uint64_t> hashes(n, kEmpty);
    detail::forRanges(n, kChunk, [&](Range r) {
        PackedTexts& part = guards[r.first / kChunk];
        std::deque<std::string> owned;
        std::vector<std::string_view> negations;
        for (std::size_t k = r.first; k < r.last; ++k) {
            const std::size_t begin = part.bytes.size();
            if (appendGuard(keys.view(k), owned, negations, part.bytes))
                hashes[k] = hashOf(std::string_view(part.bytes).substr(begin));
            part.ends.push_back(std::uint32_t(part.bytes.size()));
            owned.clear();
        }
    });
    // Most keys carry a number of their own: a guard hash seen once is a group of one, without comparing bytes.
    std::vector<std::uint8_t> shared(n, 0);
    forHalves([&](std::size_t h) {
        std::vector<std::uint64_t> table(capacityFor(n / 2 + 1), kEmpty);
        std::vector<std::int32_t> first(table.size(), -1);
        const std::size_t mask = table.size() - 1;
        for (std::size_t k = 0; k < n; ++k) {
            if (hashes[k] == kEmpty || HalvedInterner::halfOf(hashes[k]) != h)
                continue;
            std::size_t slot = hashes[k] & mask;
            while (table[slot] != kEmpty && table[slot] != hashes[k])
                slot = (slot + 1) & mask;
            if (table[slot] == kEmpty) {
                table[slot] = hashes[k];
                first[slot] = std::int32_t(k);
            } else {
                shared[k] = 1;
                shared[std::size_t(first[slot])] = 1;
            }
        }
    });
    std::vector<std::int32_t> group(n, -1);
    HalvedInterner interner;
    for (std::size_t k = 0; k < n; ++k) {
        if (shared[k])
            group[k] = interner.intern(hashes[k], guards[k / kChunk].at(k % kChunk));
    }
    return group;
}

// Sorted (by rank) word sets of the candidate keys, CSR-packed.
struct TokenSets {
    std::vector<std::uint32_t> offsets;
    std::vector<std::int32_t> ranks;
    std::size_t rankCount = 0;
    std::size_t size(std::size_t c) const { return offsets[c + 1] - offsets[c]; }
    const std::int32_t* begin(std::size_t c) const { return ranks.data() + offsets[c]; }
};

// The words of each candidate (hash and bytes, in text order), per range of candidates.
struct CandidateWords {
    std::vector<std::uint64_t> hashes;
    std::vector<std::string_view> words;
    std::vector<std::int32_t> ids;
    std::vector<std::uint32_t> ends;
    std::deque<std::string> owned; // words of non-ASCII keys
};

TokenSets tokenSets(const store::TextArena& keys, const std::vector<std::int32_t>& candidates)
{
    const std::size_t n = candidates.size();
    std::vector<CandidateWords> parts((n + kChunk - 1) / kChunk);
    detail::forRanges(n, kChunk, [&](Range r) {
        CandidateWords& part = parts[r.first / kChunk];
        for (std::size_t c = r.first; c < r.last; ++c) {
            forEachKeyWord(keys.view(std::size_t(candidates[c])), part.owned, [&](std::string_view w, bool) {
                part.hashes.push_back(hashOf(w));
                part.words.push_back(w);
            });
            part.ends.push_back(std::uint32_t(part.words.size()));
        }
        part.ids.resize(part.words.size());
    });
    HalvedInterner interner;
    forHalves([&](std::size_t h) {
        for (CandidateWords& part : parts) {
            for (std::size_t i = 0; i < part.words.size(); ++i) {
                if (HalvedInterner::halfOf(part.hashes[i]) == h)
                    part.ids[i] = interner.intern(part.hashes[i], part.words[i]);
            }
        }
    });
    // Distinct word ids per candidate, then document frequencies.
    TokenSets sets;
    sets.offsets.push_back(0);
    for (CandidateWords& part : parts) {
        for (std::size_t i = 0; i < part.ends.size(); ++i) {
            const auto first = part.ids.begin() + (i ? part.ends[i - 1] : 0);
            const auto last = part.ids.begin() + part.ends[i];
            std::sort(first, last);
            sets.ranks.insert(sets.ranks.end(), first, std::unique(first, last));
            sets.offsets.push_back(std::uint32_t(sets.ranks.size()));
        }
    }
    std::vector<std::int32_t> df(interner.idLimit(), 0);
    for (const std::int32_t id : sets.ranks)
        ++df[std::size_t(id)];
    // Rarest words first: prefixes then hold the most selective words, so few candidates are compared.
    std::vector<std::int32_t> byRarity(df.size());
    for (std::size_t i = 0; i < byRarity.size(); ++i)
        byRarity[i] = std::int32_t(i);
    std::sort(byRarity.begin(), byRarity.end(), [&](std::int32_t a, std::int32_t b) {
        return df[std::size_t(a)] != df[std::size_t(b)] ? df[std::size_t(a)] < df[std::size_t(b)] : a < b;
    });
    std::vector<std::int32_t> rank(df.size());
    for (std::size_t r = 0; r < byRarity.size(); ++r)
        rank[std::size_t(byRarity[r])] = std::int32_t(r);
    for (std::int32_t& t : sets.ranks)
        t = rank[std::size_t(t)];
    for (std::size_t c = 0; c < n; ++c)
        std::sort(sets.ranks.begin() + sets.offsets[c], sets.ranks.begin() + sets.offsets[c + 1]);
    sets.rankCount = df.size();
    return sets;
}

std::uint32_t intersection(const std::int32_t* a, std::size_t na, const std::int32_t* b, std::size_t nb)
{
    std::uint32_t shared = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            ++shared;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return shared;
}

// Prefix length: a set x can only reach Jaccard t with y if they share a word among x's first
// |x| - ceil(t|x|) + 1 words (in the global rarity order), and likewise for y.
std::size_t prefixLength(std::size_t size, std::int64_t ppm)
{
    const auto needed = std::size_t((std::int64_t(size) * ppm + 999'999) / 1'000'000);
    return size - std::min(size, needed) + 1;
}

struct Pair {
    std::int32_t from; // candidate index
    NearIndex::Neighbour to;
};

// AllPairs over one guard group (candidate indexes sorted by set size); pairs are emitted both ways.
void joinGroup(const TokenSets& sets, std::span<const std::int32_t> group, std::int64_t ppm, std::vector<Pair>& out,
               std::vector<std::vector<std::int32_t>>& postings, std::vector<std::int32_t>& seenBy)
{
    std::vector<std::int32_t> touched;
    for (const std::int32_t x : group) {
        const std::size_t nx = sets.size(std::size_t(x));
        const std::size_t px = std::min(nx, prefixLength(nx, ppm));
        for (std::size_t p = 0; p < px; ++p) {
            const std::int32_t r = sets.begin(std::size_t(x))[p];
            for (const std::int32_t y : postings[std::size_t(r)]) {
                if (seenBy[std::size_t(y)] == x)
                    continue;
                seenBy[std::size_t(y)] = x;
                const std::size_t ny = sets.size(std::size_t(y));
                if (std::int64_t(ny) * 1'000'000 < ppm * std::int64_t(nx))
                    continue; // too small to reach the threshold
                const std::uint32_t shared = intersection(sets.begin(std::size_t(x)), nx, sets.begin(std::size_t(y)), ny);
                const NearIndex::Neighbour n{y, shared, std::uint32_t(nx + ny - shared)};
                if (n.reaches(ppm)) {
                    out.push_back({x, n});
                    out.push_back({y, {x, n.shared, n.total}});
                }
            }
            if (postings[std::size_t(r)].empty())
                touched.push_back(r);
            postings[std::size_t(r)].push_back(x);
        }
    }
    for (const std::int32_t r : touched)
        postings[std::size_t(r)].clear();
}

// Guard sets of the reference definition (tests), from QString views.
QString guardOf(std::vector<QStringView>& negations, const std::vector<QStringView>& numbers)
{
    std::sort(negations.begin(), negations.end());
    negations.erase(std::unique(negations.begin(), negations.end()), negations.end());
    QString guard;
    for (const QStringView w : negations)
        guard += w + u' ';
    guard += u'|';
    for (const QStringView w : numbers)
        guard += w + u' ';
    return guard;
}

bool moreSimilar(const NearIndex::Neighbour& a, const NearIndex::Neighbour& b)
{
    const std::int64_t l = std::int64_t(a.shared) * b.total;
    const std::int64_t r = std::int64_t(b.shared) * a.total;
    return l != r ? l > r : a.key < b.key;
}

store::TextArena arenaOf(const QStringList& texts)
{
    store::TextArena arena;
    for (const QString& t : texts)
        arena.append(t);
    return arena;
}

} // namespace

bool isNegationWord(QStringView word)
{
    const QByteArray utf8 = word.toUtf8();
    return isNegationUtf8(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

PromptWords promptWords(QStringView normalizedPrompt)
{
    PromptWords out;
    std::vector<QStringView> negations, numbers;
    forEachWord(normalizedPrompt, [&](QStringView word) {
        out.words.append(word.toString());
        if (isNegationWord(word))
            negations.push_back(word);
        if (hasDigit(word))
            numbers.push_back(word);
    });
    out.guard = guardOf(negations, numbers);
    out.words.sort();
    out.words.removeDuplicates();
    return out;
}

bool nearMatch(QStringView normalizedA, QStringView normalizedB, std::int64_t similarityPpm)
{
    const PromptWords a = promptWords(normalizedA);
    const PromptWords b = promptWords(normalizedB);
    if (a.guard != b.guard || a.words.isEmpty() || b.words.isEmpty())
        return normalizedA == normalizedB;
    std::int64_t shared = 0;
    for (const QString& w : a.words)
        shared += b.words.contains(w) ? 1 : 0;
    const std::int64_t total = a.words.size() + b.words.size() - shared;
    return shared > 0 && shared * 1'000'000 >= similarityPpm * total;
}

NearIndex::NearIndex(const QStringList& normalizedKeys, std::int64_t floorPpm)
    : NearIndex(arenaOf(normalizedKeys), floorPpm)
{
}

NearIndex::NearIndex(const store::TextArena& normalizedKeys, std::int64_t floorPpm) : m_floorPpm(floorPpm)
{
    const std::size_t keys = normalizedKeys.size();
    const std::vector<std::int32_t> group = guardGroups(normalizedKeys);
    std::vector<std::int32_t> candidates; // keys that share their guard with another key
    for (std::size_t k = 0; k < keys; ++k) {
        if (group[k] >= 0)
            candidates.push_back(std::int32_t(k));
    }
    const TokenSets sets = tokenSets(normalizedKeys, candidates);
    // Group by guard, then by set size (AllPairs visits smaller sets first).
    std::vector<std::int32_t> order(candidates.size());
    for (std::size_t c = 0; c < order.size(); ++c)
        order[c] = std::int32_t(c);
    auto groupOf = [&](std::int32_t c) { return group[std::size_t(candidates[std::size_t(c)])]; };
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        if (groupOf(a) != groupOf(b))
            return groupOf(a) < groupOf(b);
        const std::size_t sa = sets.size(std::size_t(a));
        const std::size_t sb = sets.size(std::size_t(b));
        return sa != sb ? sa < sb : a < b;
    });
    std::vector<Pair> pairs;
    std::vector<std::vector<std::int32_t>> postings(sets.rankCount);
    std::vector<std::int32_t> seenBy(candidates.size(), -1);
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start;
        while (end < order.size() && groupOf(order[end]) == groupOf(order[start]))
            ++end;
        joinGroup(sets, std::span<const std::int32_t>(order).subspan(start, end - start), floorPpm, pairs, postings,
                  seenBy);
        start = end;
    }
    // Back to key ids; per key most similar first, at most kMaxNeighbours.
    for (Pair& p : pairs) {
        p.from = candidates[std::size_t(p.from)];
        p.to.key = candidates[std::size_t(p.to.key)];
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
        return a.from != b.from ? a.from < b.from : moreSimilar(a.to, b.to);
    });
    m_offsets.assign(keys + 1, 0);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const std::size_t kept = m_offsets[std::size_t(pairs[i].from) + 1];
        if (kept < kMaxNeighbours) {
            m_neighbours.push_back(pairs[i].to);
            m_offsets[std::size_t(pairs[i].from) + 1] = std::uint32_t(kept + 1);
        }
    }
    for (std::size_t k = 0; k < keys; ++k)
        m_offsets[k + 1] += m_offsets[k]; // counts to offsets
    m_neighbours.shrink_to_fit();
}

} // namespace costdash::whatif
