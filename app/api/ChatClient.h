#pragma once
// An OpenAI-compatible chat client on QNetworkAccessManager and QCoro: every call is a coroutine that never blocks
// the thread it runs on. Retries with backoff and jitter (RetryPolicy), a connect and a stall timeout, a cap on
// the body, cancel at any moment. QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host, so the
// client keeps a pool of managers and hands each request to the least busy one: N requests in flight really run
// N at once (HTTP/2 is used where a server offers it over TLS).
#include "api/ChatTypes.h"
#include "api/RetryPolicy.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>
#include <chrono>
#include <memory>
#include <random>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace costdash::api {

struct ModelList {
    QStringList ids;   // sorted
    ChatResult status; // failure and error of the GET
};

class ChatClient final : public QObject {
    Q_OBJECT
public:
    struct Options {
        std::chrono::milliseconds connectTimeout{10'000}; // until the request is on the wire
        std::chrono::milliseconds stallTimeout{60'000};   // no byte of the answer for this long
        qint64 maxResponseBytes = 16 * 1024 * 1024;       // a bigger body is refused (TooLarge), not buffered
        RetryPolicy retry;
        int connectionsPerManager = 6;                    // QNetworkAccessManager's HTTP/1.1 limit per host
    };

    // `endpoint` is a base URL checked by parseEndpoint ("https://api.global-apis.com/v1"). `apiKey` may be
    // empty (a local server); it is sent as "Authorization: Bearer" and redacted from every error text.
    ChatClient(QUrl endpoint, QString apiKey, Options options, QObject* parent = nullptr);
    ChatClient(QUrl endpoint, QString apiKey, QObject* parent = nullptr);
    ~ChatClient() override;

    QCoro::Task<ChatResult> complete(ChatRequest request);
    QCoro::Task<ModelList> listModels();

    // Aborts every request in flight and every wait before a retry: they end as FailureKind::Cancelled. Calls
    // made after cancel() fail at once until resetCancel().
    void cancel();
    void resetCancel();
    bool isCancelled() const { return m_cancelled; }

    int inFlight() const { return int(m_inFlight.size()); }
    int managerCount() const { return int(m_managers.size()); }
    QUrl endpoint() const { return m_endpoint; }

Q_SIGNALS:
    // A failed attempt that will be tried again after `delayMs` (for progress displays).
    void retrying(const QString& model, int attempt, qint64 delayMs);

private:
    enum class Mode { Completion, Stream, Models };
    struct Outcome;
    QCoro::Task<ChatResult> exchange(QString path, QByteArray body, Mode mode, QString model, QByteArray* okBody);
    QCoro::Task<Outcome> send(const QNetworkRequest& request, const QByteArray& body, Mode mode);
    QNetworkRequest makeRequest(const QString& path, Mode mode) const;
    QNetworkAccessManager* leastBusyManager();

    QUrl m_endpoint;
    QString m_apiKey;
    Options m_options;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    QSet<QNetworkReply*> m_inFlight;
    std::mt19937_64 m_jitter;
    bool m_cancelled = false;
};

// The JSON body of a chat-completion request.
QByteArray chatRequestBody(const ChatRequest& request);

// Waits `delay` unless `cancelled` turns true first (looked at every 25 ms); false when cancelled. Not a wait on
// a signal: QCoro 0.8 delivers an awaited signal through a queued call that can outlive its awaiter (a signal
// emitted twice, or a timeout racing the signal), which then calls into a destroyed frame.
QCoro::Task<bool> sleepUnlessCancelled(std::chrono::milliseconds delay, const bool& cancelled);

} // namespace costdash::api
