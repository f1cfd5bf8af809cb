#pragma once
// The join behind NearIndex (whatif/NearIndex.h): each word set's most similar sets of its guard group, with the
// work per set capped. Internal to the near index.
#include "whatif/NearIndex.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace costdash::whatif::detail {

// Word sets as sorted word ranks (rarest word first), CSR-packed; one per candidate key.
struct TokenSets {
    std::vector<std::uint32_t> offsets;
    std::vector<std::int32_t> ranks;
    std::size_t rankCount = 0;
    std::size_t size(std::size_t c) const { return offsets[c + 1] - offsets[c]; }
    const std::int32_t* begin(std::size_t c) const { return ranks.data() + offsets[c]; }
};

// The distinct (guard group, word set) pairs of the candidate keys, in join order: by group, then set size, then
// the words themselves (so equal sets are adjacent and sets differing in their commonest words sit close).
struct WordSets {
    std::vector<std::int32_t> order;    // candidate indexes in join order
    std::vector<std::uint32_t> firstOf; // set -> its first position in `order`; size sets + 1
    std::vector<std::int32_t> group;    // set -> guard group
    std::size_t count() const { return group.size(); }
};

WordSets wordSets(const TokenSets& tokens, const std::vector<std::int32_t>& candidateGroup);

struct JoinResult {
    std::vector<std::uint32_t> offsets; // set -> first neighbour; size sets + 1
    std::vector<NearIndex::Neighbour> neighbours;
    std::vector<std::uint8_t> cut; // per set: a cap cut its candidates or its neighbours
    std::size_t candidatesRead = 0;
    std::size_t maxCandidatesRead = 0;
    bool cancelled = false;
};

// Every set's neighbours reaching `ppm`, most similar first: complete for a set whose `cut` is 0.
JoinResult joinWordSets(const TokenSets& tokens, const WordSets& sets, std::int64_t ppm, NearLimits limits,
                        const std::atomic<bool>* cancel);

} // namespace costdash::whatif::detail
