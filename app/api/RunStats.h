#pragma once
// What a test-prompt run reports: per model counts, latency percentiles, tokens, cost and pass rate (plain values).
#include "money/Money.h"

#include <QList>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace costdash::api {

struct ModelStats {
    QString model;
    std::int64_t calls = 0;        // sent and finished (ok + failed)
    std::int64_t ok = 0;
    std::int64_t failed = 0;
    std::int64_t retries = 0;
    std::int64_t skipped = 0;      // never sent: the budget could not cover them
    std::int64_t cancelled = 0;
    std::int64_t usageUnknown = 0; // tokens unknown: not in the tokens or the cost below
    std::int64_t unpriced = 0;     // usage known, the catalog has no price: not in the cost below
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
    money::Nanos cost = 0;
    std::int64_t judged = 0;       // answers with an expectation (or a reference answer) to meet
    std::int64_t passed = 0;
    std::vector<std::int64_t> latenciesMs; // ok calls
    std::vector<std::int64_t> ttftsMs;     // ok streamed calls

    std::optional<std::int64_t> p50Ms() const;
    std::optional<std::int64_t> p95Ms() const;
    std::optional<std::int64_t> ttftP50Ms() const;
    std::optional<double> passRate() const; // passed / judged; nullopt when nothing was judged
};

// Nearest-rank percentile (p in (0, 100]) of unsorted values; nullopt when empty.
std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, int p);

struct RunSummary {
    QString runId;
    QString suite;
    QList<ModelStats> models; // in the order asked for
    money::Nanos estimatedWorstCase = 0;
    money::Nanos spent = 0;   // priced calls; calls of unknown usage are counted at their worst case here
    bool cancelled = false;
    QString error;            // the run stopped early (the store refused a write); empty otherwise
};

} // namespace costdash::api
