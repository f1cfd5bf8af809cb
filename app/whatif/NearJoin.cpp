#include "whatif/NearJoin.h"

#include "whatif/Parallel.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <numeric>
#include <ranges>
#include <span>

namespace costdash::whatif::detail {
namespace {

using Neighbour = NearIndex::Neighbour;

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
    return std::min(size, size - std::min(size, needed) + 1);
}

bool moreSimilar(const Neighbour& a, const Neighbour& b)
{
    const std::int64_t l = std::int64_t(a.shared) * b.total;
    const std::int64_t r = std::int64_t(b.shared) * a.total;
    return l != r ? l > r : a.set < b.set;
}

// Keeps the `limit` most similar of `found`, most similar first; true when some were cut.
bool keepMostSimilar(std::vector<Neighbour>& found, std::size_t limit)
{
    const bool cut = found.size() > limit;
    const auto keep = found.begin() + std::ptrdiff_t(std::min(found.size(), limit));
    std::partial_sort(found.begin(), keep, found.end(), moreSimilar);
    found.erase(keep, found.end());
    return cut;
}

struct JoinInput {
    const TokenSets& tokens;
    const WordSets& sets;
    std::int64_t ppm;
    NearLimits limits;
    std::vector<std::span<const std::int32_t>> setWords; // per set, its words: one load instead of three
    std::span<const std::int32_t> words(std::size_t set) const { return setWords[set]; }
    std::size_t size(std::size_t set) const { return setWords[set].size(); }
};

std::vector<std::span<const std::int32_t>> wordsOfSets(const TokenSets& tokens, const WordSets& sets)
{
    std::vector<std::span<const std::int32_t>> out(sets.count());
    for (std::size_t s = 0; s < sets.count(); ++s) {
        const auto c = std::size_t(sets.order[sets.firstOf[s]]);
        out[s] = {tokens.begin(c), tokens.size(c)};
    }
    return out;
}

// The sets of one (guard group, size) class are contiguous in join order.
struct SizeClasses {
    std::vector<std::uint32_t> first; // class -> its first set; size classes + 1
    std::vector<std::uint32_t> ofSet; // set -> its class
};

SizeClasses sizeClasses(const JoinInput& in)
{
    SizeClasses c;
    c.ofSet.resize(in.sets.count());
    for (std::size_t s = 0; s < in.sets.count(); ++s) {
        if (s == 0 || in.sets.group[s] != in.sets.group[s - 1] || in.size(s) != in.size(s - 1))
            c.first.push_back(std::uint32_t(s));
        c.ofSet[s] = std::uint32_t(c.first.size() - 1);
    }
    c.first.push_back(std::uint32_t(in.sets.count()));
    return c;
}

// AllPairs' inverted lists: for each word, the sets holding it in their prefix, ascending.
struct Postings {
    std::vector<std::uint32_t> offsets; // word rank -> first entry; size ranks + 1
    std::vector<std::int32_t> sets;
    std::span<const std::int32_t> of(std::int32_t rank) const
    {
        return {sets.data() + offsets[std::size_t(rank)], sets.data() + offsets[std::size_t(rank) + 1]};
    }
};

Postings postings(const JoinInput& in)
{
    Postings p;
    p.offsets.assign(in.tokens.rankCount + 1, 0);
    for (std::size_t s = 0; s < in.sets.count(); ++s) {
        for (const std::int32_t w : in.words(s).first(prefixLength(in.size(s), in.ppm)))
            ++p.offsets[std::size_t(w) + 1];
    }
    for (std::size_t r = 0; r < in.tokens.rankCount; ++r)
        p.offsets[r + 1] += p.offsets[r];
    p.sets.resize(p.offsets.back());
    std::vector<std::uint32_t> fill(p.offsets.begin(), p.offsets.end() - 1);
    for (std::size_t s = 0; s < in.sets.count(); ++s) {
        for (const std::int32_t w : in.words(s).first(prefixLength(in.size(s), in.ppm)))
            p.sets[fill[std::size_t(w)]++] = std::int32_t(s);
    }
    return p;
}

// One class of one prefix word's list, read outward from where x sits in it (the lexicographically nearest sets
// first), at most `share` sets; true when sets were left unread.
bool readAround(std::span<const std::int32_t> list, std::size_t at, std::int32_t x, std::size_t share,
                std::vector<std::int32_t>& seen, std::size_t& taken)
{
    std::size_t down = at;
    std::size_t up = at;
    bool upTurn = false;
    while (down > 0 || up < list.size()) {
        const bool fromUp = up < list.size() && (upTurn || down == 0);
        const std::int32_t y = fromUp ? list[up++] : list[--down];
        upTurn = !upTurn;
        if (y == x)
            continue;
        if (taken == share)
            return true;
        seen.push_back(y);
        ++taken;
    }
    return false;
}

// One set's probe: the sets of its group that share a prefix word with it and could reach the threshold by size,
// at most limits.maxCandidates read, the most similar kept. True when a cap cut; `read` counts what was read.
bool probe(const JoinInput& in, const Postings& p, const SizeClasses& classes, std::size_t x,
           std::vector<std::int32_t>& seen, std::vector<Neighbour>& found, std::size_t& read)
{
    const std::span<const std::int32_t> wx = in.words(x);
    const std::size_t nx = wx.size();
    const auto minSize = std::size_t((std::int64_t(nx) * in.ppm + 999'999) / 1'000'000);
    const std::size_t maxSize = in.ppm > 0 ? std::size_t(std::int64_t(nx) * 1'000'000 / in.ppm)
                                           : std::numeric_limits<std::size_t>::max();
    auto sameGroup = [&](std::uint32_t c) { return in.sets.group[classes.first[c]] == in.sets.group[x]; };
    std::uint32_t firstClass = classes.ofSet[x];
    std::uint32_t lastClass = firstClass + 1;
    while (firstClass > 0 && sameGroup(firstClass - 1) && in.size(classes.first[firstClass - 1]) >= minSize)
        --firstClass;
    while (lastClass + 1 < classes.first.size() && sameGroup(lastClass) && in.size(classes.first[lastClass]) <= maxSize)
        ++lastClass;
    // Reads: one per (size class, prefix word), the classes nearest x's size first. Long prompts have many of
    // both: at most kLookupsPerCandidate * maxCandidates reads are looked up, and reads stop once maxCandidates
    // candidates are read; what is left counts as cut.
    constexpr std::size_t kLookupsPerCandidate = 16;
    std::vector<std::uint32_t> order(lastClass - firstClass);
    std::iota(order.begin(), order.end(), firstClass);
    std::ranges::stable_sort(order, {}, [&](std::uint32_t c) {
        const std::size_t size = in.size(classes.first[c]);
        return size > nx ? size - nx : nx - size;
    });
    const std::size_t prefix = prefixLength(nx, in.ppm);
    const std::size_t budget = in.limits.maxCandidates;
    const std::size_t tasks = std::min(prefix * order.size(), budget * kLookupsPerCandidate);
    bool cut = tasks < prefix * order.size();
    std::size_t task = 0;
    std::size_t used = 0;
    seen.clear();
    for (std::size_t i = 0; i < order.size() && task < tasks && used < budget; ++i) {
        const std::uint32_t c = order[i];
        // Where x sits in class c, as a set index: its lexicographic place among the class's word sets.
        // (A binary search over the indices by hand: clang 14 cannot compile ranges::lower_bound over an iota view.)
        std::uint32_t place = classes.first[c];
        for (std::uint32_t end = classes.first[c + 1]; place < end;) {
            const std::uint32_t mid = place + (end - place) / 2;
            if (std::ranges::lexicographical_compare(in.words(mid), wx))
                place = mid + 1;
            else
                end = mid;
        }
        for (std::size_t w = 0; w < prefix && task < tasks && used < budget; ++w, ++task) {
            const std::span<const std::int32_t> list = p.of(wx[w]);
            const auto from = std::ranges::lower_bound(list, std::int32_t(classes.first[c]));
            const auto to = std::ranges::lower_bound(list, std::int32_t(classes.first[c + 1]));
            const auto at = std::ranges::lower_bound(from, to, std::int32_t(place));
            // The budget left, shared by the reads left (rounded up: no read gets nothing while budget is left).
            const std::size_t share = (budget - used + (tasks - task) - 1) / (tasks - task);
            std::size_t taken = 0;
            cut = readAround({from, to}, std::size_t(at - from), std::int32_t(x), share, seen, taken) || cut;
            used += taken;
        }
    }
    cut = cut || task < tasks;
    read = used;
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    found.clear();
    // Comparing two sets costs their sizes: at most kWordsPerCandidate words per candidate on average.
    constexpr std::size_t kWordsPerCandidate = 128;
    std::size_t words = 0;
    for (const std::int32_t y : seen) {
        const std::span<const std::int32_t> wy = in.words(std::size_t(y));
        words += nx + wy.size();
        if (words > in.limits.maxCandidates * kWordsPerCandidate) {
            cut = true;
            break;
        }
        const std::uint32_t shared = intersection(wx.data(), nx, wy.data(), wy.size());
        const Neighbour n{y, shared, std::uint32_t(nx + wy.size() - shared)};
        if (n.reaches(in.ppm))
            found.push_back(n);
    }
    return keepMostSimilar(found, in.limits.maxNeighbours) || cut;
}

} // namespace

WordSets wordSets(const TokenSets& tokens, const std::vector<std::int32_t>& candidateGroup)
{
    WordSets out;
    out.order.resize(candidateGroup.size());
    for (std::size_t c = 0; c < out.order.size(); ++c)
        out.order[c] = std::int32_t(c);
    auto words = [&tokens](std::int32_t c) {
        return std::span<const std::int32_t>(tokens.begin(std::size_t(c)), tokens.size(std::size_t(c)));
    };
    auto before = [&](std::int32_t a, std::int32_t b) {
        const std::int32_t ga = candidateGroup[std::size_t(a)];
        const std::int32_t gb = candidateGroup[std::size_t(b)];
        if (ga != gb)
            return ga < gb;
        const auto wa = words(a);
        const auto wb = words(b);
        if (wa.size() != wb.size())
            return wa.size() < wb.size();
        const auto [ia, ib] = std::mismatch(wa.begin(), wa.end(), wb.begin());
        return ia != wa.end() ? *ia < *ib : a < b;
    };
    // Two halves in parallel, then one merge.
    const auto middle = out.order.begin() + std::ptrdiff_t(out.order.size() / 2);
    detail::forRanges(2, 1, [&](Range half) {
        if (half.first == 0)
            std::sort(out.order.begin(), middle, before);
        else
            std::sort(middle, out.order.end(), before);
    });
    std::inplace_merge(out.order.begin(), middle, out.order.end(), before);
    for (std::size_t i = 0; i < out.order.size(); ++i) {
        const std::int32_t c = out.order[i];
        const std::int32_t previous = i ? out.order[i - 1] : -1;
        if (previous < 0 || candidateGroup[std::size_t(c)] != candidateGroup[std::size_t(previous)]
            || !std::ranges::equal(words(c), words(previous))) {
            out.firstOf.push_back(std::uint32_t(i));
            out.group.push_back(candidateGroup[std::size_t(c)]);
        }
    }
    out.firstOf.push_back(std::uint32_t(out.order.size()));
    return out;
}

JoinResult joinWordSets(const TokenSets& tokens, const WordSets& sets, std::int64_t ppm, NearLimits limits,
                        const std::atomic<bool>* cancel)
{
    const JoinInput in{tokens, sets, ppm, limits, wordsOfSets(tokens, sets)};
    const Postings p = postings(in);
    const SizeClasses classes = sizeClasses(in);
    const std::size_t n = sets.count();
    const std::size_t limit = limits.maxNeighbours;
    // Fixed slots per set, so threads write without sharing; pages of sets without neighbours stay untouched.
    const std::unique_ptr<Neighbour[]> slots(new Neighbour[std::max<std::size_t>(1, n * limit)]);
    std::vector<std::uint32_t> counts(n, 0);
    std::vector<std::uint32_t> read(n, 0);
    JoinResult r;
    r.cut.assign(n, 0);
    detail::forRanges(n, 1'024, [&](Range range) {
        std::vector<std::int32_t> seen;
        std::vector<Neighbour> found;
        for (std::size_t x = range.first; x < range.last; ++x) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return;
            std::size_t candidates = 0;
            r.cut[x] = probe(in, p, classes, x, seen, found, candidates) ? 1 : 0;
            std::copy(found.begin(), found.end(), slots.get() + x * limit);
            counts[x] = std::uint32_t(found.size());
            read[x] = std::uint32_t(candidates);
        }
    });
    r.cancelled = cancel && cancel->load(std::memory_order_relaxed);
    r.offsets.assign(n + 1, 0);
    for (std::size_t x = 0; x < n; ++x) {
        r.offsets[x + 1] = r.offsets[x] + counts[x];
        r.candidatesRead += read[x];
        r.maxCandidatesRead = std::max<std::size_t>(r.maxCandidatesRead, read[x]);
    }
    r.neighbours.resize(r.offsets.back());
    for (std::size_t x = 0; x < n; ++x)
        std::copy(slots.get() + x * limit, slots.get() + x * limit + counts[x], r.neighbours.begin() + r.offsets[x]);
    return r;
}

} // namespace costdash::whatif::detail
