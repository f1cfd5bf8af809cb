#include "importers/RowKeys.h"

#include "store/PromptHash.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace costdash::importers {
namespace {

// Kinds of key: a request id and a fingerprint never hash the same words.
constexpr std::uint64_t kRequestIdKey = 1;
constexpr std::uint64_t kFingerprintKey = 2;
constexpr std::uint64_t kSpendLineKey = 3;

std::uint64_t nonZero(std::uint64_t h)
{
    return h == 0 ? 1 : h;
}

} // namespace

std::uint64_t rowKeyOf(const CallRecord& row, std::uint64_t modelHash, std::uint64_t promptHash)
{
    using store::detail::fastBytesHash;
    if (!row.requestId.isEmpty()) {
        const std::uint64_t words[2] = {kRequestIdKey, store::detail::fastTextHash(row.requestId)};
        return nonZero(fastBytesHash(words, sizeof words));
    }
    if (row.isSpendRow()) { // no tokens to tell lines apart: the line item and project do
        const std::uint64_t words[6] = {kSpendLineKey, std::uint64_t(row.timestampMs),
                                        store::detail::fastTextHash(row.tag), store::detail::fastTextHash(row.taskType),
                                        modelHash, std::uint64_t(row.loggedCost.value_or(0))};
        return nonZero(fastBytesHash(words, sizeof words));
    }
    const std::uint64_t words[11] = {kFingerprintKey,
                                     std::uint64_t(row.timestampMs),
                                     modelHash,
                                     std::uint64_t(row.inputTokens),
                                     std::uint64_t(row.cachedInputTokens),
                                     std::uint64_t(row.cacheWriteTokens),
                                     std::uint64_t(row.outputTokens),
                                     std::uint64_t(row.reasoningTokens),
                                     row.loggedCost ? 1u : 0u,
                                     std::uint64_t(row.loggedCost.value_or(0)),
                                     promptHash};
    return nonZero(fastBytesHash(words, sizeof words));
}

KeyCounts::KeyCounts(bool counted)
    : m_counted(counted)
{
}

void KeyCounts::reserve(std::size_t keys)
{
    // At most three quarters full: linear probing stays short.
    const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, keys + keys / 3 + 1));
    if (capacity > m_keys.size())
        rehash(capacity);
}

std::size_t KeyCounts::slotOf(std::uint64_t key) const
{
    std::size_t i = std::size_t(key) & m_mask;
    while (m_keys[i] != 0 && m_keys[i] != key)
        i = (i + 1) & m_mask;
    return i;
}

void KeyCounts::rehash(std::size_t capacity)
{
    std::vector<std::uint64_t> keys(capacity, 0);
    std::vector<std::uint32_t> counts(m_counted ? capacity : 0, 0);
    std::swap(keys, m_keys);
    std::swap(counts, m_counts);
    m_mask = capacity - 1;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == 0)
            continue;
        const std::size_t at = slotOf(keys[i]);
        m_keys[at] = keys[i];
        if (m_counted)
            m_counts[at] = counts[i];
    }
}

std::uint32_t KeyCounts::add(std::uint64_t key)
{
    if ((m_size + 1) * 4 > m_keys.size() * 3)
        rehash(std::max<std::size_t>(16, m_keys.size() * 2));
    const std::size_t at = slotOf(key);
    if (m_keys[at] == 0) {
        m_keys[at] = key;
        ++m_size;
        if (m_counted)
            m_counts[at] = 1;
        return 0;
    }
    if (!m_counted)
        return 1;
    const std::uint32_t before = m_counts[at];
    if (before < UINT32_MAX)
        ++m_counts[at];
    return before;
}

bool KeyCounts::take(std::uint64_t key)
{
    if (m_size == 0 || !m_counted)
        return false;
    const std::size_t at = slotOf(key);
    if (m_keys[at] == 0 || m_counts[at] == 0)
        return false;
    --m_counts[at];
    return true;
}

OverlapFilter::OverlapFilter(bool keepOverlaps)
    : m_keepOverlaps(keepOverlaps)
{
}

void OverlapFilter::setStored(std::span<const std::uint64_t> keys)
{
    m_stored.reserve(keys.size());
    for (const std::uint64_t key : keys)
        m_stored.add(key);
}

void OverlapFilter::assignKeys(Batch& batch)
{
    for (std::size_t i = 0; i < batch.rowCount(); ++i) {
        CallRecord& row = batch.rows[i];
        if (!row.model.isSharedWith(m_lastModel) && row.model != m_lastModel) {
            m_lastModel = row.model;
            m_lastModelHash = store::detail::fastTextHash(row.model);
        }
        row.rowKey = rowKeyOf(row, m_lastModelHash, batch.prompts.hash(i));
    }
}

void OverlapFilter::apply(Batch& batch, std::size_t expectedRows)
{
    constexpr std::size_t kPrefetchAhead = 16;
    batch.overlapRecords.clear();
    batch.duplicateRecords.clear();
    // A guess from the first batch: taken up to a bound (a hint must not take gigabytes), grown past it.
    constexpr std::size_t kMaxReserved = std::size_t(1) << 21;
    if (!m_sized) {
        m_seen.reserve(std::min(expectedRows, kMaxReserved));
        m_sized = true;
    }
    assignKeys(batch);
    const std::size_t n = batch.rowCount();
    const bool checkStored = !m_stored.empty();
    bool drop = false;
    m_keep.assign(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kPrefetchAhead < n) {
            m_seen.prefetch(batch.rows[i + kPrefetchAhead].rowKey);
            if (checkStored)
                m_stored.prefetch(batch.rows[i + kPrefetchAhead].rowKey);
        }
        const std::uint64_t key = batch.rows[i].rowKey;
        const bool repeated = m_seen.add(key) > 0;
        if (checkStored && m_stored.take(key)) {
            batch.overlapRecords.push_back(batch.recordOfRow[i]);
            m_keep[i] = m_keepOverlaps;
            drop = drop || !m_keepOverlaps;
        } else if (repeated) {
            batch.duplicateRecords.push_back(batch.recordOfRow[i]);
        }
    }
    if (drop)
        dropRows(batch);
}

// Moves the kept rows to the front (swapping, so the pool's rows keep their buffers) with their prompts.
void OverlapFilter::dropRows(Batch& batch)
{
    std::size_t kept = 0;
    for (std::size_t i = 0; i < batch.rowCount(); ++i) {
        if (!m_keep[i])
            continue;
        if (kept != i) {
            std::swap(batch.rows[kept], batch.rows[i]);
            batch.recordOfRow[kept] = batch.recordOfRow[i];
        }
        ++kept;
    }
    batch.recordOfRow.resize(kept);
    batch.prompts.keepOnly(m_keep);
    batch.modelsComplete = false; // a listed model may have lost all its rows: the writer looks at the rows
}

} // namespace costdash::importers
