#include "api/ChatClient.h"

#include "api/ApiKey.h"
#include "api/ChatParse.h"
#include "api/Endpoint.h"

#include <QCoro/QCoroNetworkReply>
#include <QCoro/QCoroTimer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>
#include <QTimer>

namespace costdash::api {
namespace {

struct LaterDeleter {
    void operator()(QObject* o) const { o->deleteLater(); }
};

// Abort from the event loop, not inside a signal of the reply or of a timer that the ending coroutine owns.
void abortSoon(QNetworkReply* reply)
{
    QMetaObject::invokeMethod(reply, &QNetworkReply::abort, Qt::QueuedConnection);
}

QString kindOfNetworkError(QNetworkReply::NetworkError error, const QString& text)
{
    return text.isEmpty() ? QStringLiteral("network error %1").arg(int(error)) : text;
}

} // namespace

struct ChatClient::Outcome {
    ChatResult result;
    Headers headers;
    bool answerStarted = false; // part of a streamed answer arrived: never sent again
};

QCoro::Task<bool> sleepUnlessCancelled(std::chrono::milliseconds delay, const bool& cancelled)
{
    constexpr std::chrono::milliseconds kLook{25};
    QElapsedTimer waited;
    waited.start();
    while (!cancelled) {
        const std::chrono::milliseconds left = delay - std::chrono::milliseconds(waited.elapsed());
        if (left.count() <= 0)
            co_return true;
        co_await QCoro::sleepFor(std::min(left, kLook));
    }
    co_return false;
}

QByteArray chatRequestBody(const ChatRequest& request)
{
    QJsonObject o{{QStringLiteral("model"), request.model}, {QStringLiteral("messages"), request.messages}};
    if (request.maxTokens)
        o.insert(QStringLiteral("max_tokens"), *request.maxTokens);
    if (request.temperature)
        o.insert(QStringLiteral("temperature"), *request.temperature);
    if (request.stream) {
        o.insert(QStringLiteral("stream"), true);
        o.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

ChatClient::ChatClient(QUrl endpoint, QString apiKey, Options options, QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
    , m_options(options)
    , m_jitter(std::random_device{}())
{
}

ChatClient::ChatClient(QUrl endpoint, QString apiKey, QObject* parent)
    : ChatClient(std::move(endpoint), std::move(apiKey), Options{}, parent)
{
}

ChatClient::~ChatClient()
{
    // Coroutines still waiting on a reply resume with an aborted reply while the managers still exist.
    m_cancelled = true;
    const auto replies = m_inFlight;
    for (QNetworkReply* reply : replies)
        reply->abort();
}

void ChatClient::cancel()
{
    m_cancelled = true;
    for (QNetworkReply* reply : std::as_const(m_inFlight))
        abortSoon(reply);
}

void ChatClient::resetCancel()
{
    m_cancelled = false;
}

QNetworkAccessManager* ChatClient::leastBusyManager()
{
    std::vector<int> load(m_managers.size(), 0);
    for (QNetworkReply* reply : std::as_const(m_inFlight)) {
        for (std::size_t i = 0; i < m_managers.size(); ++i) {
            if (reply->manager() == m_managers[i].get())
                ++load[i];
        }
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < load.size(); ++i) {
        if (load[i] < load[best])
            best = i;
    }
    if (m_managers.empty() || load[best] >= m_options.connectionsPerManager) {
        auto nam = std::make_unique<QNetworkAccessManager>();
        nam->setAutoDeleteReplies(false);
        nam->setCookieJar(nullptr);
        m_managers.push_back(std::move(nam));
        return m_managers.back().get();
    }
    return m_managers[best].get();
}

QNetworkRequest ChatClient::makeRequest(const QString& path, Mode mode) const
{
    QNetworkRequest request(endpointUrl(m_endpoint, path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("costdash/" COSTDASH_VERSION));
    request.setRawHeader("Accept", mode == Mode::Stream ? "text/event-stream" : "application/json");
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    return request;
}

QCoro::Task<ChatResult> ChatClient::complete(ChatRequest request)
{
    const Mode mode = request.stream ? Mode::Stream : Mode::Completion;
    co_return co_await exchange(QStringLiteral("chat/completions"), chatRequestBody(request), mode, request.model,
                                nullptr);
}

QCoro::Task<ModelList> ChatClient::listModels()
{
    ModelList list;
    QByteArray body;
    list.status = co_await exchange(QStringLiteral("models"), {}, Mode::Models, {}, &body);
    if (!list.status.ok())
        co_return list;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonArray data = doc.object().value(QLatin1StringView("data")).toArray();
    if (!doc.isObject() || !doc.object().contains(QLatin1StringView("data"))) {
        list.status.failure = FailureKind::BadResponse;
        list.status.errorMessage = QStringLiteral("GET /models did not return {\"data\": [...]}");
        co_return list;
    }
    for (const QJsonValue& m : data) {
        if (const QString id = m.toObject().value(QLatin1StringView("id")).toString(); !id.isEmpty())
            list.ids.append(id);
    }
    list.ids.sort();
    co_return list;
}

QCoro::Task<ChatResult> ChatClient::exchange(QString path, QByteArray body, Mode mode, QString model,
                                             QByteArray* okBody)
{
    ChatResult result;
    result.startedMs = QDateTime::currentMSecsSinceEpoch();
    const QNetworkRequest request = makeRequest(path, mode);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int attempt = 1;; ++attempt) {
        if (m_cancelled) {
            result.failure = FailureKind::Cancelled;
            result.errorMessage = QStringLiteral("cancelled");
            break;
        }
        Outcome outcome = co_await send(request, body, mode);
        const std::int64_t started = result.startedMs;
        result = std::move(outcome.result);
        result.startedMs = started;
        result.attempts = attempt;
        if (result.ok() || attempt > m_options.retry.maxRetries
            || !RetryPolicy::shouldRetry(result, outcome.answerStarted))
            break;
        const auto delay = m_options.retry.delayBefore(attempt, outcome.headers, unit(m_jitter));
        Q_EMIT retrying(model, attempt, delay.count());
        co_await sleepUnlessCancelled(delay, m_cancelled);
    }
    if (okBody && result.ok())
        *okBody = std::exchange(result.content, {}).toUtf8();
    result.errorMessage = redactSecret(result.errorMessage, m_apiKey);
    result.errorCode = redactSecret(result.errorCode, m_apiKey);
    co_return result;
}

QCoro::Task<ChatClient::Outcome> ChatClient::send(const QNetworkRequest& request, const QByteArray& body, Mode mode)
{
    Outcome out;
    QNetworkAccessManager* nam = leastBusyManager();
    std::unique_ptr<QNetworkReply, LaterDeleter> reply(mode == Mode::Models ? nam->get(request)
                                                                             : nam->post(request, body));
    QNetworkReply* r = reply.get();
    m_inFlight.insert(r);
    QElapsedTimer clock;
    clock.start();

    enum class Cut { None, Connect, Stall, TooLarge };
    Cut cut = Cut::None;
    QTimer connectTimer;
    QTimer stallTimer;
    connectTimer.setSingleShot(true);
    stallTimer.setSingleShot(true);
    connectTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may end 5 % early
    stallTimer.setTimerType(Qt::PreciseTimer);
    connectTimer.callOnTimeout(r, [&cut, r] { cut = Cut::Connect; abortSoon(r); });
    stallTimer.callOnTimeout(r, [&cut, r] { cut = Cut::Stall; abortSoon(r); });
    connectTimer.start(m_options.connectTimeout);
    auto onSent = [&connectTimer, &stallTimer, this] {
        connectTimer.stop();
        stallTimer.start(m_options.stallTimeout);
    };
    connect(r, &QNetworkReply::requestSent, r, onSent);

    QByteArray buffer;
    qint64 received = 0;
    bool eventStream = false;
    bool headersSeen = false;
    SseDecoder decoder;
    StreamAccumulator stream;
    auto onHeaders = [&] {
        if (headersSeen)
            return;
        headersSeen = true;
        connectTimer.stop();
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        eventStream = mode == Mode::Stream && status / 100 == 2
            && r->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(QLatin1StringView("text/event-stream"));
    };
    auto onData = [&] {
        if (cut != Cut::None || !r->isOpen()) // an aborted reply is closed: what it held is gone
            return;
        onHeaders();
        stallTimer.start(m_options.stallTimeout);
        const QByteArray chunk = r->readAll();
        received += chunk.size();
        if (received > m_options.maxResponseBytes) {
            cut = Cut::TooLarge;
            abortSoon(r);
            return;
        }
        if (!eventStream) {
            buffer += chunk;
            return;
        }
        for (const QByteArray& event : decoder.feed(chunk)) {
            if (stream.add(event) && !out.result.ttftMs)
                out.result.ttftMs = clock.elapsed();
        }
    };
    connect(r, &QNetworkReply::metaDataChanged, r, [&] { onHeaders(); stallTimer.start(m_options.stallTimeout); });
    // TLS verification stays on: the errors are only kept to say why the reply fails (nothing calls ignoreSslErrors).
    QStringList tlsErrors;
    connect(r, &QNetworkReply::sslErrors, r, [&tlsErrors](const QList<QSslError>& errors) {
        for (const QSslError& e : errors)
            tlsErrors.append(e.errorString());
    });
    connect(r, &QNetworkReply::readyRead, r, onData);

    co_await r;
    onData(); // what arrived with the end
    QObject::disconnect(r, nullptr, nullptr, nullptr);
    connectTimer.stop();
    stallTimer.stop();
    m_inFlight.remove(r);

    ChatResult& res = out.result;
    res.latencyMs = clock.elapsed();
    res.httpStatus = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.headers = r->rawHeaderPairs();
    res.requestId = QString::fromLatin1(r->rawHeader("x-request-id"));
    const QNetworkReply::NetworkError error = r->error();
    if (eventStream) {
        for (const QByteArray& event : decoder.finish())
            stream.add(event);
        stream.finishInto(res);
        out.answerStarted = stream.started();
    }
    if (m_cancelled && error == QNetworkReply::OperationCanceledError && cut == Cut::None) {
        res.failure = FailureKind::Cancelled;
        res.errorMessage = QStringLiteral("cancelled");
    } else if (cut == Cut::TooLarge) {
        res.failure = FailureKind::TooLarge;
        res.errorMessage = QStringLiteral("the answer passed %1 bytes").arg(m_options.maxResponseBytes);
    } else if (cut == Cut::Stall) {
        res.failure = FailureKind::Stalled;
        res.errorMessage = QStringLiteral("no data for %1 ms").arg(m_options.stallTimeout.count());
    } else if (cut == Cut::Connect) {
        res.failure = FailureKind::ConnectTimeout;
        res.errorMessage = QStringLiteral("not connected within %1 ms").arg(m_options.connectTimeout.count());
    } else if (error == QNetworkReply::SslHandshakeFailedError || !tlsErrors.isEmpty()) {
        res.failure = FailureKind::Tls;
        res.errorMessage = tlsErrors.isEmpty() ? r->errorString() : tlsErrors.join(QStringLiteral("; "));
    } else if (res.httpStatus >= 300) {
        res.failure = FailureKind::Http;
        parseErrorBody(buffer, res);
        res.content.clear();
    } else if (error != QNetworkReply::NoError) {
        res.failure = FailureKind::Network;
        res.errorMessage = (eventStream ? QStringLiteral("stream cut short: ") : QString())
            + kindOfNetworkError(error, r->errorString());
    } else if (res.httpStatus == 0) {
        res.failure = FailureKind::Network;
        res.errorMessage = QStringLiteral("no HTTP answer");
    } else if (eventStream) {
        if (res.ok() && !stream.done()) {
            res.failure = FailureKind::Network;
            res.errorMessage = QStringLiteral("stream cut short: it ended before [DONE]");
        }
    } else if (mode == Mode::Models) {
        res.content = QString::fromUtf8(buffer);
    } else {
        parseCompletionBody(buffer, res); // also a server that answers a stream request with one JSON body
    }
    co_return out;
}

} // namespace costdash::api
