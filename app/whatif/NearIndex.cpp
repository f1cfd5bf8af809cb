#include "whatif/NearIndex.h"

#include "model/Interner.h"

#include "whatif/NearJoin.h"
#include "whatif/NumberWords.h"
#include "whatif/Parallel.h"

#include <QHash>
#include <algorithm>
#include <array>
#include <deque>
#include <memory>
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
void forEachRawKeyWord(std::string_view key, std::deque<std::string>& owned, F&& f)
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

// The words of a key as the index sees them: forEachRawKeyWord() with number words folded into numbers.
template<typename F>
void forEachKeyWord(std::string_view key, std::deque<std::string>& owned, F&& f)
{
    NumberFolder folder(owned, f);
    forEachRawKeyWord(key, owned, [&folder](std::string_view w, bool digit) { folder.word(w, digit); });
    folder.finish();
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
constexpr std::uint64_t kNoWord = 0; // the guard hash of a key without words (hashOf never returns it)

// Not hashBytes (XXH3): the word and guard ids follow from these hashes (HalvedInterner's halves), and ids order
// the candidates a capped lookup reads, so another hash changes near-mode results where a cap cuts.
std::uint64_t hashOf(std::string_view bytes)
{
    const std::uint64_t h = qHashBits(bytes.data(), bytes.size(), 0x9E3779B97F4A7C15ULL);
    return h == kNoWord ? 1 : h;
}

// Interning of byte strings, one Interner per half of the hash space so both cores can fill them: half h hands
// out ids 2 * i + h.
class HalvedInterner {
public:
    static std::size_t halfOf(std::uint64_t hash) { return hash >> 63; }
    // From the thread owning halfOf(hash) only; `bytes` must outlive the interner.
    std::int32_t intern(std::uint64_t hash, std::string_view bytes)
    {
        Half& half = m_halves[halfOf(hash)];
        const auto sameText = [&](std::int32_t i) { return half.texts[std::size_t(i)] == bytes; };
        const std::int32_t id = half.table.intern(hash, sameText);
        if (std::size_t(id) == half.texts.size())
            half.texts.push_back(bytes);
        return id * 2 + std::int32_t(halfOf(hash));
    }
    std::size_t idLimit() const { return 2 * std::max(m_halves[0].texts.size(), m_halves[1].texts.size()); }

private:
    struct Half {
        Interner table;
        std::vector<std::string_view> texts;
    };
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
    std::vector<std::uint64_t> hashes(n, kNoWord);
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
        Interner seen; // by hash alone
        std::vector<std::int32_t> first;
        seen.reset(n / 2 + 1);
        for (std::size_t k = 0; k < n; ++k) {
            if (hashes[k] == kNoWord || HalvedInterner::halfOf(hashes[k]) != h)
                continue;
            const std::uint64_t hash = hashes[k];
            const std::int32_t id = seen.intern(hash, [&](std::int32_t i) { return seen.hashOf(i) == hash; });
            if (std::size_t(id) == first.size()) {
                first.push_back(std::int32_t(k));
            } else {
                shared[k] = 1;
                shared[std::size_t(first[std::size_t(id)])] = 1;
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

// The words of each candidate (hash and bytes, in text order), per range of candidates.
struct CandidateWords {
    std::vector<std::uint64_t> hashes;
    std::vector<std::string_view> words;
    std::vector<std::int32_t> ids;
    std::vector<std::uint32_t> ends;
    std::deque<std::string> owned; // words of non-ASCII keys
};

detail::TokenSets tokenSets(const store::TextArena& keys, const std::vector<std::int32_t>& candidates)
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
    detail::TokenSets sets;
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

bool cancelledBy(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
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
    std::vector<QString> words; // folded, in text order
    std::vector<bool> isNumber;
    std::deque<std::string> owned;
    auto emit = [&](std::string_view w, bool number) {
        words.push_back(QString::fromUtf8(w.data(), qsizetype(w.size())));
        isNumber.push_back(number);
    };
    NumberFolder folder(owned, emit);
    forEachWord(normalizedPrompt, [&](QStringView word) {
        const QByteArray utf8 = word.toUtf8();
        folder.word(owned.emplace_back(utf8.constData(), std::size_t(utf8.size())), hasDigit(word));
    });
    folder.finish();
    std::vector<QStringView> negations, numbers;
    for (std::size_t i = 0; i < words.size(); ++i) {
        out.words.append(words[i]);
        if (isNegationWord(words[i]))
            negations.push_back(words[i]);
        if (isNumber[i])
            numbers.push_back(words[i]);
    }
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

NearIndex::NearIndex(const QStringList& normalizedKeys, std::int64_t floorPpm, Limits limits)
    : NearIndex(arenaOf(normalizedKeys), floorPpm, limits)
{
}

NearIndex::NearIndex(const store::TextArena& normalizedKeys, std::int64_t floorPpm, Limits limits,
                     const std::atomic<bool>* cancel)
    : m_floorPpm(floorPpm), m_limits(limits)
{
    m_limits.maxNeighbours = std::max<std::size_t>(1, m_limits.maxNeighbours);
    const std::vector<std::int32_t> group = guardGroups(normalizedKeys);
    std::vector<std::int32_t> candidates; // keys that share their guard with another key
    std::vector<std::int32_t> candidateGroup;
    for (std::size_t k = 0; k < group.size(); ++k) {
        if (group[k] >= 0) {
            candidates.push_back(std::int32_t(k));
            candidateGroup.push_back(group[k]);
        }
    }
    m_cancelled = cancelledBy(cancel);
    if (m_cancelled)
        return;
    const detail::TokenSets tokens = tokenSets(normalizedKeys, candidates);
    const detail::WordSets sets = detail::wordSets(tokens, candidateGroup);
    m_cancelled = cancelledBy(cancel);
    if (m_cancelled)
        return;
    m_setOfKey.assign(group.size(), -1);
    m_keyOffsets.assign(sets.firstOf.begin(), sets.firstOf.end());
    m_keys.resize(candidates.size());
    for (std::size_t s = 0; s < sets.count(); ++s) {
        for (std::uint32_t at = sets.firstOf[s]; at < sets.firstOf[s + 1]; ++at) {
            m_keys[at] = candidates[std::size_t(sets.order[at])];
            m_setOfKey[std::size_t(m_keys[at])] = std::int32_t(s);
        }
    }
    detail::JoinResult join = detail::joinWordSets(tokens, sets, floorPpm, m_limits, cancel);
    m_cancelled = join.cancelled;
    m_offsets = std::move(join.offsets);
    m_neighbours = std::move(join.neighbours);
    m_capped = std::move(join.cut);
    m_candidatesRead = join.candidatesRead;
    m_maxCandidatesRead = join.maxCandidatesRead;
}

} // namespace costdash::whatif
