#include "whatif/Snapshot.h"

#include "model/Prompt.h"
#include "store/CallColumns.h"
#include "whatif/CompiledRouter.h"
#include "whatif/NearIndex.h"
#include "whatif/Parallel.h"
#include "whatif/Replay.h"
#include "whatif/Scenario.h"

#include <QRegularExpression>
#include <algorithm>
#include <numeric>

namespace costdash::whatif {
namespace {

// Replay order: timestamp, then store order (row id when the columns carry one, else their position).
std::vector<std::uint32_t> replayOrder(const store::CallColumns& c)
{
    const std::size_t n = c.size();
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0U);
    const bool haveRowIds = c.rowId.size() == n;
    auto less = [&](std::uint32_t a, std::uint32_t b) {
        if (c.timestampMs[a] != c.timestampMs[b])
            return c.timestampMs[a] < c.timestampMs[b];
        if (haveRowIds && c.rowId[a] != c.rowId[b])
            return c.rowId[a] < c.rowId[b];
        return a < b;
    };
    if (!std::is_sorted(order.begin(), order.end(), less))
        std::sort(order.begin(), order.end(), less);
    return order;
}

// The normalized keys of one range of prompts, packed (bytes and end offsets), and their hashes.
struct NormalizedRange {
    std::string bytes;
    std::vector<std::uint32_t> ends;
};

void internPrompts(SnapshotData& d)
{
    // Normalizing and hashing are the costly part: both cores, in ranges.
    constexpr std::size_t kChunk = 16'384;
    const std::size_t n = d.prompts.size();
    std::vector<NormalizedRange> parts((n + kChunk - 1) / kChunk);
    std::vector<std::size_t> hashes(n);
    detail::forRanges(n, kChunk, [&](detail::Range r) {
        NormalizedRange& part = parts[r.first / kChunk];
        std::size_t rawBytes = 0;
        for (std::size_t p = r.first; p < r.last; ++p)
            rawBytes += d.prompts.view(p).size();
        part.bytes.reserve(rawBytes); // normalizing ASCII never lengthens a text
        part.ends.reserve(r.last - r.first);
        for (std::size_t p = r.first; p < r.last; ++p) {
            const std::size_t begin = part.bytes.size();
            appendNormalizedUtf8(d.prompts.view(p), part.bytes);
            part.ends.push_back(std::uint32_t(part.bytes.size()));
            hashes[p] = qHashBits(part.bytes.data() + begin, part.bytes.size() - begin);
        }
    });
    auto normalizedOf = [&](std::size_t p) {
        const NormalizedRange& part = parts[p / kChunk];
        const std::size_t i = p % kChunk;
        const std::size_t begin = i ? part.ends[i - 1] : 0;
        return std::string_view(part.bytes.data() + begin, part.ends[i] - begin);
    };
    // The first prompt with the same key, through an open-addressing table (a flat array: no node per prompt)
    // per half of the hash space, one per core.
    std::vector<std::int32_t> first(n, -1);
    std::size_t capacity = 1024;
    while (capacity <= n)
        capacity *= 2;
    detail::forRanges(2, 1, [&](detail::Range half) {
        std::vector<std::int32_t> slots(capacity, -1);
        for (std::size_t p = 0; p < n; ++p) {
            const std::string_view normalized = normalizedOf(p);
            if ((hashes[p] >> 63) != half.first || normalized.empty())
                continue; // the other core's, or white space only: no prompt text, never a cache hit
            std::size_t slot = hashes[p] & (capacity - 1);
            while (slots[slot] >= 0
                   && (hashes[std::size_t(slots[slot])] != hashes[p] || normalizedOf(std::size_t(slots[slot])) != normalized))
                slot = (slot + 1) & (capacity - 1);
            if (slots[slot] < 0)
                slots[slot] = std::int32_t(p);
            first[p] = slots[slot];
        }
    });
    // Key ids in order of first use.
    std::size_t keyBytes = 0;
    for (const NormalizedRange& part : parts)
        keyBytes += part.bytes.size();
    d.keyText.reserve(n, keyBytes);
    d.promptKey.assign(n, -1);
    for (std::size_t p = 0; p < n; ++p) {
        if (first[p] == std::int32_t(p)) {
            d.promptKey[p] = std::int32_t(d.keyText.size());
            d.keyText.append(normalizedOf(p));
        } else if (first[p] >= 0) {
            d.promptKey[p] = d.promptKey[std::size_t(first[p])];
        }
    }
    d.keyText.squeeze();
}

// Catalog models first (every routing target has a display id), then logged names the catalog does not know.
void resolveModels(SnapshotData& d, const pricing::PriceCatalog& catalog, QHash<QString, std::int32_t>& index)
{
    auto add = [&](const QString& name, bool priced) {
        index.insert(name, std::int32_t(d.displayModels.size()));
        d.displayModels.append(name);
        d.displayPriced.push_back(priced);
        d.displayHistory.push_back(priced ? catalog.history(name) : QList<pricing::PriceEntry>{});
    };
    for (const QString& model : catalog.models())
        add(model, true);
    d.modelDisplay.assign(std::size_t(d.models.size()), -1);
    for (qsizetype m = 0; m < d.models.size(); ++m) {
        const QString name = catalog.resolve(d.models.at(m)).value_or(d.models.at(m));
        if (!index.contains(name))
            add(name, false);
        d.modelDisplay[std::size_t(m)] = index.value(name);
    }
}

void allocate(SnapshotData& d, std::size_t n)
{
    for (auto* v : {&d.model, &d.task, &d.rawPrompt, &d.key, &d.modelKey, &d.day})
        v->resize(n);
    for (auto* v : {&d.timestampMs, &d.inputTokens, &d.cachedInputTokens, &d.cacheWriteTokens, &d.outputTokens,
                    &d.baseline})
        v->resize(n);
    d.flags.resize(n);
    d.loggedDisplay.resize(n);
}

// Logged cost, else the catalog price at the call's time; nullopt = unpriced.
std::optional<money::Nanos> baselineOf(const SnapshotData& d, std::size_t i, money::Nanos logged)
{
    if (logged != store::kNoLoggedCost)
        return logged;
    const auto& history = d.displayHistory[std::size_t(d.modelDisplay[std::size_t(d.model[i])])];
    const pricing::Price* price = pricing::PriceCatalog::priceIn(history, d.timestampMs[i]);
    if (!price)
        return std::nullopt;
    return pricing::callCost(*price, {d.inputTokens[i], d.cachedInputTokens[i], d.cacheWriteTokens[i],
                                      d.outputTokens[i]});
}

std::int32_t modelKeyOf(SnapshotData& d, std::int32_t key, std::int32_t model)
{
    const std::int32_t found = d.findModelKey(key, model);
    if (found >= 0)
        return found;
    const auto id = std::int32_t(d.modelKeyPrompt.size());
    d.modelKeyPrompt.push_back(key);
    d.modelKeyModel.push_back(model);
    d.modelKeyNext.push_back(d.modelKeyHead[std::size_t(key)]);
    d.modelKeyHead[std::size_t(key)] = id;
    return id;
}

// Per-range totals of fillCalls(), added up afterwards.
struct Totals {
    money::Nanos baseline = 0;
    std::int64_t unpriced = 0;
    std::vector<money::Nanos> baselineByTask, baselineByDay;
    std::vector<std::int64_t> callsByTask, callsByDay;
    std::vector<std::uint8_t> testedPairs;
};

void fillRange(SnapshotData& d, const store::CallColumns& c, const std::vector<std::uint32_t>& order,
               detail::Range r, Totals& t)
{
    t.baselineByTask.assign(std::size_t(d.tasks.size()), 0);
    t.callsByTask.assign(std::size_t(d.tasks.size()), 0);
    t.baselineByDay.assign(std::size_t(d.dayCount), 0);
    t.callsByDay.assign(std::size_t(d.dayCount), 0);
    t.testedPairs.assign(d.testedPairs.size(), 0);
    const auto displays = std::size_t(d.displayModels.size());
    for (std::size_t i = r.first; i < r.last; ++i) {
        const std::uint32_t s = order[i];
        d.timestampMs[i] = c.timestampMs[s];
        d.model[i] = c.modelId[s];
        d.task[i] = c.taskId[s];
        d.rawPrompt[i] = c.promptId[s];
        d.key[i] = c.promptId[s] >= 0 ? d.promptKey[std::size_t(c.promptId[s])] : -1;
        d.loggedDisplay[i] = std::uint16_t(d.modelDisplay[std::size_t(d.model[i])]);
        d.day[i] = std::int32_t(timeutil::dayOf(d.timestampMs[i]) - d.firstDay);
        d.inputTokens[i] = c.inputTokens[s];
        d.cachedInputTokens[i] = c.cachedInputTokens[s];
        d.cacheWriteTokens[i] = c.cacheWriteTokens[s];
        d.outputTokens[i] = c.outputTokens[s];
        const auto baseline = baselineOf(d, i, c.loggedCost[s]);
        d.baseline[i] = baseline.value_or(0);
        d.flags[i] = std::uint8_t((c.success[s] ? Succeeded : 0) | (baseline ? Priced : 0));
        t.unpriced += baseline ? 0 : 1;
        t.baseline += d.baseline[i];
        t.baselineByTask[std::size_t(d.task[i])] += d.baseline[i];
        ++t.callsByTask[std::size_t(d.task[i])];
        t.baselineByDay[std::size_t(d.day[i])] += d.baseline[i];
        ++t.callsByDay[std::size_t(d.day[i])];
        if (c.success[s])
            t.testedPairs[std::size_t(d.task[i]) * displays + d.loggedDisplay[i]] = 1;
    }
}

// (key, logged model) ids in order of first use: sequential, so it runs beside the ranges.
void fillModelKeys(SnapshotData& d, const store::CallColumns& c, const std::vector<std::uint32_t>& order)
{
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::uint32_t s = order[i];
        const std::int32_t key = c.promptId[s] >= 0 ? d.promptKey[std::size_t(c.promptId[s])] : -1;
        d.modelKey[i] = key >= 0 ? modelKeyOf(d, key, c.modelId[s]) : -1;
    }
}

void fillCalls(SnapshotData& d, const store::CallColumns& c, const std::vector<std::uint32_t>& order)
{
    const std::size_t n = order.size();
    allocate(d, n);
    d.firstDay = n ? timeutil::dayOf(c.timestampMs[order.front()]) : 0;
    d.dayCount = n ? std::int32_t(timeutil::dayOf(c.timestampMs[order.back()]) - d.firstDay + 1) : 0;
    d.modelKeyHead.assign(std::size_t(d.keyText.size()), -1);
    d.testedPairs.assign(std::size_t(d.tasks.size()) * std::size_t(d.displayModels.size()), 0);
    // Task 0 assigns the (key, model) ids; tasks 1.. fill ranges of calls. Both cores.
    constexpr std::size_t kChunk = 131'072;
    std::vector<Totals> totals((n + kChunk - 1) / kChunk);
    detail::forRanges(totals.size() + 1, 1, [&](detail::Range task) {
        if (task.first == 0)
            return fillModelKeys(d, c, order);
        const std::size_t first = (task.first - 1) * kChunk;
        fillRange(d, c, order, {first, std::min(n, first + kChunk)}, totals[task.first - 1]);
    });
    d.baselineByTask.assign(std::size_t(d.tasks.size()), 0);
    d.callsByTask.assign(std::size_t(d.tasks.size()), 0);
    d.baselineByDay.assign(std::size_t(d.dayCount), 0);
    d.callsByDay.assign(std::size_t(d.dayCount), 0);
    auto add = [](auto& to, const auto& from) {
        for (std::size_t k = 0; k < to.size(); ++k)
            to[k] += from[k];
    };
    for (const Totals& t : totals) {
        d.baselineTotal += t.baseline;
        d.unpricedCalls += t.unpriced;
        add(d.baselineByTask, t.baselineByTask);
        add(d.callsByTask, t.callsByTask);
        add(d.baselineByDay, t.baselineByDay);
        add(d.callsByDay, t.callsByDay);
        for (std::size_t k = 0; k < d.testedPairs.size(); ++k)
            d.testedPairs[k] |= t.testedPairs[k];
    }
}

template<typename T>
std::size_t bytesOf(const std::vector<T>& v)
{
    return v.capacity() * sizeof(T);
}

} // namespace

void appendNormalizedUtf8(std::string_view text, std::string& out)
{
    const std::size_t start = out.size();
    out.resize(start + text.size());
    char* o = out.data() + start;
    std::size_t n = 0;
    bool pendingSpace = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
            out.resize(start);
            const QByteArray slow = normalizePrompt(QString::fromUtf8(text.data(), qsizetype(text.size()))).toUtf8();
            out.append(slow.constData(), std::size_t(slow.size()));
            return;
        }
        if (c == ' ' || (c >= '\t' && c <= '\r')) { // QChar::isSpace() on ASCII
            pendingSpace = n > 0;
            continue;
        }
        if (pendingSpace) {
            o[n++] = ' ';
            pendingSpace = false;
        }
        o[n++] = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out.resize(start + n);
}

std::shared_ptr<const Snapshot> buildSnapshot(store::CallColumns columns, const pricing::PriceCatalog& catalog)
{
    SnapshotData d;
    d.models = columns.models;
    d.tasks = columns.tasks;
    d.prompts = std::move(columns.prompts);
    if (d.tasks.isEmpty() && columns.size() > 0)
        d.tasks.append(QString()); // defensive: every call needs a task slot
    internPrompts(d);
    QHash<QString, std::int32_t> displayIndex;
    resolveModels(d, catalog, displayIndex);
    fillCalls(d, columns, replayOrder(columns));
    return std::make_shared<const Snapshot>(std::move(d), catalog);
}

Snapshot::Snapshot(SnapshotData data, pricing::PriceCatalog catalog)
    : m_data(std::move(data)), m_catalog(std::move(catalog))
{
    for (qsizetype i = 0; i < m_data.displayModels.size(); ++i)
        m_displayIndex.insert(m_data.displayModels.at(i), std::int32_t(i));
}

Snapshot::~Snapshot() = default;

std::int32_t Snapshot::displayIdOf(const QString& canonicalModel) const
{
    return m_displayIndex.value(canonicalModel, -1);
}

std::size_t Snapshot::memoryBytes() const
{
    const SnapshotData& d = m_data;
    std::size_t bytes = bytesOf(d.timestampMs) + bytesOf(d.model) + bytesOf(d.task) + bytesOf(d.rawPrompt)
        + bytesOf(d.key) + bytesOf(d.modelKey) + bytesOf(d.day) + bytesOf(d.inputTokens)
        + bytesOf(d.cachedInputTokens) + bytesOf(d.cacheWriteTokens) + bytesOf(d.outputTokens)
        + bytesOf(d.baseline) + bytesOf(d.flags) + bytesOf(d.loggedDisplay) + bytesOf(d.promptKey)
        + bytesOf(d.modelKeyPrompt) + bytesOf(d.modelKeyModel) + bytesOf(d.modelKeyNext) + bytesOf(d.modelKeyHead)
        + bytesOf(d.testedPairs);
    // The text offsets (the text itself is counted apart).
    bytes += (d.prompts.size() + d.keyText.size()) * sizeof(std::uint64_t);
    return bytes;
}

std::size_t Snapshot::promptTextBytes() const
{
    return m_data.prompts.byteCount() + m_data.keyText.byteCount();
}

std::shared_ptr<const Bitset> Snapshot::keysContaining(const QString& normalizedNeedle) const
{
    {
        const std::lock_guard lock(m_memoMutex);
        if (auto hit = m_needleHits.value(normalizedNeedle))
            return hit;
    }
    auto bits = std::make_shared<Bitset>((distinctKeys() + 63) / 64, 0);
    // UTF-8 containment is code point containment, as in UTF-16: the keys and the needle are valid UTF-8.
    const QByteArray needleUtf8 = normalizedNeedle.toUtf8();
    const std::string_view needle(needleUtf8.constData(), std::size_t(needleUtf8.size()));
    // Both cores; ranges are whole 64-key words, so no two threads write the same word.
    detail::forRanges(distinctKeys(), 64 * 256, [&](detail::Range r) {
        for (std::size_t k = r.first; k < r.last; ++k) {
            if (m_data.keyText.view(k).find(needle) != std::string_view::npos)
                (*bits)[k >> 6] |= std::uint64_t(1) << (k & 63);
        }
    });
    const std::lock_guard lock(m_memoMutex);
    m_needleHits.insert(normalizedNeedle, bits);
    return bits;
}

std::shared_ptr<const Bitset> Snapshot::promptsMatching(const QString& pattern) const
{
    {
        const std::lock_guard lock(m_memoMutex);
        if (auto hit = m_regexHits.value(pattern))
            return hit;
    }
    auto bits = std::make_shared<Bitset>((distinctPrompts() + 63) / 64, 0);
    const QRegularExpression regex(pattern, QRegularExpression::CaseInsensitiveOption);
    for (std::size_t p = 0; p < distinctPrompts(); ++p) {
        if (m_data.promptKey[p] >= 0 && regex.match(m_data.prompts.text(p)).hasMatch())
            (*bits)[std::size_t(p) >> 6] |= std::uint64_t(1) << (p & 63);
    }
    const std::lock_guard lock(m_memoMutex);
    m_regexHits.insert(pattern, bits);
    return bits;
}

std::shared_ptr<const NearIndex> Snapshot::nearIndex(std::int64_t similarityPpm) const
{
    {
        const std::lock_guard lock(m_memoMutex);
        if (m_near && m_nearFloorPpm <= similarityPpm)
            return m_near;
    }
    // One index serves every threshold above its floor, so a similarity sweep builds it once.
    const std::int64_t floorPpm = std::min<std::int64_t>(similarityPpm, NearIndex::kDefaultFloorPpm);
    auto index = std::make_shared<const NearIndex>(m_data.keyText, floorPpm);
    const std::lock_guard lock(m_memoMutex);
    if (!m_near || floorPpm < m_nearFloorPpm) {
        m_near = index;
        m_nearFloorPpm = floorPpm;
    }
    return index;
}

std::shared_ptr<const CompiledRouter> Snapshot::compiledRouter(const Router& router) const
{
    Scenario keyScenario;
    keyScenario.router = router;
    const QByteArray key = toJson(keyScenario);
    {
        const std::lock_guard lock(m_memoMutex);
        for (const auto& [k, compiled] : m_routers) {
            if (k == key)
                return compiled;
        }
    }
    auto compiled = std::make_shared<const CompiledRouter>(compileRouter(*this, router));
    const std::lock_guard lock(m_memoMutex);
    m_routers.prepend({key, compiled});
    if (m_routers.size() > 4) // each holds a few bytes per call
        m_routers.removeLast();
    return compiled;
}

} // namespace costdash::whatif
