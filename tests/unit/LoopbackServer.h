#pragma once
// A scripted OpenAI-compatible HTTP/1.1 server on 127.0.0.1 for tests and benchmarks: real sockets, its own
// thread (so a test may block, e.g. waiting for a costdash process). A handler turns each request into a Reply:
// a status, headers and a body sent at once or in chunks, optionally delayed, stalled or dropped.
#include "services/ServiceThread.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <memory>

namespace costdash::testing {

struct HttpRequest {
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString model() const { return json().value(QLatin1StringView("model")).toString(); }
};

struct Reply {
    enum class End { Complete, Stall, Drop };
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;         // sent with Content-Length, unless chunks are given
    QList<QByteArray> chunks; // sent with Transfer-Encoding: chunked, one write each
    int delayMs = 0;         // before the status line
    int chunkDelayMs = 0;    // between chunks
    End end = End::Complete; // Stall: send what is given (headers only if no body) and then nothing; Drop: close
    bool stallBeforeHeaders = false;
    qsizetype dropAfterBytes = -1; // Drop: the body bytes sent before closing (-1: all of it)
};

using Handler = std::function<Reply(const HttpRequest& request, int index)>;

// Bodies.
inline QByteArray usageJson(int prompt, int completion, int cached = 0, int reasoning = 0)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("prompt_tokens"), prompt},
                                     {QStringLiteral("completion_tokens"), completion},
                                     {QStringLiteral("total_tokens"), prompt + completion},
                                     {QStringLiteral("prompt_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), cached}}},
                                     {QStringLiteral("completion_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), reasoning}}}})
        .toJson(QJsonDocument::Compact);
}

inline Reply completionReply(const QString& model, const QString& content, int prompt = 10, int completion = 5,
                             int cached = 0, int reasoning = 0)
{
    Reply r;
    r.headers = {{"Content-Type", "application/json"}, {"x-request-id", "req-1"}};
    const QJsonObject o{{QStringLiteral("id"), QStringLiteral("chatcmpl-1")},
                        {QStringLiteral("object"), QStringLiteral("chat.completion")},
                        {QStringLiteral("model"), model},
                        {QStringLiteral("choices"), QJsonArray{QJsonObject{
                             {QStringLiteral("index"), 0},
                             {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                     {QStringLiteral("content"), content}}},
                             {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                        {QStringLiteral("usage"), QJsonDocument::fromJson(usageJson(prompt, completion, cached, reasoning)).object()}};
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

inline Reply errorReply(int status, const QString& code, const QString& message,
                        QList<QPair<QByteArray, QByteArray>> extraHeaders = {})
{
    Reply r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.headers += extraHeaders;
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                        QJsonObject{{QStringLiteral("message"), message},
                                                    {QStringLiteral("type"), QStringLiteral("error")},
                                                    {QStringLiteral("code"), code}}}})
                 .toJson(QJsonDocument::Compact);
    return r;
}

inline QByteArray sseEvent(const QByteArray& data)
{
    return "data: " + data + "\n\n";
}

// The SSE chunks of a streamed answer: one per piece, then the usage chunk (unless withUsage is false), [DONE].
inline Reply streamReply(const QString& model, const QStringList& pieces, bool withUsage = true, int prompt = 10,
                         int completion = 5, int cached = 0, int reasoning = 0)
{
    Reply r;
    r.headers = {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    auto chunk = [&](const QJsonObject& delta, const QJsonValue& finish) {
        return QJsonObject{{QStringLiteral("id"), QStringLiteral("chatcmpl-s")}, {QStringLiteral("model"), model},
                           {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                           {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                              {QStringLiteral("delta"), delta},
                                                                              {QStringLiteral("finish_reason"), finish}}}}};
    };
    r.chunks.append(sseEvent(QJsonDocument(chunk(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}}, QJsonValue()))
                                 .toJson(QJsonDocument::Compact)));
    for (const QString& piece : pieces)
        r.chunks.append(sseEvent(QJsonDocument(chunk(QJsonObject{{QStringLiteral("content"), piece}}, QJsonValue()))
                                     .toJson(QJsonDocument::Compact)));
    r.chunks.append(sseEvent(QJsonDocument(chunk(QJsonObject{}, QStringLiteral("stop"))).toJson(QJsonDocument::Compact)));
    if (withUsage)
        r.chunks.append(sseEvent("{\"id\":\"chatcmpl-s\",\"model\":\"" + model.toUtf8() + "\",\"choices\":[],\"usage\":"
                                 + usageJson(prompt, completion, cached, reasoning) + "}"));
    r.chunks.append(sseEvent("[DONE]"));
    return r;
}

class LoopbackServer {
public:
    // The server runs on a services::ServiceThread, so its hand-offs are visible to ThreadSanitizer too.
    explicit LoopbackServer(Handler handler) : m_handler(std::move(handler))
    {
        std::promise<void> listening;
        m_thread.post([this, &listening] {
            listen();
            listening.set_value();
        });
        listening.get_future().wait();
    }
    ~LoopbackServer()
    {
        m_thread.stop([this] { qDeleteAll(m_thread.context()->children()); });
    }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port); }
    int requestCount() const { return m_count.load(); }
    int maxInFlight() const { return m_maxInFlight.load(); }
    int connectionCount() const { return m_connections.load(); }
    QList<HttpRequest> requests() const
    {
        const std::lock_guard lock(m_mutex);
        return m_requests;
    }
    void setHandler(Handler handler)
    {
        const std::lock_guard lock(m_mutex);
        m_handler = std::move(handler);
    }
    // Requests are kept for requests(); a benchmark turns that off to stay flat.
    void setKeepRequests(bool keep) { m_keep = keep; }

private:
    struct Connection {
        QByteArray buffer;
        bool busy = false;
    };

    void listen()
    {
        auto* server = new QTcpServer(m_thread.context());
        server->setMaxPendingConnections(1024);
        if (!server->listen(QHostAddress::LocalHost, 0))
            qFatal("loopback server: cannot listen");
        m_port = server->serverPort();
        QObject::connect(server, &QTcpServer::newConnection, server, [this, server] {
            while (QTcpSocket* socket = server->nextPendingConnection()) {
                socket->setParent(m_thread.context());
                ++m_connections;
                auto state = std::make_shared<Connection>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, state] { read(socket, state); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    void read(QTcpSocket* socket, const std::shared_ptr<Connection>& state)
    {
        state->buffer += socket->readAll();
        while (!state->busy) {
            const qsizetype end = state->buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            HttpRequest request;
            const QList<QByteArray> lines = state->buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (state->buffer.size() < end + 4 + length)
                return;
            request.body = state->buffer.mid(end + 4, length);
            state->buffer.remove(0, end + 4 + length);
            state->busy = true;
            answer(socket, state, request);
        }
    }

    void answer(QTcpSocket* socket, const std::shared_ptr<Connection>& state, const HttpRequest& request)
    {
        Reply reply;
        {
            const std::lock_guard lock(m_mutex);
            const int index = m_count++;
            if (m_keep)
                m_requests.append(request);
            reply = m_handler(request, index);
        }
        const int now = ++m_inFlight;
        int seen = m_maxInFlight.load();
        while (now > seen && !m_maxInFlight.compare_exchange_weak(seen, now)) {
        }
        QPointer<QTcpSocket> guard(socket);
        auto send = [this, guard, state, reply] {
            if (!guard)
                return;
            write(guard, state, reply);
        };
        if (reply.delayMs > 0)
            QTimer::singleShot(reply.delayMs, socket, send);
        else
            send();
    }

    static QByteArray reason(int status)
    {
        switch (status) {
        case 200: return "OK";
        case 401: return "Unauthorized";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        default: return "Status";
        }
    }

    void write(QTcpSocket* socket, const std::shared_ptr<Connection>& state, const Reply& reply)
    {
        if (reply.stallBeforeHeaders) {
            --m_inFlight;
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
        for (const auto& [n, v] : reply.headers)
            head += n + ": " + v + "\r\n";
        const bool chunked = !reply.chunks.isEmpty();
        head += chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                        : "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        head += "\r\n";
        socket->write(head);
        if (!chunked) {
            if (reply.end == Reply::End::Drop && reply.dropAfterBytes >= 0) {
                socket->write(reply.body.left(reply.dropAfterBytes));
                finish(socket, state, reply.end);
                return;
            }
            if (reply.end != Reply::End::Stall)
                socket->write(reply.body);
            finish(socket, state, reply.end);
            return;
        }
        writeChunks(socket, state, reply, 0);
    }

    void writeChunks(QTcpSocket* socket, const std::shared_ptr<Connection>& state, const Reply& reply, qsizetype from)
    {
        for (qsizetype i = from; i < reply.chunks.size(); ++i) {
            if (reply.end == Reply::End::Drop && reply.dropAfterBytes >= 0 && i >= reply.dropAfterBytes)
                return finish(socket, state, reply.end); // dropAfterBytes counts chunks here
            const QByteArray& c = reply.chunks[i];
            socket->write(QByteArray::number(c.size(), 16) + "\r\n" + c + "\r\n");
            if (reply.chunkDelayMs > 0 && i + 1 < reply.chunks.size()) {
                QPointer<QTcpSocket> guard(socket);
                QTimer::singleShot(reply.chunkDelayMs, socket, [this, guard, state, reply, i] {
                    if (guard)
                        writeChunks(guard, state, reply, i + 1);
                });
                return;
            }
        }
        if (reply.end == Reply::End::Complete)
            socket->write("0\r\n\r\n");
        finish(socket, state, reply.end);
    }

    void finish(QTcpSocket* socket, const std::shared_ptr<Connection>& state, Reply::End end)
    {
        --m_inFlight;
        if (end == Reply::End::Drop) {
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        if (end == Reply::End::Stall)
            return;
        state->busy = false;
        if (!state->buffer.isEmpty())
            read(socket, state);
    }

    Handler m_handler;
    QObject m_owner;
    services::ServiceThread m_thread{QStringLiteral("loopback-server"), &m_owner};
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    QList<HttpRequest> m_requests;
    std::atomic<int> m_count{0};
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
    std::atomic<int> m_connections{0};
    std::atomic<bool> m_keep{true};
};

} // namespace costdash::testing
