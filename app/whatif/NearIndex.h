#pragma once
// Near-duplicate prompts for the `near` cache mode (approximate by nature; README "near mode").
// Similarity: Jaccard index of the two prompts' word sets, |A ∩ B| / |A ∪ B|, where a word is a maximal run of
// letters, digits and inner apostrophes of the normalized prompt. Guard: two prompts are never neighbours when
// their negation words (as a set) or their numbers (words holding a digit, in order) differ.
// The index is built once per snapshot by prefix filtering (AllPairs) inside each guard group, so it is exact for
// every threshold at or above its floor; each key keeps at most kMaxNeighbours neighbours, the most similar.
// Keys alone in their guard group (most prompts carrying a unique number) are set aside before any word is
// interned; the rest are tokenized on UTF-8 bytes (ASCII) on all cores.
#include "store/CallColumns.h"

#include <QString>
#include <QStringList>
#include <QStringView>
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace costdash::whatif {

struct PromptWords {
    QStringList words; // distinct, sorted
    QString guard;     // negation words and numbers: prompts with different guards never match
};

PromptWords promptWords(QStringView normalizedPrompt);
bool isNegationWord(QStringView word);

// The reference definition (used by tests): whether b may serve a as a near hit at `similarityPpm` (the same
// guard, at least one word in common, Jaccard >= similarity).
bool nearMatch(QStringView normalizedA, QStringView normalizedB, std::int64_t similarityPpm);

class NearIndex {
public:
    static constexpr std::int64_t kDefaultFloorPpm = 800'000;
    // Below this the candidate pairs grow quadratically (every prompt shares "the" with every other): near mode
    // uses max(similarity, 0.5).
    static constexpr std::int64_t kMinSimilarityPpm = 500'000;
    static std::int64_t effectivePpm(std::int64_t similarityPpm) { return std::max(similarityPpm, kMinSimilarityPpm); }
    static constexpr std::size_t kMaxNeighbours = 256;

    struct Neighbour {
        std::int32_t key;
        std::uint32_t shared; // |A ∩ B|
        std::uint32_t total;  // |A ∪ B|
        bool reaches(std::int64_t ppm) const
        {
            return std::int64_t(shared) * 1'000'000 >= ppm * std::int64_t(total);
        }
    };

    NearIndex(const store::TextArena& normalizedKeys, std::int64_t floorPpm);
    NearIndex(const QStringList& normalizedKeys, std::int64_t floorPpm); // for tests

    // Most similar first.
    std::span<const Neighbour> neighbours(std::int32_t key) const
    {
        return {m_neighbours.data() + m_offsets[std::size_t(key)],
                m_neighbours.data() + m_offsets[std::size_t(key) + 1]};
    }
    std::int64_t floorPpm() const { return m_floorPpm; }
    std::size_t pairCount() const { return m_neighbours.size(); }
    std::size_t memoryBytes() const
    {
        return m_offsets.capacity() * sizeof(std::uint32_t) + m_neighbours.capacity() * sizeof(Neighbour);
    }

private:
    std::int64_t m_floorPpm;
    std::vector<std::uint32_t> m_offsets; // key -> first neighbour; size keys + 1
    std::vector<Neighbour> m_neighbours;
};

} // namespace costdash::whatif
