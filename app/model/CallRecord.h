#pragma once
// One LLM API call, normalised (ARCHITECTURE.md token convention): input_tokens counts ALL input, cached and
// cache-write tokens are subsets of it; reasoning tokens are a subset of output tokens.
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QString>
#include <cstdint>
#include <optional>

namespace costdash {

struct CallRecord {
    timeutil::Millis timestampMs = 0;
    QString provider;            // "openai", "deepseek", ... ; empty when the log does not say
    QString model;               // as logged (raw); the catalog resolves aliases and snapshots
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t cacheWriteTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
    bool usageKnown = true;      // false: the log holds no usage (a streamed call without it): tokens stored NULL
    std::optional<std::int64_t> latencyMs;
    std::optional<money::Nanos> loggedCost; // nullopt: the log had no cost (the catalog prices it)
    QString taskType;
    QString tag;
    QString user;
    QString prompt;              // empty: no prompt text in the log
    bool success = true;
    int httpStatus = 0;          // 0: unknown
    QString error;
    QString requestId;
    QString traceId;             // shared by the attempts of one request (retries, fallbacks); empty: none
    // nullopt: one call. N > 0: an aggregate row (a usage bucket, a daily spend row) summing N requests: it counts
    // as N calls in totals but cannot be replayed call by call. 0: a spend row (a Cost CSV line): an aggregate of
    // unknown requests, a cost without requests or tokens, counted as 0 calls. Stored as is (NULL, N, 0).
    std::optional<std::int64_t> aggregateRequests;
    std::uint64_t rowKey = 0;    // the import's identity of the row (importers/RowKeys.h); 0: none, not checked

    bool isSpendRow() const { return aggregateRequests == 0; }
};

} // namespace costdash
