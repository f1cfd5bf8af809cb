#pragma once
// Near-duplicate prompts for the `near` cache mode (approximate by nature; README "near mode").
// Similarity: Jaccard index of the two prompts' word sets, |A ∩ B| / |A ∪ B|, where a word is a maximal run of
// letters, digits and inner apostrophes of the normalized prompt, and a run of English number words is one word,
// its number in digits ("three" is "3", "twenty third" is "23rd"; whatif/NumberWords.h). Guard: two prompts are
// never neighbours when their negation words (as a set) or their numbers (in order) differ.
// Keys with the same guard and the same word set are one node ("set") of the index: they are each other's
// neighbours at similarity 1. Every set looks up its own neighbours by prefix filtering (AllPairs: inverted lists
// of each set's rarest words) among the sets of its guard group whose size could reach the floor; exact for every
// threshold at or above the floor unless a cap cuts: a set reads at most `maxCandidates` candidates (the
// lexicographically nearest in each size class first) and keeps its `maxNeighbours` most similar. A set whose
// candidates or neighbours a cap cut is marked capped, so a replay can say how many lookups were cut.
#include "store/CallColumns.h"

#include <QString>
#include <QStringList>
#include <QStringView>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace costdash::whatif {

struct PromptWords {
    QStringList words; // distinct, sorted; number words folded into digits
    QString guard;     // negation words and numbers: prompts with different guards never match
};

PromptWords promptWords(QStringView normalizedPrompt);
bool isNegationWord(QStringView word);

// The reference definition (used by tests): whether b may serve a as a near hit at `similarityPpm` (the same
// guard, at least one word in common, Jaccard >= similarity).
bool nearMatch(QStringView normalizedA, QStringView normalizedB, std::int64_t similarityPpm);

// The caps that bound the near index whatever the prompts: work per word set, memory per word set.
struct NearLimits {
    std::size_t maxCandidates = 256; // earlier sets of its group one set's join may read
    std::size_t maxNeighbours = 16;  // kept per set, the most similar
};

class NearIndex {
public:
    static constexpr std::int64_t kDefaultFloorPpm = 800'000;
    // Below this the candidate pairs grow quadratically (every prompt shares "the" with every other): near mode
    // uses max(similarity, 0.5).
    static constexpr std::int64_t kMinSimilarityPpm = 500'000;
    static std::int64_t effectivePpm(std::int64_t similarityPpm) { return std::max(similarityPpm, kMinSimilarityPpm); }

    using Limits = NearLimits;

    struct Neighbour {
        std::int32_t set;
        std::uint32_t shared; // |A ∩ B|
        std::uint32_t total;  // |A ∪ B|
        bool reaches(std::int64_t ppm) const
        {
            return std::int64_t(shared) * 1'000'000 >= ppm * std::int64_t(total);
        }
    };

    // `cancel` set while building stops it early: the index is then incomplete and cancelled() says so.
    NearIndex(const store::TextArena& normalizedKeys, std::int64_t floorPpm, Limits limits = {},
              const std::atomic<bool>* cancel = nullptr);
    NearIndex(const QStringList& normalizedKeys, std::int64_t floorPpm, Limits limits = {}); // for tests

    // The set of a key; -1 for a key that can have no near neighbour (no word, or alone in its guard group).
    std::int32_t setOf(std::int32_t key) const { return m_setOfKey[std::size_t(key)]; }
    std::size_t setCount() const { return m_capped.size(); }
    std::span<const std::int32_t> keysOf(std::int32_t set) const
    {
        return {m_keys.data() + m_keyOffsets[std::size_t(set)], m_keys.data() + m_keyOffsets[std::size_t(set) + 1]};
    }
    // Other sets, most similar first.
    std::span<const Neighbour> neighbours(std::int32_t set) const
    {
        return {m_neighbours.data() + m_offsets[std::size_t(set)],
                m_neighbours.data() + m_offsets[std::size_t(set) + 1]};
    }
    // Whether a cap cut this set's candidates or neighbours: its list may miss some.
    bool capped(std::int32_t set) const { return m_capped[std::size_t(set)] != 0; }
    std::size_t cappedSets() const { return std::size_t(std::count(m_capped.begin(), m_capped.end(), 1)); }
    bool cancelled() const { return m_cancelled; }
    std::int64_t floorPpm() const { return m_floorPpm; }
    const Limits& limits() const { return m_limits; }
    std::size_t pairCount() const { return m_neighbours.size(); }
    // The work of the join: candidates read in all, and by the set that read most (at most maxCandidates).
    std::size_t candidatesRead() const { return m_candidatesRead; }
    std::size_t maxCandidatesRead() const { return m_maxCandidatesRead; }
    std::size_t memoryBytes() const
    {
        return (m_offsets.capacity() + m_keyOffsets.capacity()) * sizeof(std::uint32_t)
            + (m_setOfKey.capacity() + m_keys.capacity()) * sizeof(std::int32_t) + m_capped.capacity()
            + m_neighbours.capacity() * sizeof(Neighbour);
    }

private:
    std::int64_t m_floorPpm;
    Limits m_limits;
    bool m_cancelled = false;
    std::size_t m_candidatesRead = 0;
    std::size_t m_maxCandidatesRead = 0;
    std::vector<std::int32_t> m_setOfKey;   // key -> set, -1 without one
    std::vector<std::uint32_t> m_keyOffsets; // set -> first of its keys in m_keys; size sets + 1
    std::vector<std::int32_t> m_keys;
    std::vector<std::uint8_t> m_capped;      // per set
    std::vector<std::uint32_t> m_offsets;    // set -> first neighbour; size sets + 1
    std::vector<Neighbour> m_neighbours;
};

} // namespace costdash::whatif
