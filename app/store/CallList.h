#pragma once
// The Calls page's read side: which calls match a filter, in which order (ids only), and the rows of one page
// of them. A million calls cost one scan for the list; a page is a few hundred lookups by id.
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace costdash::store {

enum class CallSort { Time, Model, Task, Status, InputTokens, OutputTokens, Latency, Cost };
enum class CallStatus { Any, Succeeded, Failed };

struct CallQuery {
    std::optional<timeutil::Millis> fromMs; // inclusive
    std::optional<timeutil::Millis> toMs;   // exclusive
    QString model;                          // the catalog model (as the Overview groups), or the logged name
    QString task;                           // exact task type
    CallStatus status = CallStatus::Any;
    std::optional<money::Nanos> minCost;    // calls costing at least this (unpriced calls never match)
    QString promptContains;                 // case-insensitive (ASCII) substring of the prompt as logged
    CallSort sort = CallSort::Time;
    bool descending = false;
    bool operator==(const CallQuery&) const = default;
};

// One call as the table and its detail pane show it.
struct CallRow {
    std::int64_t id = 0;
    timeutil::Millis timestampMs = 0;
    QString model;
    QString provider;
    QString task;
    std::optional<bool> success;
    std::optional<std::int64_t> httpStatus;
    std::optional<std::int64_t> inputTokens;
    std::optional<std::int64_t> cachedTokens;
    std::optional<std::int64_t> cacheWriteTokens;
    std::optional<std::int64_t> outputTokens;
    std::optional<std::int64_t> reasoningTokens;
    std::optional<std::int64_t> latencyMs;
    std::optional<money::Nanos> loggedCost;
    std::optional<money::Nanos> catalogCost; // nullopt: the catalog has no price for it (unpriced)
    QString prompt;
    QString error;
    // An aggregate row (a usage bucket) of this many requests; 0: a spend line (a cost without a request count)
    std::optional<std::int64_t> aggregateRequests;
    QString tag; // a spend line's line item as exported ("gpt-4o-2024-08-06, cached input")
    // The cost the summaries count: the logged one, else the catalog's; nullopt = unpriced.
    std::optional<money::Nanos> cost() const { return loggedCost ? loggedCost : catalogCost; }
};

} // namespace costdash::store
