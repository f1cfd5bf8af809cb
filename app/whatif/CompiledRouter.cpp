#include "whatif/CompiledRouter.h"

#include "whatif/Parallel.h"
#include "whatif/Scenario.h"
#include "whatif/Snapshot.h"

#include <algorithm>
#include <array>
#include <bit>

namespace costdash::whatif {
namespace {

// The price of one model at non-decreasing instants (the replay order), without a search per call.
class PriceCursor {
public:
    explicit PriceCursor(const QList<pricing::PriceEntry>& history) : m_history(history) { }
    const pricing::Price* at(timeutil::Millis t)
    {
        while (m_next < m_history.size() && m_history.at(m_next).effectiveFrom <= t)
            ++m_next;
        return m_next ? &m_history.at(m_next - 1).price : nullptr;
    }

private:
    const QList<pricing::PriceEntry>& m_history;
    qsizetype m_next = 0;
};

// One range's share of the router's sums, merged in range order once every range is routed.
struct RangeSums {
    std::vector<std::int64_t> calls;     // per bucket
    std::vector<money::WideSum> savings; // per bucket
    std::vector<std::uint8_t> taken;     // per move cell: candidates taken in this range
    std::vector<std::pair<std::size_t, std::size_t>> candidates; // (move cell, call), in call order
    money::Nanos bound = 0;              // sum of max(baseline, routed cost)
    bool overflow = false;
};

// Routes every call and sums the outcomes. Rows are the rules then the default rule; bucket
// row * slots + slot, where slot is the task of a moved call, then Kept, then TargetUnpriced.
class Compiler {
public:
    Compiler(const Snapshot& snapshot, const Router& router, CompiledRouter& c, const CompiledRouter* previous)
        : m_d(snapshot.data()), m_c(c), m_previous(previous), m_rowCount(std::size_t(router.rules.size()) + 1),
          m_tasks(std::size_t(m_d.tasks.size())), m_slots(m_tasks + 2), m_displays(std::size_t(m_d.displayModels.size()))
    {
        for (qsizetype r = 0; r < router.rules.size(); ++r) {
            if (router.rules.at(r).enabled) // a disabled rule takes no call
                m_enabled.push_back({std::uint8_t(r), snapshot.callsMatching(router.rules.at(r).when)});
        }
        for (std::size_t row = 0; row < m_rowCount; ++row) {
            const std::uint8_t rule = row + 1 == m_rowCount ? CompiledRouter::kDefaultRule : std::uint8_t(row);
            m_rowTarget.push_back(c.tierTarget[std::size_t(c.tierOfRule(rule))]);
            m_rowRule.push_back(rule);
        }
    }

    void run(std::size_t rangeCalls)
    {
        const std::size_t n = m_d.timestampMs.size();
        m_c.cost.resize(n);
        m_c.display.resize(n);
        m_c.outcome.resize(n);
        m_c.bucket.resize(n);
        std::vector<RangeSums> sums((n + rangeCalls - 1) / rangeCalls);
        // Every call is routed on its own: the ranges run in parallel (a rule or tier edit waits for this).
        detail::forRanges(n, rangeCalls, [&](detail::Range range) { route(range, sums[range.first / rangeCalls]); });
        merge(sums);
    }

private:
    // The row of each of the 64 calls of word w: the first enabled rule whose bit is set, else the default row.
    void assignRows(std::size_t w, std::array<std::uint8_t, 64>& rowOf) const
    {
        rowOf.fill(std::uint8_t(m_rowCount - 1));
        std::uint64_t left = ~std::uint64_t(0);
        for (const auto& [rule, calls] : m_enabled) {
            std::uint64_t hit = (*calls)[w] & left;
            left &= ~hit;
            for (; hit; hit &= hit - 1)
                rowOf[std::size_t(std::countr_zero(hit))] = rule;
            if (!left)
                break;
        }
    }

    void route(detail::Range range, RangeSums& sums) const;
    void merge(const std::vector<RangeSums>& sums);

    const SnapshotData& m_d;
    CompiledRouter& m_c;
    const CompiledRouter* m_previous;
    std::vector<std::pair<std::uint8_t, std::shared_ptr<const Bitset>>> m_enabled; // in rule order
    std::size_t m_rowCount, m_tasks, m_slots, m_displays;
    std::vector<std::int32_t> m_rowTarget; // row -> display model id, -1 = keep the logged model
    std::vector<std::uint8_t> m_rowRule;
};

// Routes the calls of one range (whole 64-call words), with price cursors of its own that move forward from its
// first call.
void Compiler::route(detail::Range range, RangeSums& sums) const
{
    std::vector<PriceCursor> cursors;
    for (const auto& history : m_d.displayHistory)
        cursors.emplace_back(history);
    sums.calls.assign(m_rowCount * m_slots, 0);
    sums.savings.assign(sums.calls.size(), 0);
    sums.taken.assign(m_tasks * m_displays, 0);
    std::array<std::uint8_t, 64> rowOf{};
    for (std::size_t i = range.first; i < range.last; ++i) {
        if ((i & 63) == 0)
            assignRows(i >> 6, rowOf);
        const std::size_t row = rowOf[i & 63];
        const std::int32_t target = m_rowTarget[row];
        const money::Nanos baseline = m_d.baseline[i];
        money::Nanos cost = baseline;
        std::uint8_t outcome = CompiledRouter::Kept;
        m_c.display[i] = m_d.loggedDisplay[i];
        // "original", the logged model, or no tokens to price elsewhere: the baseline cost.
        if (target >= 0 && target != m_d.loggedDisplay[i] && !(m_d.flags[i] & UsageUnknown)) {
            if (m_previous && m_previous->outcome[i] == CompiledRouter::Moved && m_previous->display[i] == target) {
                cost = m_previous->cost[i]; // the same model at the same instant: the same price
                m_c.display[i] = std::uint16_t(target);
                outcome = CompiledRouter::Moved;
            } else if (const pricing::Price* price = cursors[std::size_t(target)].at(m_d.timestampMs[i])) {
                // An unpriced call stays out of the money on both sides (baseline 0, projected 0), wherever it goes.
                cost = (m_d.flags[i] & Priced) ? pricing::callCost(*price, {m_d.inputTokens[i], m_d.cachedInputTokens[i],
                                                                             m_d.cacheWriteTokens[i], m_d.outputTokens[i]})
                                               : 0;
                m_c.display[i] = std::uint16_t(target);
                outcome = CompiledRouter::Moved;
            } else {
                outcome = CompiledRouter::TargetUnpriced;
            }
        }
        m_c.cost[i] = cost;
        m_c.outcome[i] = outcome;
        sums.overflow |= money::addOverflows(sums.bound, std::max(baseline, cost));
        m_c.bucket[i] = 0;
        if (!routable(m_d.flags[i]))
            continue;
        const std::size_t task = std::size_t(m_d.task[i]);
        const std::size_t slot = outcome == CompiledRouter::Moved ? task : m_tasks + (outcome == CompiledRouter::Kept ? 0 : 1);
        const std::size_t bucket = row * m_slots + slot;
        m_c.bucket[i] = std::uint32_t(bucket);
        ++sums.calls[bucket];
        if (outcome != CompiledRouter::Moved)
            continue;
        sums.savings[bucket] += baseline - cost;
        const std::size_t cell = m_c.moveCell(std::int32_t(task), m_displays, std::uint16_t(target));
        if (sums.taken[cell] < CompiledRouter::kMoveCandidates) {
            ++sums.taken[cell];
            sums.candidates.emplace_back(cell, i);
        }
    }
}

void Compiler::merge(const std::vector<RangeSums>& sums)
{
    CompiledRouter::MissTotals& m = m_c.ifAllMiss;
    m.tierCalls.assign(std::size_t(m_c.tierNames.size()), 0);
    m.ruleCalls.assign(std::size_t(CompiledRouter::kDefaultRule) + 1, 0);
    m.ruleSavings.assign(m.ruleCalls.size(), 0);
    m.moveCalls.assign(m_tasks * m_displays, 0);
    m.moveSavings.assign(m.moveCalls.size(), 0);
    m_c.moveCandidates.assign(m.moveCalls.size(), {});
    money::Nanos bound = 0;
    for (const RangeSums& range : sums) {
        m_c.sumsFit = m_c.sumsFit && !range.overflow && !money::addOverflows(bound, range.bound);
        for (const auto& [cell, call] : range.candidates) {
            if (m_c.moveCandidates[cell].size() < CompiledRouter::kMoveCandidates)
                m_c.moveCandidates[cell].push_back(call);
        }
    }
    for (std::size_t row = 0; row < m_rowCount; ++row) {
        const std::uint8_t rule = m_rowRule[row];
        const std::int32_t target = m_rowTarget[row];
        for (std::size_t slot = 0; slot < m_slots; ++slot) {
            const bool moved = slot < m_tasks;
            const std::uint8_t outcome = moved ? CompiledRouter::Moved
                                               : slot == m_tasks ? CompiledRouter::Kept : CompiledRouter::TargetUnpriced;
            const std::size_t cell = moved && target >= 0 ? m_c.moveCell(std::int32_t(slot), m_displays, std::uint16_t(target)) : 0;
            m_c.buckets.push_back({rule, outcome, cell});
            std::int64_t calls = 0;
            money::WideSum saved = 0;
            for (const RangeSums& range : sums) {
                calls += range.calls[row * m_slots + slot];
                saved += range.savings[row * m_slots + slot];
            }
            if (calls == 0)
                continue;
            m.tierCalls[std::size_t(m_c.tierOfRule(rule))] += calls;
            m.ruleCalls[rule] += calls;
            m.unpricedRouted += outcome == CompiledRouter::TargetUnpriced ? calls : 0;
            if (!moved)
                continue;
            m.moveCalls[cell] += calls;
            m.moveSavings[cell] += saved;
            m.ruleSavings[rule] += saved;
            m.routingSavings += saved;
        }
    }
}

} // namespace

CompiledRouter compileRouter(const Snapshot& snapshot, const Router& router, const CompiledRouter* previous,
                             std::size_t rangeCalls)
{
    Q_ASSERT(router.rules.size() <= kMaxRouterRules && rangeCalls % 64 == 0);
    CompiledRouter c;
    for (auto it = router.tiers.begin(); it != router.tiers.end(); ++it) {
        c.tierNames.append(it.key());
        const auto canonical = it.value() == kOriginalModel ? std::nullopt : snapshot.catalog().resolve(it.value());
        // A model the catalog does not know cannot be priced: the tier keeps the logged model (parseScenario
        // rejects such tiers; this only guards scenarios validated against another catalog).
        c.tierTarget.push_back(canonical ? snapshot.displayIdOf(*canonical) : -1);
    }
    // Tiers a scenario built in code names without defining keep the logged model.
    auto tierIndex = [&c](const QString& name) {
        if (!c.tierNames.contains(name)) {
            c.tierNames.append(name);
            c.tierTarget.push_back(-1);
        }
        return std::int32_t(c.tierNames.indexOf(name));
    };
    for (const RouterRule& rule : router.rules)
        c.ruleTier.push_back(tierIndex(rule.tier));
    c.defaultTier = tierIndex(router.defaultTier);
    Compiler(snapshot, router, c, previous).run(rangeCalls);
    return c;
}

} // namespace costdash::whatif
