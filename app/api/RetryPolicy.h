#pragma once
// When to try a request again and how long to wait first (pure: tested without a network).
#include "api/ChatTypes.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <chrono>
#include <cstdint>
#include <optional>

namespace costdash::api {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct RetryPolicy {
    int maxRetries = 4;
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{20'000};

    // 429 (but not insufficient_quota), 5xx, network failures, a connect timeout and a stall before any answer.
    static bool shouldRetry(const ChatResult& attempt, bool answerStarted);
    // The wait before retry number `retry` (1-based): the server's hint when it gives one (capped at maxDelay),
    // else baseDelay * 2^(retry-1) capped, with jitter: a uniform draw in [d/2, d] from `unit` in [0, 1).
    std::chrono::milliseconds delayBefore(int retry, const Headers& headers, double unit) const;
};

// Retry-After (seconds or an HTTP date), retry-after-ms, and the largest x-ratelimit-reset-* ("1s", "6m0s",
// "20ms", "1.5s"); nullopt when none is there or none parses. `nowUtcMs` dates an HTTP-date Retry-After.
std::optional<std::chrono::milliseconds> serverRetryDelay(const Headers& headers, std::int64_t nowUtcMs);
// "6m0s", "1.5s", "20ms", "2h" (OpenAI's x-ratelimit-reset-* format); nullopt when it is not one.
std::optional<std::chrono::milliseconds> parseResetDuration(QByteArrayView text);

} // namespace costdash::api
