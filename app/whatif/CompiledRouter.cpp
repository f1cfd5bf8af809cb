#include "whatif/CompiledRouter.h"

#include "model/Prompt.h"
#include "whatif/Parallel.h"
#include "whatif/Scenario.h"
#include "whatif/Snapshot.h"

#include <algorithm>
#include <limits>

namespace costdash::whatif {
namespace {

std::uint64_t bitOf(qsizetype rule)
{
    return std::uint64_t(1) << rule;
}

// Keys containing any of the rule's keywords (OR of the memoized per-keyword bitsets).
Bitset keysWithAnyKeyword(const Snapshot& snapshot, const QStringList& keywords)
{
    Bitset any((snapshot.distinctKeys() + 63) / 64, 0);
    for (const QString& keyword : keywords) {
        const auto hits = snapshot.keysContaining(normalizePrompt(keyword));
        for (std::size_t w = 0; w < any.size(); ++w)
            any[w] |= (*hits)[w];
    }
    return any;
}

void compilePromptConditions(const Snapshot& snapshot, const Router& router, CompiledRouter& c)
{
    const SnapshotData& d = snapshot.data();
    std::uint64_t textFree = 0;
    for (qsizetype r = 0; r < router.rules.size(); ++r) {
        const RuleCondition& when = router.rules.at(r).when;
        if (when.promptContains.isEmpty() && when.promptMatches.isEmpty())
            textFree |= bitOf(r);
    }
    c.promptMask.assign(snapshot.distinctPrompts() + 1, textFree);
    for (qsizetype r = 0; r < router.rules.size(); ++r) {
        const RuleCondition& when = router.rules.at(r).when;
        if (textFree & bitOf(r))
            continue;
        const Bitset keywords = when.promptContains.isEmpty() ? Bitset{} : keysWithAnyKeyword(snapshot, when.promptContains);
        const auto regex = when.promptMatches.isEmpty() ? nullptr : snapshot.promptsMatching(when.promptMatches);
        for (std::size_t p = 0; p < snapshot.distinctPrompts(); ++p) {
            const std::int32_t key = d.promptKey[p];
            const bool ok = key >= 0 && (keywords.empty() || testBit(keywords, std::size_t(key)))
                && (!regex || testBit(*regex, p));
            c.promptMask[p + 1] |= ok ? bitOf(r) : 0;
        }
    }
}

void compileTaskAndModelConditions(const Snapshot& snapshot, const Router& router, CompiledRouter& c)
{
    const SnapshotData& d = snapshot.data();
    c.taskMask.assign(std::size_t(d.tasks.size()), 0);
    c.modelMask.assign(std::size_t(d.models.size()), 0);
    for (qsizetype r = 0; r < router.rules.size(); ++r) {
        if (!router.rules.at(r).enabled)
            continue; // no task bit: the rule never matches
        const RuleCondition& when = router.rules.at(r).when;
        for (qsizetype t = 0; t < d.tasks.size(); ++t) {
            if (when.taskTypes.isEmpty() || when.taskTypes.contains(d.tasks.at(t)))
                c.taskMask[std::size_t(t)] |= bitOf(r);
        }
        // A rule model matches the logged name case-insensitively, or the same catalog model.
        std::vector<std::int32_t> ruleDisplays;
        for (const QString& m : when.models) {
            if (const auto canonical = snapshot.catalog().resolve(m))
                ruleDisplays.push_back(snapshot.displayIdOf(*canonical));
        }
        for (qsizetype m = 0; m < d.models.size(); ++m) {
            const std::int32_t display = d.modelDisplay[std::size_t(m)];
            const bool sameCatalogModel = d.displayPriced[std::size_t(display)]
                && std::find(ruleDisplays.begin(), ruleDisplays.end(), display) != ruleDisplays.end();
            if (when.models.isEmpty() || sameCatalogModel || when.models.contains(d.models.at(m), Qt::CaseInsensitive))
                c.modelMask[std::size_t(m)] |= bitOf(r);
        }
        if (!when.inputTokensAtLeast && !when.inputTokensBelow)
            c.tokenFree |= bitOf(r);
        else
            c.tokenBounds.push_back({bitOf(r), when.inputTokensAtLeast.value_or(std::numeric_limits<std::int64_t>::min()),
                                     when.inputTokensBelow.value_or(std::numeric_limits<std::int64_t>::max())});
    }
}

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

// Routes the calls of one range, with price cursors of its own that move forward from its first call.
void routeRange(const SnapshotData& d, CompiledRouter& c, detail::Range range)
{
    std::vector<PriceCursor> cursors;
    for (const auto& history : d.displayHistory)
        cursors.emplace_back(history);
    for (std::size_t i = range.first; i < range.last; ++i) {
        c.rule[i] = c.ruleOf(d.rawPrompt[i], d.task[i], d.model[i], d.inputTokens[i]);
        const std::int32_t tier = c.tierOfRule(c.rule[i]);
        const std::int32_t target = c.tierTarget[std::size_t(tier)];
        c.tier[i] = std::uint16_t(tier);
        c.cost[i] = d.baseline[i];
        c.display[i] = d.loggedDisplay[i];
        c.outcome[i] = CompiledRouter::Kept;
        if (target < 0 || target == d.loggedDisplay[i] || (d.flags[i] & UsageUnknown))
            continue; // "original", the logged model, or no tokens to price elsewhere: the baseline cost
        const pricing::Price* price = cursors[std::size_t(target)].at(d.timestampMs[i]);
        if (!price) {
            c.outcome[i] = CompiledRouter::TargetUnpriced;
            continue;
        }
        // An unpriced call stays out of the money on both sides (baseline 0, projected 0), wherever it goes.
        c.cost[i] = (d.flags[i] & Priced) ? pricing::callCost(*price, {d.inputTokens[i], d.cachedInputTokens[i],
                                                                       d.cacheWriteTokens[i], d.outputTokens[i]})
                                          : 0;
        c.display[i] = std::uint16_t(target);
        c.outcome[i] = CompiledRouter::Moved;
    }
}

void routeCalls(const Snapshot& snapshot, CompiledRouter& c)
{
    const SnapshotData& d = snapshot.data();
    const std::size_t n = snapshot.size();
    c.cost.resize(n);
    c.display.resize(n);
    c.tier.resize(n);
    c.rule.resize(n);
    c.outcome.resize(n);
    // Every call is routed on its own: the ranges run in parallel (a rule or tier edit waits for this).
    detail::forRanges(n, std::size_t(1) << 16, [&](detail::Range range) { routeRange(d, c, range); });
    money::Nanos bound = 0;
    for (std::size_t i = 0; i < n && c.sumsFit; ++i)
        c.sumsFit = !money::addOverflows(bound, std::max(d.baseline[i], c.cost[i]));
}

void sumMisses(const Snapshot& snapshot, CompiledRouter& c)
{
    const SnapshotData& d = snapshot.data();
    const auto displays = std::size_t(d.displayModels.size());
    CompiledRouter::MissTotals& m = c.ifAllMiss;
    m.tierCalls.assign(std::size_t(c.tierNames.size()), 0);
    m.ruleCalls.assign(std::size_t(CompiledRouter::kDefaultRule) + 1, 0);
    m.ruleSavings.assign(m.ruleCalls.size(), 0);
    m.moveCalls.assign(std::size_t(d.tasks.size()) * displays, 0);
    m.moveSavings.assign(m.moveCalls.size(), 0);
    c.moveCandidates.assign(m.moveCalls.size(), {});
    c.bucket.assign(snapshot.size(), 0);
    // Bucket ids: (rule, outcome) for the calls not moved; (rule, cell) for the moved, a short list per cell.
    std::vector<std::int32_t> keptBucket(m.ruleCalls.size() * 3, -1);
    std::vector<std::vector<std::pair<std::uint8_t, std::int32_t>>> movedBuckets(m.moveCalls.size());
    const auto bucketOf = [&c, &keptBucket, &movedBuckets](std::uint8_t rule, std::uint8_t outcome, std::size_t cell) {
        std::int32_t* id = nullptr;
        if (outcome != CompiledRouter::Moved) {
            id = &keptBucket[std::size_t(rule) * 3 + outcome];
        } else {
            auto& list = movedBuckets[cell];
            const auto it = std::find_if(list.begin(), list.end(), [rule](const auto& e) { return e.first == rule; });
            id = &(it != list.end() ? *it : list.emplace_back(rule, -1)).second;
        }
        if (*id < 0) {
            *id = std::int32_t(c.buckets.size());
            c.buckets.push_back({rule, outcome, cell});
        }
        return std::uint32_t(*id);
    };
    for (std::size_t i = 0; i < snapshot.size(); ++i) {
        if (!routable(d.flags[i]))
            continue;
        const bool moved = c.outcome[i] == CompiledRouter::Moved;
        const std::size_t cell = moved ? c.moveCell(d.task[i], displays, c.display[i]) : 0;
        c.bucket[i] = bucketOf(c.rule[i], c.outcome[i], cell);
        ++m.tierCalls[c.tier[i]];
        ++m.ruleCalls[c.rule[i]];
        if (c.outcome[i] == CompiledRouter::TargetUnpriced)
            ++m.unpricedRouted;
        if (c.outcome[i] != CompiledRouter::Moved)
            continue;
        const money::Nanos saved = d.baseline[i] - c.cost[i];
        m.routingSavings += saved;
        m.ruleSavings[c.rule[i]] += saved;
        m.moveSavings[cell] += saved;
        if (m.moveCalls[cell]++ < std::int64_t(CompiledRouter::kMoveCandidates))
            c.moveCandidates[cell].push_back(i);
    }
}

} // namespace

CompiledRouter compileRouter(const Snapshot& snapshot, const Router& router)
{
    Q_ASSERT(router.rules.size() <= kMaxRouterRules);
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
    compilePromptConditions(snapshot, router, c);
    compileTaskAndModelConditions(snapshot, router, c);
    routeCalls(snapshot, c);
    sumMisses(snapshot, c);
    return c;
}

} // namespace costdash::whatif
