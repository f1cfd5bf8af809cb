#pragma once
// The values the chat client takes and returns: plain structs, safe to hand between threads.
#include <QJsonArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace costdash::api {

struct ChatRequest {
    QString model;
    QJsonArray messages;               // [{"role": "user", "content": "..."}]
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    bool stream = false;               // SSE with stream_options.include_usage
};

// OpenAI's usage block in our token convention: cached is a subset of input, reasoning a subset of output.
struct Usage {
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
};

enum class FailureKind {
    None,
    Http,        // the server answered with an error status (httpStatus, errorCode, errorMessage)
    Network,     // refused, reset, closed before an answer
    Tls,         // the certificate was not trusted (never ignored) or the handshake failed: not retried
    ConnectTimeout,
    Stalled,     // no byte for the stall timeout
    TooLarge,    // the body passed ChatClient::Options::maxResponseBytes
    BadResponse, // 2xx with a body that is not the JSON or SSE we expect
    StreamError, // an `error` event inside a stream
    Cancelled,
    Refused,     // not sent: a plain http:// endpoint that is not loopback, or no endpoint
};

QString failureKindName(FailureKind kind);

struct ChatResult {
    FailureKind failure = FailureKind::None;
    int httpStatus = 0;          // of the last attempt; 0: no answer
    QString errorCode;           // the body's error.code (else error.type)
    QString errorMessage;        // the body's error.message, or what went wrong; the key is redacted
    QString content;             // the answer (what was received, for a stream cut short)
    QString finishReason;
    QString responseModel;       // the model the server says answered
    QString requestId;           // x-request-id, else the body's id
    std::optional<Usage> usage;  // nullopt: usage unknown (a stream cut short or without a usage chunk)
    std::int64_t startedMs = 0;  // wall clock, epoch ms, when the first attempt started
    std::int64_t latencyMs = 0;  // the last attempt, from sending to the end of the body
    std::optional<std::int64_t> ttftMs; // streams: the last attempt's first content token
    int attempts = 0;

    bool ok() const { return failure == FailureKind::None; }
    int retries() const { return attempts > 0 ? attempts - 1 : 0; }
    // One line: "HTTP 429 rate_limit_exceeded: Rate limit reached" / "stalled: no data for 2000 ms".
    QString errorText() const;
};

} // namespace costdash::api
