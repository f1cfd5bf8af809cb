#include "whatif/PromptKeys.h"

#include "model/Hash.h"
#include "model/Interner.h"
#include "model/Prompt.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>

namespace costdash::whatif {
namespace {

QByteArray normalizeUnicode(std::string_view text)
{
    return normalizePrompt(QString::fromUtf8(text.data(), qsizetype(text.size()))).toUtf8();
}

// Every prompt normalized, packed like a TextArena, with the hash of each normalized text.
struct Normalized {
    QByteArray bytes;
    std::vector<std::uint64_t> ends;
    std::vector<std::uint64_t> hashes;

    std::string_view view(std::size_t p) const
    {
        const std::uint64_t begin = p ? ends[p - 1] : 0;
        return {bytes.constData() + begin, std::size_t(ends[p] - begin)};
    }
};

Normalized normalizeAll(const store::TextArena& prompts)
{
    Normalized out;
    out.ends.reserve(prompts.size());
    out.hashes.reserve(prompts.size());
    out.bytes.resize(qsizetype(prompts.byteCount())); // normalizing ASCII never lengthens a text
    std::size_t used = 0;
    auto room = [&](std::size_t bytes) { // only Unicode lower-casing can lengthen a text
        if (used + bytes > std::size_t(out.bytes.size()))
            out.bytes.resize(qsizetype(std::max(used + bytes, 2 * used)));
        return out.bytes.data() + used;
    };
    for (std::size_t p = 0; p < prompts.size(); ++p) {
        const std::string_view raw = prompts.view(p);
        std::size_t length = normalizeAscii(raw, room(raw.size()));
        if (length == kNotAscii) {
            const QByteArray unicode = normalizeUnicode(raw);
            length = std::size_t(unicode.size());
            std::memcpy(room(length), unicode.constData(), length);
        }
        out.hashes.push_back(hashBytes(out.bytes.constData() + used, length));
        used += length;
        out.ends.push_back(used);
    }
    return out;
}

// For every prompt, the first prompt with the same normalized text (itself if none is before it), -1 when the
// text is empty. One hash table for all prompts would miss the cache (and the TLB) at nearly every probe, which
// costs more than normalizing: the prompts are split by the top bits of their hash into partitions whose tables
// stay in the core's cache.
std::vector<std::int32_t> firstOfEach(const Normalized& norm)
{
    constexpr std::size_t kPerPartition = 4096;
    const std::size_t n = norm.ends.size();
    const int bits = std::min(16, int(std::bit_width(n / kPerPartition + 1)) - 1);
    auto partitionOf = [&](std::size_t p) { return bits ? norm.hashes[p] >> (64 - bits) : 0; };
    auto empty = [&](std::size_t p) { return norm.ends[p] == (p ? norm.ends[p - 1] : 0); };
    // A stable counting sort of the non-empty prompts by partition.
    std::vector<std::size_t> start((std::size_t(1) << bits) + 1, 0);
    for (std::size_t p = 0; p < n; ++p)
        start[partitionOf(p) + 1] += empty(p) ? 0 : 1;
    std::partial_sum(start.begin(), start.end(), start.begin());
    struct Entry {
        std::uint64_t hash;
        std::int32_t prompt;
    };
    std::vector<Entry> sorted(start.back());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t p = 0; p < n; ++p) {
        if (!empty(p))
            sorted[next[partitionOf(p)]++] = {norm.hashes[p], std::int32_t(p)};
    }
    std::vector<std::int32_t> first(n, -1);
    Interner table;
    std::vector<std::int32_t> promptOf; // the table's id -> the first prompt with its text
    for (std::size_t part = 0; part + 1 < start.size(); ++part) {
        table.reset(start[part + 1] - start[part]);
        promptOf.clear();
        for (std::size_t k = start[part]; k < start[part + 1]; ++k) {
            // The texts are read only for equal hashes: every norm.view() is a cache miss.
            const auto sameText = [&](std::int32_t i) {
                return norm.view(std::size_t(promptOf[std::size_t(i)])) == norm.view(std::size_t(sorted[k].prompt));
            };
            const std::int32_t id = table.intern(sorted[k].hash, sameText);
            if (std::size_t(id) == promptOf.size())
                promptOf.push_back(sorted[k].prompt);
            first[std::size_t(sorted[k].prompt)] = promptOf[std::size_t(id)];
        }
    }
    return first;
}

} // namespace

PromptKeys internPrompts(const store::TextArena& prompts)
{
    Normalized norm = normalizeAll(prompts);
    const std::vector<std::int32_t> first = firstOfEach(norm);
    // Key ids in order of first use. Their texts are those of the first prompts, in prompt order, so they are
    // packed in place: a key's text only ever moves towards the front, over texts already dealt with.
    PromptKeys keys;
    keys.promptKey.assign(prompts.size(), -1);
    std::vector<std::uint64_t> keyEnds;
    keyEnds.reserve(prompts.size());
    char* bytes = norm.bytes.data();
    std::uint64_t packed = 0;
    for (std::size_t p = 0; p < prompts.size(); ++p) {
        if (first[p] == std::int32_t(p)) {
            const std::uint64_t begin = p ? norm.ends[p - 1] : 0;
            const std::uint64_t length = norm.ends[p] - begin;
            if (packed != begin)
                std::memmove(bytes + packed, bytes + begin, length);
            packed += length;
            keys.promptKey[p] = std::int32_t(keyEnds.size());
            keyEnds.push_back(packed);
        } else if (first[p] >= 0) {
            keys.promptKey[p] = keys.promptKey[std::size_t(first[p])];
        }
    }
    keyEnds.shrink_to_fit();
    norm.bytes.truncate(qsizetype(packed));
    norm.bytes.squeeze();
    keys.keyText = store::TextArena(std::move(norm.bytes), std::move(keyEnds));
    return keys;
}

} // namespace costdash::whatif
