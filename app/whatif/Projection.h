#pragma once
// What a replay returns: a plain value, safe to hand from a worker thread to the UI.
#include "money/Money.h"

#include <QList>
#include <QMap>
#include <optional>
#include <QString>
#include <cstdint>

namespace costdash::whatif {

inline const QString kCacheHitModel = QStringLiteral("(cache)");

struct ModelCost {
    QString model; // after the scenario
    std::int64_t calls = 0;
    money::Nanos cost = 0;
    std::int64_t unpricedCalls = 0; // of `calls`: without a price on either side, so not in `cost` (never $0)

    bool whollyUnpriced() const { return calls > 0 && unpricedCalls == calls; }
};

struct BaselineVsProjected {
    QString key; // task type, or day "YYYY-MM-DD"
    std::int64_t calls = 0;
    money::Nanos baseline = 0;
    money::Nanos projected = 0;
};

// A call a move takes, as an example of what it moves: the logged prompt, its logged cost and its cost after.
struct SampleCall {
    QString prompt;            // as logged ("" without prompt text)
    money::Nanos logged = 0;   // baseline: the logged cost, else the catalog price
    money::Nanos projected = 0; // on the move's model
};

// One (task type -> new model) move the scenario makes, and whether the store holds successful calls of that
// task type on that model (for example from test prompts): "tested" or "untested".
struct Move {
    QString taskType;
    QString model;
    std::int64_t calls = 0;
    bool tested = false;
    money::Nanos savings = 0; // baseline - routed cost of these calls (negative when the move costs more)
    QList<SampleCall> samples; // the first few calls it takes, in replay order (kMoveSamples at most)
};

// Tokens the cache hits would not have sent or received: counted only when the replay is asked for them
// (ReplayDetail::CacheTokens), as the window's knobs do not show them.
struct CacheTokens {
    std::int64_t input = 0;  // every input token of the hits (cached and cache-write ones are part of input)
    std::int64_t output = 0;
    std::int64_t usageUnknownHits = 0; // hits whose usage the log does not hold: in neither sum
    bool outOfRange = false;           // a sum left int64: show no figure
};

inline constexpr int kMoveSamples = 3;

struct Projection {
    money::Nanos baseline = 0;
    money::Nanos projected = 0;
    money::Nanos cacheSavings = 0;   // baseline cost of cache hits
    money::Nanos routingSavings = 0; // baseline - routed cost, over routed calls
    money::Nanos batchSavings = 0;   // what the batch discount removed
    std::int64_t calls = 0;
    std::int64_t cacheHits = 0;      // exact and near hits
    std::int64_t nearHits = 0;       // hits served by a similar (not identical) prompt: approximate
    // Near misses whose candidates a cap of the near index cut (NearLimits): a complete index might have served
    // some of them, so near hits may be undercounted there.
    std::int64_t nearCappedCalls = 0;
    std::int64_t unpricedRoutedCalls = 0; // routed to a model with no price at the call's time: kept as logged
    std::int64_t unpricedCalls = 0;  // calls with neither a logged cost nor a catalog price
    std::int64_t usageUnknownCalls = 0; // calls without tokens in the log: kept as logged, not replayed
    QMap<QString, std::int64_t> tiers; // routed calls (successful misses) per tier; empty without a router
    // Routed calls per router rule, then those no rule matched (default_tier); empty without a router.
    QList<std::int64_t> ruleCalls;
    QList<money::Nanos> ruleSavings; // the dollars each of those moved: baseline - routed cost, same order
    QList<ModelCost> byModel;        // cache hits are listed under kCacheHitModel
    QList<BaselineVsProjected> byTask;
    QList<BaselineVsProjected> byDay;
    QList<Move> moves;
    std::optional<CacheTokens> cacheTokens; // with ReplayDetail::CacheTokens
    bool outOfRange = false; // a sum left int64 nano-USD: show money::totalOutOfRange(), never these figures

    money::Nanos savings() const { return baseline - projected; }
};

} // namespace costdash::whatif
