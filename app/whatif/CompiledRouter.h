#pragma once
// A Router compiled against one snapshot. Each rule's conditions are a bit per call (Snapshot::callsMatching,
// memoized per condition), so a call's rule is the first enabled rule whose bit is set, found 64 calls at a time.
// Routing does not depend on the cache, so the outcome of step 3 is also computed once per call here: a replay
// under the same router (a TTL or similarity slider move) only runs the cache and adds up.
#include "money/Money.h"

#include <QStringList>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace costdash::whatif {

class Snapshot;
struct Router;

inline constexpr int kMaxRouterRules = 64;

// A per-call column that resize() leaves uninitialized: the routing pass writes every element, in parallel, so
// the pages are first touched by the threads that fill them.
template<typename T>
struct DefaultInit : std::allocator<T> {
    template<typename U>
    struct rebind {
        using other = DefaultInit<U>;
    };
    template<typename U>
    void construct(U* p) noexcept
    {
        ::new (static_cast<void*>(p)) U;
    }
    template<typename U, typename... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
template<typename T>
using CallColumn = std::vector<T, DefaultInit<T>>;

struct CompiledRouter {
    std::vector<std::int32_t> ruleTier;    // rule -> tier index
    std::int32_t defaultTier = 0;
    QStringList tierNames;                 // tier index -> name
    std::vector<std::int32_t> tierTarget;  // tier index -> display model id; -1 = keep the logged model

    enum Outcome : std::uint8_t { Kept = 0, Moved = 1, TargetUnpriced = 2 };
    // Per call (replay order), as if it were a successful miss: step-3 cost, model after routing, outcome.
    CallColumn<money::Nanos> cost;
    CallColumn<std::uint16_t> display;
    CallColumn<std::uint8_t> outcome;
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

        bool operator==(const MissTotals&) const = default;
    } ifAllMiss;
    std::vector<std::vector<std::size_t>> moveCandidates; // per move cell, its first kMoveCandidates calls
    static constexpr std::size_t kMoveCandidates = 16;
    // Successful calls grouped by what step 3 did to them: a cache hit only counts itself in its bucket, and the
    // buckets' hits are taken out of ifAllMiss once, after the month. A moved call's cell follows from its rule and
    // task, so the buckets are (rule, task) for moved calls and (rule, outcome) for the others, in that order.
    struct Bucket {
        std::uint8_t rule;
        std::uint8_t outcome;
        std::size_t cell; // when Moved

        bool operator==(const Bucket&) const = default;
    };
    std::vector<Bucket> buckets;
    CallColumn<std::uint32_t> bucket; // per call; 0 for the calls that are not routable

    static constexpr std::uint8_t kDefaultRule = kMaxRouterRules;

    std::int32_t tierOfRule(std::uint8_t rule) const { return rule == kDefaultRule ? defaultTier : ruleTier[rule]; }
    std::size_t moveCell(std::int32_t task, std::size_t displayModels, std::uint16_t target) const
    {
        return std::size_t(task) * displayModels + target;
    }
};

// Calls are routed in parallel ranges of `rangeCalls` (a multiple of 64; tests vary it: the result is the same).
// `previous`, a router compiled against the same snapshot, lends the routed cost of every call it sent to the
// model this router sends it to (a tier or rule edit moves few calls to another model).
inline constexpr std::size_t kRouteRangeCalls = std::size_t(1) << 16;
CompiledRouter compileRouter(const Snapshot& snapshot, const Router& router, const CompiledRouter* previous = nullptr,
                             std::size_t rangeCalls = kRouteRangeCalls);

} // namespace costdash::whatif
