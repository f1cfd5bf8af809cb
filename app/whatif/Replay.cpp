#include "whatif/Replay.h"

#include "platform/Platform.h"
#include "store/CallColumns.h"
#include "whatif/CompiledRouter.h"
#include "whatif/NearIndex.h"
#include "whatif/Snapshot.h"

#include <algorithm>

namespace costdash::whatif {
namespace {

// "No entry": far enough in the past that every age exceeds any TTL, without overflowing `t - created`.
constexpr timeutil::Millis kNoEntry = INT64_MIN / 2;

// money::applyDiscount without its 128-bit division when the product fits 64 bits (any call under ~$8,796).
money::Nanos discounted(money::Nanos amount, std::int64_t discountPpm)
{
    constexpr money::Nanos kFast = money::Nanos(1) << 43;
    if (amount <= -kFast || amount >= kFast)
        return money::applyDiscount(amount, discountPpm);
    const std::int64_t scaled = amount * (1'000'000 - discountPpm);
    return scaled >= 0 ? (scaled + 500'000) / 1'000'000 : -((-scaled + 500'000) / 1'000'000);
}

class Replayer {
public:
    Replayer(const Snapshot& snapshot, const Scenario& scenario, const std::atomic<bool>* cancel, ReplayDetail detail)
        : m_s(snapshot), m_d(snapshot.data()), m_scenario(scenario), m_cancel(cancel), m_detail(detail)
    {
        const CacheSettings& cache = scenario.cache;
        m_caching = cache.mode != CacheMode::Off;
        m_ttlMs = cache.ttlSeconds * 1000;
        m_keys = cache.scope == CacheScope::Model ? &m_d.modelKey : &m_d.key;
        if (m_caching)
            m_created.assign(cache.scope == CacheScope::Model ? m_d.modelKeyPrompt.size() : m_d.keyText.size(), kNoEntry);
        m_similarityPpm = NearIndex::effectivePpm(fractionToPpm(cache.similarity));
        if (cache.mode == CacheMode::Near && (m_near = snapshot.nearIndex(m_similarityPpm, cancel)))
            prepareNearEntries();
        if (scenario.router)
            m_router = snapshot.compiledRouter(*scenario.router);
        m_batch.assign(std::size_t(m_d.tasks.size()), 0);
        for (qsizetype t = 0; t < m_d.tasks.size(); ++t)
            m_batch[std::size_t(t)] = scenario.batch.taskTypes.contains(m_d.tasks.at(t)) ? 1 : 0;
        const std::size_t displays = std::size_t(m_d.displayModels.size());
        m_modelCalls.assign(displays + 1, 0); // + the cache-hit row
        m_modelCost.assign(displays + 1, 0);
        m_modelUnpriced.assign(displays + 1, 0);
        m_projectedByTask.assign(std::size_t(m_d.tasks.size()), 0);
        m_projectedByDay.assign(std::size_t(m_d.dayCount), 0);
        if (m_router) {
            m_bucketHits.assign(m_router->buckets.size(), 0);
            m_bucketHitSavings.assign(m_router->buckets.size(), 0);
            m_routedHit.assign(m_s.size(), 0);
        }
    }

    std::optional<Projection> run()
    {
        // Every amount is >= 0 and each sum is bounded by the baseline total or by the router's sum of
        // max(baseline, routed cost): when those fit int64 (checked once, before), no sum can overflow and the
        // loop adds unchecked; otherwise each addition is checked.
        const bool sumsFit = !m_d.outOfRange && (!m_router || m_router->sumsFit);
        // The token counts are a second instantiation, so the knobs' replay pays nothing for them.
        const bool tokens = m_detail == ReplayDetail::CacheTokens;
        const bool finished = sumsFit ? (tokens ? replayCalls<false, true>() : replayCalls<false, false>())
                                      : (tokens ? replayCalls<true, true>() : replayCalls<true, false>());
        if (!finished || cancelled())
            return std::nullopt; // also when the near index was not built
        return projection();
    }

private:
    // False when cancelled before the last call.
    template<bool Checked, bool CountTokens>
    bool replayCalls()
    {
        // The cache entries are read in prompt order, not memory order: fetching them a few calls ahead hides
        // most of the cache misses (the keys of the coming calls are known).
        constexpr std::size_t kAhead = 16;
        constexpr std::size_t kCallsBetweenCancelChecks = 4'096;
        const std::size_t n = m_d.timestampMs.size();
        const std::vector<std::int32_t>& keys = *m_keys;
        for (std::size_t block = 0; block < n; block += kCallsBetweenCancelChecks) {
            if (cancelled())
                return false;
            for (std::size_t i = block; i < std::min(n, block + kCallsBetweenCancelChecks); ++i) {
                if (m_caching && i + kAhead < n && keys[i + kAhead] >= 0)
                    platform::prefetch(&m_created[std::size_t(keys[i + kAhead])]);
                replayCall<Checked, CountTokens>(i);
            }
        }
        return true;
    }

    // total += amount; Checked: an overflow sets m_outOfRange (one flag, tested once after the month).
    template<bool Checked>
    void add(money::Nanos& total, money::Nanos amount)
    {
        if constexpr (Checked)
            m_outOfRange |= money::addOverflows(total, amount);
        else
            total += amount;
    }

    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

    // Near entries live per word set of the index (per set and logged model for scope "model"): the newest
    // creation among a set's keys tells whether any of them is live.
    void prepareNearEntries()
    {
        if (m_scenario.cache.scope != CacheScope::Model) {
            m_setCreated.assign(m_near->setCount(), kNoEntry);
            return;
        }
        m_setModelHead.assign(m_near->setCount(), -1);
        m_setModelOf.assign(m_d.modelKeyPrompt.size(), -1);
        for (std::size_t mk = 0; mk < m_d.modelKeyPrompt.size(); ++mk) {
            const std::int32_t set = m_near->setOf(m_d.modelKeyPrompt[mk]);
            if (set < 0)
                continue;
            std::int32_t slot = setModelSlot(set, m_d.modelKeyModel[mk]);
            if (slot < 0) {
                slot = std::int32_t(m_setModelModel.size());
                m_setModelModel.push_back(m_d.modelKeyModel[mk]);
                m_setModelNext.push_back(m_setModelHead[std::size_t(set)]);
                m_setModelHead[std::size_t(set)] = slot;
            }
            m_setModelOf[mk] = slot;
        }
        m_setCreated.assign(m_setModelModel.size(), kNoEntry);
    }

    std::int32_t setModelSlot(std::int32_t set, std::int32_t model) const
    {
        for (std::int32_t s = m_setModelHead[std::size_t(set)]; s >= 0; s = m_setModelNext[std::size_t(s)]) {
            if (m_setModelModel[std::size_t(s)] == model)
                return s;
        }
        return -1;
    }

    // The entry slot of a set for call i, -1 when none can exist.
    std::int32_t nearSlot(std::int32_t set, std::size_t i) const
    {
        return m_setModelOf.empty() ? set : setModelSlot(set, m_d.model[i]);
    }

    bool liveSet(std::int32_t set, std::size_t i) const
    {
        const std::int32_t slot = nearSlot(set, i);
        return slot >= 0 && m_d.timestampMs[i] - m_setCreated[std::size_t(slot)] < m_ttlMs;
    }

    // `key` is the entry's key in the scenario's scope (a modelKey for scope "model").
    void noteNearEntry(std::int32_t key, timeutil::Millis t)
    {
        const std::int32_t slot = m_setModelOf.empty() ? m_near->setOf(key) : m_setModelOf[std::size_t(key)];
        if (slot >= 0)
            m_setCreated[std::size_t(slot)] = t;
    }

    bool liveNeighbour(std::size_t i)
    {
        const std::int32_t set = m_near->setOf(m_d.key[i]);
        if (set < 0)
            return false;
        if (liveSet(set, i))
            return true; // the same words in another order or spacing: similarity 1
        for (const NearIndex::Neighbour& n : m_near->neighbours(set)) {
            if (!n.reaches(m_similarityPpm))
                break; // sorted by similarity: the rest are further away
            if (liveSet(n.set, i))
                return true;
        }
        m_nearCapped += m_near->capped(set) ? 1 : 0;
        return false;
    }

    template<bool Checked>
    void account(std::size_t i, money::Nanos cost, std::size_t display)
    {
        add<Checked>(m_projected, cost);
        add<Checked>(m_projectedByTask[std::size_t(m_d.task[i])], cost);
        add<Checked>(m_projectedByDay[std::size_t(m_d.day[i])], cost);
        add<Checked>(m_modelCost[display], cost);
        ++m_modelCalls[display];
        // A hit costs nothing whatever its price: only calls a model serves can be unpriced.
        m_modelUnpriced[display] += (m_d.flags[i] & Priced) || display + 1 == m_modelCalls.size() ? 0 : 1;
    }

    void countHitTokens(std::size_t i)
    {
        if (m_d.inputTokens[i] == store::kUnknownTokens) {
            ++m_tokens.usageUnknownHits;
            return;
        }
        m_tokens.outOfRange |= money::addOverflows(m_tokens.input, m_d.inputTokens[i]);
        m_tokens.outOfRange |= money::addOverflows(m_tokens.output, m_d.outputTokens[i]);
    }

    template<bool Checked, bool CountTokens>
    void replayCall(std::size_t i)
    {
        const std::int32_t key = (*m_keys)[i];
        const timeutil::Millis t = m_d.timestampMs[i];
        const money::Nanos baseline = m_d.baseline[i];
        if (m_caching && key >= 0) {
            const bool exactHit = t - m_created[std::size_t(key)] < m_ttlMs;
            if (exactHit || (m_near && liveNeighbour(i))) {
                ++m_hits;
                m_nearHits += exactHit ? 0 : 1;
                add<Checked>(m_cacheSavings, baseline);
                account<Checked>(i, 0, m_modelCalls.size() - 1);
                if constexpr (CountTokens)
                    countHitTokens(i);
                if (m_router && routable(m_d.flags[i])) {
                    const std::uint32_t b = m_router->bucket[i];
                    ++m_bucketHits[b];
                    m_bucketHitSavings[b] += baseline - m_router->cost[i];
                    m_routedHit[i] = 1;
                }
                return;
            }
        }
        if (!routable(m_d.flags[i])) {
            // A failed miss, or one whose usage is unknown: logged cost, not routed or batched, no entry.
            account<Checked>(i, baseline, m_d.loggedDisplay[i]);
            return;
        }
        if (m_caching && key >= 0) {
            m_created[std::size_t(key)] = t; // creates, or replaces an expired entry
            if (m_near)
                noteNearEntry(key, t);
        }
        money::Nanos cost = baseline;
        std::size_t display = m_d.loggedDisplay[i];
        if (m_router) {
            cost = m_router->cost[i]; // step 3; its counts and savings are the router's, less the hits
            display = m_router->display[i];
        }
        if (m_batch[std::size_t(m_d.task[i])]) {
            const money::Nanos batched = discounted(cost, m_scenario.batch.discountPpm);
            add<Checked>(m_batchSavings, cost - batched);
            cost = batched;
        }
        account<Checked>(i, cost, display);
    }

    Projection projection() const;
    CompiledRouter::MissTotals routedTotals() const;
    std::vector<std::vector<std::size_t>> sampleCalls(const std::vector<std::int64_t>& moveCalls) const;
    QList<SampleCall> samplesOf(const std::vector<std::size_t>& calls) const;

    const Snapshot& m_s;
    const SnapshotData& m_d;
    const Scenario& m_scenario;
    bool m_caching = false;
    timeutil::Millis m_ttlMs = 0;
    const std::vector<std::int32_t>* m_keys = nullptr;
    std::vector<timeutil::Millis> m_created;
    std::int64_t m_similarityPpm = 0;
    const std::atomic<bool>* m_cancel;
    ReplayDetail m_detail;
    std::shared_ptr<const NearIndex> m_near;
    std::vector<timeutil::Millis> m_setCreated;                   // per set, or per (set, model) slot
    std::vector<std::int32_t> m_setModelOf;                       // modelKey -> (set, model) slot; scope "model"
    std::vector<std::int32_t> m_setModelHead, m_setModelNext, m_setModelModel; // the slots of each set
    std::shared_ptr<const CompiledRouter> m_router;
    std::vector<std::uint8_t> m_batch;

    money::Nanos m_projected = 0, m_cacheSavings = 0, m_batchSavings = 0;
    bool m_outOfRange = false;
    CacheTokens m_tokens;
    std::int64_t m_hits = 0, m_nearHits = 0, m_nearCapped = 0;
    std::vector<std::int64_t> m_modelCalls;
    std::vector<std::int64_t> m_modelUnpriced; // of m_modelCalls: served by the model without a price
    std::vector<std::int64_t> m_bucketHits;          // per router bucket: its successful calls the cache answered
    std::vector<money::WideSum> m_bucketHitSavings;  // and what routing them would have saved
    std::vector<std::uint8_t> m_routedHit;           // per call: successful, answered by the cache
    std::vector<money::Nanos> m_modelCost, m_projectedByTask, m_projectedByDay;
};

// Per move cell, the first kMoveSamples calls it takes: the router's first calls of the cell less the cache hits,
// and when hits used those up, one scan on from there for every cell still short.
// The router's sums over every successful call, less those the cache answered.
CompiledRouter::MissTotals Replayer::routedTotals() const
{
    const CompiledRouter& r = *m_router;
    CompiledRouter::MissTotals t = r.ifAllMiss;
    for (std::size_t b = 0; b < r.buckets.size(); ++b) {
        const CompiledRouter::Bucket& bucket = r.buckets[b];
        t.tierCalls[std::size_t(r.tierOfRule(bucket.rule))] -= m_bucketHits[b];
        t.ruleCalls[bucket.rule] -= m_bucketHits[b];
        if (bucket.outcome == CompiledRouter::TargetUnpriced)
            t.unpricedRouted -= m_bucketHits[b];
        if (bucket.outcome != CompiledRouter::Moved)
            continue;
        t.moveCalls[bucket.cell] -= m_bucketHits[b];
        t.routingSavings -= m_bucketHitSavings[b];
        t.ruleSavings[bucket.rule] -= m_bucketHitSavings[b];
        t.moveSavings[bucket.cell] -= m_bucketHitSavings[b];
    }
    return t;
}

std::vector<std::vector<std::size_t>> Replayer::sampleCalls(const std::vector<std::int64_t>& moveCalls) const
{
    const CompiledRouter& r = *m_router;
    const auto displays = std::size_t(m_d.displayModels.size());
    std::vector<std::vector<std::size_t>> out(moveCalls.size());
    std::vector<std::size_t> wanted(out.size());
    std::size_t shortCells = 0, scanFrom = m_s.size();
    for (std::size_t cell = 0; cell < out.size(); ++cell) {
        wanted[cell] = std::size_t(std::min<std::int64_t>(moveCalls[cell], kMoveSamples));
        const std::vector<std::size_t>& candidates = r.moveCandidates[cell];
        for (std::size_t k = 0; k < candidates.size() && out[cell].size() < wanted[cell]; ++k) {
            if (!m_routedHit[candidates[k]])
                out[cell].push_back(candidates[k]);
        }
        if (out[cell].size() < wanted[cell]) {
            ++shortCells;
            scanFrom = std::min(scanFrom, candidates.back() + 1);
        }
    }
    for (std::size_t i = scanFrom; i < m_s.size() && shortCells > 0; ++i) {
        if (!routable(m_d.flags[i]) || r.outcome[i] != CompiledRouter::Moved || m_routedHit[i])
            continue;
        const std::size_t cell = r.moveCell(m_d.task[i], displays, r.display[i]);
        std::vector<std::size_t>& calls = out[cell];
        if (calls.size() < wanted[cell] && (calls.empty() || i > calls.back())) {
            calls.push_back(i);
            shortCells -= calls.size() == wanted[cell] ? 1 : 0;
        }
    }
    return out;
}

QList<SampleCall> Replayer::samplesOf(const std::vector<std::size_t>& calls) const
{
    QList<SampleCall> out;
    for (const std::size_t call : calls) {
        const std::int32_t prompt = m_d.rawPrompt[call];
        const std::string_view text = prompt < 0 ? std::string_view() : m_d.prompts.view(std::size_t(prompt));
        out.append({QString::fromUtf8(text.data(), qsizetype(text.size())), m_d.baseline[call], m_router->cost[call]});
    }
    return out;
}

Projection Replayer::projection() const
{
    Projection p;
    p.baseline = m_d.baselineTotal;
    p.projected = m_projected;
    p.cacheSavings = m_cacheSavings;
    p.outOfRange = m_outOfRange || m_d.outOfRange;
    const CompiledRouter::MissTotals routed = m_router ? routedTotals() : CompiledRouter::MissTotals{};
    const auto narrow = [&p](money::WideSum sum) {
        p.outOfRange |= !money::fitsNanos(sum);
        return money::Nanos(sum);
    };
    p.routingSavings = narrow(routed.routingSavings);
    p.batchSavings = m_batchSavings;
    p.calls = std::int64_t(m_s.size());
    p.cacheHits = m_hits;
    p.nearHits = m_nearHits;
    p.nearCappedCalls = m_nearCapped;
    p.unpricedCalls = m_d.unpricedCalls;
    p.usageUnknownCalls = m_d.usageUnknownCalls;
    p.unpricedRoutedCalls = routed.unpricedRouted;
    if (m_detail == ReplayDetail::CacheTokens)
        p.cacheTokens = m_tokens;
    for (std::size_t t = 0; t < routed.tierCalls.size(); ++t)
        p.tiers.insert(m_router->tierNames.at(qsizetype(t)), routed.tierCalls[t]);
    if (m_router) {
        for (qsizetype r = 0; r < m_scenario.router->rules.size(); ++r) {
            p.ruleCalls.append(routed.ruleCalls[std::size_t(r)]);
            p.ruleSavings.append(narrow(routed.ruleSavings[std::size_t(r)]));
        }
        p.ruleCalls.append(routed.ruleCalls.back());
        p.ruleSavings.append(narrow(routed.ruleSavings.back()));
    }
    for (std::size_t m = 0; m < m_modelCalls.size(); ++m) {
        if (m_modelCalls[m] > 0)
            p.byModel.append({m + 1 == m_modelCalls.size() ? kCacheHitModel : m_d.displayModels.at(qsizetype(m)),
                              m_modelCalls[m], m_modelCost[m], m_modelUnpriced[m]});
    }
    std::sort(p.byModel.begin(), p.byModel.end(), [](const ModelCost& a, const ModelCost& b) {
        return a.cost != b.cost ? a.cost > b.cost : a.calls != b.calls ? a.calls > b.calls : a.model < b.model;
    });
    for (qsizetype t = 0; t < m_d.tasks.size(); ++t) {
        const auto ti = std::size_t(t);
        if (m_d.callsByTask[ti] > 0)
            p.byTask.append({m_d.tasks.at(t).isEmpty() ? QStringLiteral("(none)") : m_d.tasks.at(t),
                             m_d.callsByTask[ti], m_d.baselineByTask[ti], m_projectedByTask[ti]});
    }
    std::sort(p.byTask.begin(), p.byTask.end(), [](const BaselineVsProjected& a, const BaselineVsProjected& b) {
        return a.baseline != b.baseline ? a.baseline > b.baseline : a.key < b.key;
    });
    for (std::int32_t day = 0; day < m_d.dayCount; ++day) {
        const auto di = std::size_t(day);
        if (m_d.callsByDay[di] > 0)
            p.byDay.append({timeutil::formatDay(m_d.firstDay + day), m_d.callsByDay[di], m_d.baselineByDay[di],
                            m_projectedByDay[di]});
    }
    const auto displays = std::size_t(m_d.displayModels.size());
    const auto samples = m_router ? sampleCalls(routed.moveCalls) : std::vector<std::vector<std::size_t>>();
    for (std::size_t cell = 0; cell < routed.moveCalls.size(); ++cell) {
        if (routed.moveCalls[cell] == 0)
            continue;
        const std::uint64_t task = cell / displays;
        const std::uint64_t model = cell % displays;
        p.moves.append({m_d.tasks.at(qsizetype(task)), m_d.displayModels.at(qsizetype(model)),
                        routed.moveCalls[cell], m_d.tested(std::int32_t(task), std::int32_t(model)),
                        narrow(routed.moveSavings[cell]), samplesOf(samples[cell])});
    }
    std::sort(p.moves.begin(), p.moves.end(), [](const Move& a, const Move& b) {
        return a.taskType != b.taskType ? a.taskType < b.taskType : a.model < b.model;
    });
    return p;
}

} // namespace

Projection replay(const Snapshot& snapshot, const Scenario& scenario, ReplayDetail detail)
{
    return *Replayer(snapshot, scenario, nullptr, detail).run();
}

std::optional<Projection> replay(const Snapshot& snapshot, const Scenario& scenario, const std::atomic<bool>& cancel,
                                 ReplayDetail detail)
{
    return Replayer(snapshot, scenario, &cancel, detail).run();
}

} // namespace costdash::whatif
