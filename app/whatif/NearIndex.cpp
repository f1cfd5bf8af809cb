#include "whatif/NearIndex.h"

#include <QHash>
#include <QSet>
#include <algorithm>

namespace costdash::whatif {
namespace {

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

// Sorted (by rank) token sets of every key, CSR-packed, plus guard groups.
struct TokenSets {
    std::vector<std::uint32_t> offsets;
    std::vector<std::int32_t> ranks;
    std::vector<std::int32_t> guard;
    std::size_t size(std::size_t k) const { return offsets[k + 1] - offsets[k]; }
    const std::int32_t* begin(std::size_t k) const { return ranks.data() + offsets[k]; }
};

// The guard of a prompt from its negation words and numbers (the views are sorted in place).
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

// `keys` must outlive the call: words are hashed as views into it.
TokenSets tokenSets(const QStringList& keys)
{
    TokenSets sets;
    QHash<QStringView, std::int32_t> tokenIds;
    QHash<QString, std::int32_t> guardIds;
    std::vector<std::int32_t> df;
    std::vector<std::int32_t> ids;
    std::vector<QStringView> negations, numbers;
    sets.offsets.push_back(0);
    for (const QString& key : keys) {
        ids.clear();
        negations.clear();
        numbers.clear();
        forEachWord(key, [&](QStringView word) {
            auto it = tokenIds.constFind(word);
            if (it == tokenIds.cend()) {
                it = tokenIds.insert(word, std::int32_t(df.size()));
                df.push_back(0);
            }
            ids.push_back(*it);
            if (isNegationWord(word))
                negations.push_back(word);
            if (hasDigit(word))
                numbers.push_back(word);
        });
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (const std::int32_t id : ids)
            ++df[std::size_t(id)];
        sets.ranks.insert(sets.ranks.end(), ids.begin(), ids.end());
        sets.offsets.push_back(std::uint32_t(sets.ranks.size()));
        const QString guard = guardOf(negations, numbers);
        auto g = guardIds.constFind(guard);
        if (g == guardIds.cend())
            g = guardIds.insert(guard, std::int32_t(guardIds.size()));
        sets.guard.push_back(*g);
    }
    // Rarest words first: prefixes then hold the most selective words, so few candidates are compared.
    std::vector<std::int32_t> byRarity(df.size());
    for (std::size_t i = 0; i < byRarity.size(); ++i)
        byRarity[i] = std::int32_t(i);
    std::sort(byRarity.begin(), byRarity.end(),
              [&](std::int32_t a, std::int32_t b) { return df[std::size_t(a)] != df[std::size_t(b)]
                                                        ? df[std::size_t(a)] < df[std::size_t(b)] : a < b; });
    std::vector<std::int32_t> rank(df.size());
    for (std::size_t r = 0; r < byRarity.size(); ++r)
        rank[std::size_t(byRarity[r])] = std::int32_t(r);
    for (std::int32_t& t : sets.ranks)
        t = rank[std::size_t(t)];
    for (std::size_t k = 0; k + 1 < sets.offsets.size(); ++k)
        std::sort(sets.ranks.begin() + sets.offsets[k], sets.ranks.begin() + sets.offsets[k + 1]);
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

using PairLists = std::vector<std::vector<NearIndex::Neighbour>>;

// AllPairs over one guard group, keys sorted by set size.
void joinGroup(const TokenSets& sets, const std::vector<std::int32_t>& group, std::int64_t ppm, PairLists& out,
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
                    out[std::size_t(x)].push_back(n);
                    out[std::size_t(y)].push_back({x, n.shared, n.total});
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

} // namespace

bool isNegationWord(QStringView word)
{
    static const QSet<QStringView> negations = {
        u"not",     u"no",      u"never",  u"none",    u"nothing", u"nobody", u"nowhere", u"neither",
        u"nor",     u"without", u"cannot", u"except",  u"off",     u"on",     u"dont",    u"doesnt",
        u"didnt",   u"isnt",    u"arent",  u"wasnt",   u"werent",  u"wont",   u"cant",    u"shouldnt",
        u"wouldnt", u"couldnt", u"mustnt", u"hasnt",   u"havent",  u"hadnt",  u"disable", u"enable"};
    return word.endsWith(u"n't") || word.endsWith(u"n\u2019t") || negations.contains(word);
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

NearIndex::NearIndex(const QStringList& normalizedKeys, std::int64_t floorPpm) : m_floorPpm(floorPpm)
{
    const TokenSets sets = tokenSets(normalizedKeys);
    const std::size_t keys = std::size_t(normalizedKeys.size());
    // Group by guard, then by set size (AllPairs visits smaller sets first).
    std::vector<std::int32_t> order;
    for (std::size_t k = 0; k < keys; ++k) {
        if (sets.size(k) > 0)
            order.push_back(std::int32_t(k));
    }
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        const auto ga = sets.guard[std::size_t(a)];
        const auto gb = sets.guard[std::size_t(b)];
        if (ga != gb)
            return ga < gb;
        return sets.size(std::size_t(a)) != sets.size(std::size_t(b)) ? sets.size(std::size_t(a)) < sets.size(std::size_t(b))
                                                                        : a < b;
    });
    PairLists lists(keys);
    std::vector<std::vector<std::int32_t>> postings(sets.ranks.empty() ? 0 : std::size_t(*std::max_element(sets.ranks.begin(), sets.ranks.end())) + 1);
    std::vector<std::int32_t> seenBy(keys, -1);
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start;
        while (end < order.size() && sets.guard[std::size_t(order[end])] == sets.guard[std::size_t(order[start])])
            ++end;
        joinGroup(sets, {order.begin() + std::ptrdiff_t(start), order.begin() + std::ptrdiff_t(end)}, floorPpm,
                  lists, postings, seenBy);
        start = end;
    }
    m_offsets.reserve(keys + 1);
    m_offsets.push_back(0);
    for (auto& list : lists) {
        std::sort(list.begin(), list.end(), [](const Neighbour& a, const Neighbour& b) {
            const std::int64_t l = std::int64_t(a.shared) * b.total;
            const std::int64_t r = std::int64_t(b.shared) * a.total;
            return l != r ? l > r : a.key < b.key;
        });
        list.resize(std::min(list.size(), kMaxNeighbours));
        m_neighbours.insert(m_neighbours.end(), list.begin(), list.end());
        m_offsets.push_back(std::uint32_t(m_neighbours.size()));
    }
}

} // namespace costdash::whatif
