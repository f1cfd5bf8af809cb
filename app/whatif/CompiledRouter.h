#pragma once
// A Router compiled against one snapshot: every text condition is evaluated once per distinct prompt and folded
// into per-prompt, per-task and per-model bit masks of the rules they satisfy, so routing a call is three loads,
// an AND and a count-trailing-zeros (the first matching rule), whatever the number of rules (at most 64).
// Routing does not depend on the cache, so the outcome of step 3 is also computed once per call here: a replay
// under the same router (a TTL or similarity slider move) only runs the cache and adds up.
#include "money/Money.h"

#include <QStringList>
#include <bit>
#include <cstdint>
#include <vector>

namespace costdash::whatif {

class Snapshot;
struct Router;

inline constexpr int kMaxRouterRules = 64;

struct CompiledRouter {
    struct TokenBound {
        std::uint64_t bit;
        std::int64_t atLeast; // inclusive
        std::int64_t below;   // exclusive
    };

    std::vector<std::uint64_t> promptMask; // raw prompt id + 1 -> rules whose prompt conditions hold; [0] = no prompt
    std::vector<std::uint64_t> taskMask;   // task id -> rules whose task condition holds
    std::vector<std::uint64_t> modelMask;  // logged model id -> rules whose model condition holds
    std::uint64_t tokenFree = 0;           // rules without token bounds
    std::vector<TokenBound> tokenBounds;
    std::vector<std::int32_t> ruleTier;    // rule -> tier index
    std::int32_t defaultTier = 0;
    QStringList tierNames;                 // tier index -> name
    std::vector<std::int32_t> tierTarget;  // tier index -> display model id; -1 = keep the logged model

    enum Outcome : std::uint8_t { Kept = 0, Moved = 1, TargetUnpriced = 2 };
    // Per call (replay order), as if it were a successful miss: step-3 cost, model after routing, tier, outcome.
    std::vector<money::Nanos> cost;
    std::vector<std::uint16_t> display;
    std::vector<std::uint16_t> tier;
    std::vector<std::uint8_t> rule;        // the rule that matched, kDefaultRule when none (the report's counts)
    std::vector<std::uint8_t> outcome;
    // The sum over calls of max(baseline, routed cost) fits int64: no sum a replay under this router makes (all of
    // them bounded by it, every amount being >= 0) can overflow, so the replay need not check them.
    bool sumsFit = true;

    // Step 3's counts and savings summed over every successful call as if none were a cache hit: a replay takes
    // its hits back out, so a miss costs no additions. 128-bit sums: exact whatever the hits; checked at the end.
    struct MissTotals {
        std::vector<std::int64_t> tierCalls;
        std::vector<std::int64_t> ruleCalls;           // rule, kDefaultRule last
        std::vector<money::WideSum> ruleSavings;
        std::vector<std::int64_t> moveCalls;           // move cell = task * display models + display model
        std::vector<money::WideSum> moveSavings;
        money::WideSum routingSavings = 0;
        std::int64_t unpricedRouted = 0;
    } ifAllMiss;
    std::vector<std::vector<std::size_t>> moveCandidates; // per move cell, its first kMoveCandidates calls
    static constexpr std::size_t kMoveCandidates = 16;
    // Successful calls grouped by what step 3 did to them (rule, outcome, move cell): a cache hit only counts
    // itself in its bucket, and the buckets' hits are taken out of ifAllMiss once, after the month.
    struct Bucket {
        std::uint8_t rule;
        std::uint8_t outcome;
        std::size_t cell; // when Moved
    };
    std::vector<Bucket> buckets;
    std::vector<std::uint32_t> bucket; // per call; successful calls only

    static constexpr std::uint8_t kDefaultRule = kMaxRouterRules;

    // The first rule whose conditions hold, kDefaultRule when none does.
    std::uint8_t ruleOf(std::int32_t rawPrompt, std::int32_t task, std::int32_t model, std::int64_t inputTokens) const
    {
        std::uint64_t tokens = tokenFree;
        for (const TokenBound& b : tokenBounds)
            tokens |= (inputTokens >= b.atLeast && inputTokens < b.below) ? b.bit : 0;
        const std::uint64_t match = promptMask[std::size_t(rawPrompt + 1)] & taskMask[std::size_t(task)]
            & modelMask[std::size_t(model)] & tokens;
        return match ? std::uint8_t(std::countr_zero(match)) : kDefaultRule;
    }
    std::int32_t tierOfRule(std::uint8_t rule) const { return rule == kDefaultRule ? defaultTier : ruleTier[rule]; }
    std::size_t moveCell(std::int32_t task, std::size_t displayModels, std::uint16_t target) const
    {
        return std::size_t(task) * displayModels + target;
    }
};

CompiledRouter compileRouter(const Snapshot& snapshot, const Router& router);

} // namespace costdash::whatif
