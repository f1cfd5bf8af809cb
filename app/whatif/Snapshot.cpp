#include "whatif/Snapshot.h"

#include "store/CallColumns.h"
#include "store/CallStore.h"
#include "whatif/CompiledRouter.h"
#include "whatif/NearIndex.h"
#include "whatif/Parallel.h"
#include "whatif/PromptRegex.h"
#include "whatif/Replay.h"
#include "whatif/RuleCalls.h"
#include "whatif/Scenario.h"

#include <limits>
#include <algorithm>
#include <numeric>

namespace costdash::whatif {
namespace {

// Replay order: timestamp, then store order (row id when the columns carry one, else their position). Empty when
// the columns are in replay order already (the store returns them so).
std::vector<std::uint32_t> replayOrder(const store::CallColumns& c)
{
    const std::size_t n = c.size();
    const bool haveRowIds = c.rowId.size() == n;
    auto less = [&](std::uint32_t a, std::uint32_t b) {
        if (c.timestampMs[a] != c.timestampMs[b])
            return c.timestampMs[a] < c.timestampMs[b];
        if (haveRowIds && c.rowId[a] != c.rowId[b])
            return c.rowId[a] < c.rowId[b];
        return a < b;
    };
    std::uint32_t i = 1;
    while (i < n && less(i - 1, i))
        ++i;
    if (i >= n)
        return {};
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), less);
    return order;
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

// The store's columns become the snapshot's (moved, not copied); the logged cost and success columns become
// the baseline and flags columns, filled in place by fillRange().
void takeColumns(SnapshotData& d, store::CallColumns& c)
{
    if (const std::vector<std::uint32_t> order = replayOrder(c); !order.empty())
        c.permute(order);
    d.timestampMs = std::move(c.timestampMs);
    d.model = std::move(c.modelId);
    d.task = std::move(c.taskId);
    d.rawPrompt = std::move(c.promptId);
    d.inputTokens = std::move(c.inputTokens);
    d.cachedInputTokens = std::move(c.cachedInputTokens);
    d.cacheWriteTokens = std::move(c.cacheWriteTokens);
    d.outputTokens = std::move(c.outputTokens);
    d.baseline = std::move(c.loggedCost);
    d.flags = std::move(c.success);
    const std::size_t n = d.timestampMs.size();
    for (auto* v : {&d.key, &d.modelKey, &d.day})
        v->resize(n);
    d.loggedDisplay.resize(n);
}

// Logged cost, else the catalog price at the call's time; nullopt = unpriced. A call beyond the limits (stored
// before they were checked) sets *outOfRange and counts as unpriced.
std::optional<money::Nanos> baselineOf(const SnapshotData& d, std::size_t i, money::Nanos logged, bool* outOfRange)
{
    if (d.inputTokens[i] == store::kUnknownTokens) // usage unknown: its logged cost, else unpriced, never $0
        return logged == store::kNoLoggedCost ? std::nullopt : std::optional<money::Nanos>(logged);
    const pricing::TokenCounts tokens{d.inputTokens[i], d.cachedInputTokens[i], d.cacheWriteTokens[i],
                                      d.outputTokens[i]};
    const bool withinLimits = pricing::withinLimits(tokens)
        && (logged == store::kNoLoggedCost || (logged >= 0 && logged <= money::kMaxLoggedCostPerCall));
    *outOfRange |= !withinLimits;
    if (!withinLimits)
        return std::nullopt;
    if (logged != store::kNoLoggedCost)
        return logged;
    const auto& history = d.displayHistory[std::size_t(d.modelDisplay[std::size_t(d.model[i])])];
    const pricing::Price* price = pricing::PriceCatalog::priceIn(history, d.timestampMs[i]);
    if (!price)
        return std::nullopt;
    return pricing::callCost(*price, tokens);
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
    bool outOfRange = false;
    money::Nanos baseline = 0;
    std::int64_t unpriced = 0;
    std::int64_t usageUnknown = 0;
    std::vector<money::Nanos> baselineByTask, baselineByDay;
    std::vector<std::int64_t> callsByTask, callsByDay;
    std::vector<std::uint8_t> testedPairs;
};

// Derived columns of calls [r.first, r.last), in place: baseline holds the logged cost and flags the success
// bit until then.
void fillRange(SnapshotData& d, detail::Range r, Totals& t)
{
    t.baselineByTask.assign(std::size_t(d.tasks.size()), 0);
    t.callsByTask.assign(std::size_t(d.tasks.size()), 0);
    t.baselineByDay.assign(std::size_t(d.dayCount), 0);
    t.callsByDay.assign(std::size_t(d.dayCount), 0);
    t.testedPairs.assign(d.testedPairs.size(), 0);
    const auto displays = std::size_t(d.displayModels.size());
    for (std::size_t i = r.first; i < r.last; ++i) {
        d.key[i] = d.rawPrompt[i] >= 0 ? d.promptKey[std::size_t(d.rawPrompt[i])] : -1;
        d.loggedDisplay[i] = std::uint16_t(d.modelDisplay[std::size_t(d.model[i])]);
        d.day[i] = std::int32_t(timeutil::dayOf(d.timestampMs[i]) - d.firstDay);
        const bool succeeded = d.flags[i] != 0;
        const auto baseline = baselineOf(d, i, d.baseline[i], &t.outOfRange);
        d.baseline[i] = baseline.value_or(0);
        const bool usageUnknown = d.inputTokens[i] == store::kUnknownTokens;
        d.flags[i] = std::uint8_t((succeeded ? Succeeded : 0) | (baseline ? Priced : 0) | (usageUnknown ? UsageUnknown : 0));
        t.unpriced += baseline ? 0 : 1;
        t.usageUnknown += usageUnknown ? 1 : 0;
        t.outOfRange |= money::addOverflows(t.baseline, d.baseline[i])
            | money::addOverflows(t.baselineByTask[std::size_t(d.task[i])], d.baseline[i])
            | money::addOverflows(t.baselineByDay[std::size_t(d.day[i])], d.baseline[i]);
        ++t.callsByTask[std::size_t(d.task[i])];
        ++t.callsByDay[std::size_t(d.day[i])];
        if (succeeded)
            t.testedPairs[std::size_t(d.task[i]) * displays + d.loggedDisplay[i]] = 1;
    }
}

// (key, logged model) ids in order of first use: sequential, so it runs beside the ranges.
void fillModelKeys(SnapshotData& d)
{
    for (std::size_t i = 0; i < d.model.size(); ++i) {
        const std::int32_t prompt = d.rawPrompt[i];
        const std::int32_t key = prompt >= 0 ? d.promptKey[std::size_t(prompt)] : -1;
        d.modelKey[i] = key >= 0 ? modelKeyOf(d, key, d.model[i]) : -1;
    }
}

void fillCalls(SnapshotData& d)
{
    const std::size_t n = d.timestampMs.size();
    d.firstDay = n ? timeutil::dayOf(d.timestampMs.front()) : 0;
    d.dayCount = n ? std::int32_t(timeutil::dayOf(d.timestampMs.back()) - d.firstDay + 1) : 0;
    d.modelKeyHead.assign(std::size_t(d.keyText.size()), -1);
    d.testedPairs.assign(std::size_t(d.tasks.size()) * std::size_t(d.displayModels.size()), 0);
    // Task 0 assigns the (key, model) ids; tasks 1.. fill ranges of calls, in parallel.
    constexpr std::size_t kChunk = 131'072;
    std::vector<Totals> totals((n + kChunk - 1) / kChunk);
    detail::forRanges(totals.size() + 1, 1, [&](detail::Range task) {
        if (task.first == 0)
            return fillModelKeys(d);
        const std::size_t first = (task.first - 1) * kChunk;
        fillRange(d, {first, std::min(n, first + kChunk)}, totals[task.first - 1]);
    });
    d.baselineByTask.assign(std::size_t(d.tasks.size()), 0);
    d.callsByTask.assign(std::size_t(d.tasks.size()), 0);
    d.baselineByDay.assign(std::size_t(d.dayCount), 0);
    d.callsByDay.assign(std::size_t(d.dayCount), 0);
    auto add = [&d](auto& to, const auto& from) {
        for (std::size_t k = 0; k < to.size(); ++k)
            d.outOfRange |= money::addOverflows(to[k], from[k]);
    };
    for (const Totals& t : totals) {
        d.outOfRange |= t.outOfRange | money::addOverflows(d.baselineTotal, t.baseline);
        d.unpricedCalls += t.unpriced;
        d.usageUnknownCalls += t.usageUnknown;
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

std::shared_ptr<const Snapshot> buildSnapshot(store::CallColumns columns, const pricing::PriceCatalog& catalog)
{
    return buildSnapshot(std::move(columns), catalog, PromptKeys{});
}

std::shared_ptr<const Snapshot> buildSnapshot(store::CallColumns columns, const pricing::PriceCatalog& catalog,
                                              PromptKeys keys)
{
    SnapshotData d;
    d.models = columns.models;
    d.tasks = columns.tasks;
    if (keys.promptKey.size() != columns.prompts.size())
        keys = internPrompts(columns.prompts); // not given, or given for fewer prompts
    d.prompts = std::move(columns.prompts);
    d.keyText = std::move(keys.keyText);
    d.promptKey = std::move(keys.promptKey);
    if (d.tasks.isEmpty() && columns.size() > 0)
        d.tasks.append(QString()); // defensive: every call needs a task slot
    QHash<QString, std::int32_t> displayIndex;
    resolveModels(d, catalog, displayIndex);
    takeColumns(d, columns);
    fillCalls(d);
    return std::make_shared<const Snapshot>(std::move(d), catalog);
}

std::shared_ptr<const Snapshot> loadSnapshot(const store::CallStore& store, const pricing::PriceCatalog& catalog,
                                             QString* error, const DayRange& period)
{
    PromptKeys keys; // interned on the store's second reader thread while this one reads calls
    std::optional<store::CallColumns> columns
        = store.loadColumns(error, [&keys](const store::TextArena& prompts) { keys = internPrompts(prompts); });
    if (!columns)
        return nullptr;
    if (period.fromDay || period.toDay) {
        using Limits = std::numeric_limits<timeutil::Millis>;
        columns->keepPeriod(period.fromDay ? *period.fromDay * timeutil::kMillisPerDay : Limits::min(),
                            period.toDay ? (*period.toDay + 1) * timeutil::kMillisPerDay : Limits::max());
    }
    auto snapshot = buildSnapshot(std::move(*columns), catalog, std::move(keys));
    if (snapshot->data().outOfRange) {
        if (error)
            *error = money::totalOutOfRange();
        return nullptr;
    }
    return snapshot;
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
    // In parallel; ranges are whole 64-key words, so no two threads write the same word.
    auto set = [&bits](std::size_t k) { setBit(*bits, k); };
    detail::forRanges(distinctKeys(), 64 * 256, [&](detail::Range r) {
        if (needle.empty()) {
            for (std::size_t k = r.first; k < r.last; ++k)
                set(k);
        } else {
            m_data.keyText.forEachContaining(needle, r.first, r.last, set);
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
    // parseScenario refuses what RE2 cannot compile; a router built in code with such a pattern matches nothing.
    if (const auto regex = PromptRegex::compile(pattern)) {
        // In parallel; ranges are whole 64-prompt words, so no two threads write the same word.
        detail::forRanges(distinctPrompts(), 64 * 64, [&](detail::Range r) {
            for (std::size_t p = r.first; p < r.last; ++p) {
                if (m_data.promptKey[p] >= 0 && regex->search(m_data.prompts.view(p)))
                    setBit(*bits, p);
            }
        });
    }
    const std::lock_guard lock(m_memoMutex);
    m_regexHits.insert(pattern, bits);
    return bits;
}

std::shared_ptr<const NearIndex> Snapshot::nearIndex(std::int64_t similarityPpm, const std::atomic<bool>* cancel) const
{
    {
        const std::lock_guard lock(m_memoMutex);
        if (m_near && m_nearFloorPpm <= similarityPpm)
            return m_near;
    }
    // One index serves every threshold above its floor, so a similarity sweep builds it once.
    const std::int64_t floorPpm = std::min<std::int64_t>(similarityPpm, NearIndex::kDefaultFloorPpm);
    auto index = std::make_shared<const NearIndex>(m_data.keyText, floorPpm, NearIndex::Limits{}, cancel);
    if (index->cancelled())
        return nullptr;
    const std::lock_guard lock(m_memoMutex);
    if (!m_near || floorPpm < m_nearFloorPpm) {
        m_near = index;
        m_nearFloorPpm = floorPpm;
    }
    return index;
}

std::shared_ptr<const Bitset> Snapshot::callsMatching(const RuleCondition& when) const
{
    {
        const std::lock_guard lock(m_memoMutex);
        for (qsizetype k = 0; k < m_ruleCalls.size(); ++k) {
            if (m_ruleCalls.at(k).first == when) {
                m_ruleCalls.move(k, 0);
                return m_ruleCalls.first().second;
            }
        }
    }
    auto calls = std::make_shared<const Bitset>(evaluateCondition(*this, when));
    const std::lock_guard lock(m_memoMutex);
    m_ruleCalls.prepend({when, calls});
    if (m_ruleCalls.size() > 128) // a bit per call each: the conditions of the last few hundred edits
        m_ruleCalls.removeLast();
    return calls;
}

std::shared_ptr<const CompiledRouter> Snapshot::compiledRouter(const Router& router) const
{
    Scenario keyScenario;
    keyScenario.router = router;
    const QByteArray key = toJson(keyScenario);
    std::shared_ptr<const CompiledRouter> previous; // the latest, most likely the router before this edit
    {
        const std::lock_guard lock(m_memoMutex);
        for (const auto& [k, compiled] : m_routers) {
            if (k == key)
                return compiled;
        }
        previous = m_routers.isEmpty() ? nullptr : m_routers.first().second;
    }
    auto compiled = std::make_shared<const CompiledRouter>(compileRouter(*this, router, previous.get()));
    const std::lock_guard lock(m_memoMutex);
    m_routers.prepend({key, compiled});
    if (m_routers.size() > 4) // each holds a few bytes per call
        m_routers.removeLast();
    return compiled;
}

} // namespace costdash::whatif
