#pragma once
// Reading OpenAI chat-completion answers: a whole JSON body, an error body, and a server-sent-event stream fed in
// pieces as they arrive (pure: tested without a network).
#include "api/ChatTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace costdash::api {

// usage{prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens,
// completion_tokens_details.reasoning_tokens}; nullopt when the object has no token counts.
std::optional<Usage> parseUsage(const QJsonObject& usage);

// A 2xx non-streaming body into `out` (content, finish reason, model, id, usage); false and out.failure =
// BadResponse when it is not a chat completion.
bool parseCompletionBody(const QByteArray& body, ChatResult& out);

// {"error": {"message", "type", "code"}} into errorCode / errorMessage; a body that is not one leaves a short
// excerpt of itself as the message.
void parseErrorBody(const QByteArray& body, ChatResult& out);

// Splits a byte stream into SSE events ("data:" lines joined by '\n', an event ends at a blank line).
class SseDecoder {
public:
    // Appends `bytes` and returns the data of every event they completed.
    QList<QByteArray> feed(QByteArrayView bytes);
    // The data of an event the stream ended inside (a server that closes without the final blank line).
    QList<QByteArray> finish();

private:
    void takeLine(QByteArrayView line, QList<QByteArray>& events);
    QByteArray m_pending; // an incomplete line
    QByteArray m_data;    // the data lines of the event under way
    bool m_hasData = false;
};

// Folds the events of one chat-completion stream.
class StreamAccumulator {
public:
    // One event's data. Returns true when it carried the answer's first content (time to first token).
    bool add(const QByteArray& data);
    bool done() const { return m_done; }          // "[DONE]" seen
    bool failed() const { return m_failed; }      // an error event, or data that is not JSON
    bool started() const { return m_events > 0; } // some event arrived
    // Moves what was gathered into `out`; usage stays nullopt unless a usage chunk came.
    void finishInto(ChatResult& out) const;

private:
    QString m_content;
    QString m_finishReason;
    QString m_model;
    QString m_id;
    QString m_errorCode;
    QString m_errorMessage;
    std::optional<Usage> m_usage;
    int m_events = 0;
    bool m_firstContentSeen = false;
    bool m_done = false;
    bool m_failed = false;
};

} // namespace costdash::api
