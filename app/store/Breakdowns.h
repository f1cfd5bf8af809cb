#pragma once
// What the Overview shows beyond the grouped summaries, for a period: spend per day split by model or provider,
// cost by token class, and latency and error rate per model. Computed by CallStore (store/Breakdowns.cpp).
#include "money/Money.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace costdash::store {

// Spend per day split by a key (model or provider), as `summary` costs it: the logged cost, else the catalog's.
struct DaySplit {
    QStringList days;                   // "YYYY-MM-DD", every day from the period's first call to its last
    QStringList keys;                   // the biggest first; "Other" last when the rest were folded into one
    QList<QList<money::Nanos>> amounts; // [key][day]
    bool folded = false;                // the last key sums several
    bool outOfRange = false;            // a sum left int64: not to be shown
};

// The calls' cost at the catalog's prices split by token class (a logged cost does not say how it splits).
// Cache writes are billed as input; reasoning is the part of the output the model spent thinking.
struct TokenClassCosts {
    money::Nanos input = 0; // uncached input and cache writes
    money::Nanos cachedInput = 0;
    money::Nanos output = 0; // output less reasoning
    money::Nanos reasoning = 0;
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
    std::int64_t pricedCalls = 0;
    std::int64_t unpricedCalls = 0; // no catalog price at the call's time, or usage unknown: not in the split
    bool outOfRange = false;
};

// Latency and failures of one model's calls.
struct ModelHealth {
    QString model;                            // catalog id, else the logged name (as `summary --by model`)
    std::int64_t calls = 0;
    std::int64_t failed = 0;                  // calls logged as not successful
    std::int64_t timedCalls = 0;              // calls with a logged latency
    std::optional<std::int64_t> p50Ms, p95Ms; // nearest rank over the timed calls; nullopt without one
    // Requests summed by aggregate rows (usage buckets, daily spend): not in calls, failed or the latencies, as a
    // bucket logs neither a status nor a latency per request; counting one as a call would skew the error rate.
    std::int64_t aggregateRequests = 0;
    double errorRate() const { return calls ? double(failed) / double(calls) : 0.0; }
};

struct CallStats {
    TokenClassCosts tokenClasses;
    QList<ModelHealth> models; // most calls first, then by name
};

} // namespace costdash::store
