// The chat client against a real loopback server (LoopbackServer.h): every failure the issue lists, the retry
// counts, the timings' order, and that the key never shows in an error.
#include "LoopbackServer.h"
#include "api/ApiKey.h"
#include "api/ChatClient.h"
#include "api/ChatParse.h"
#include "api/Endpoint.h"
#include "api/RetryPolicy.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QtTest>

using namespace costdash;
using namespace costdash::api;
using costdash::testing::LoopbackServer;
using costdash::testing::Reply;

namespace {

const QString kKey = QStringLiteral("sk-test-0123456789abcdefSECRET");

ChatRequest request(const QString& model = QStringLiteral("gpt-4o-mini"), bool stream = false)
{
    ChatRequest r;
    r.model = model;
    r.messages = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                        {QStringLiteral("content"), QStringLiteral("Say hi")}}};
    r.maxTokens = 16;
    r.temperature = 0;
    r.stream = stream;
    return r;
}

ChatClient::Options fastOptions()
{
    ChatClient::Options o;
    o.retry.baseDelay = std::chrono::milliseconds(20);
    o.retry.maxDelay = std::chrono::milliseconds(2000);
    o.retry.maxRetries = 3;
    o.stallTimeout = std::chrono::milliseconds(400);
    o.connectTimeout = std::chrono::milliseconds(2000);
    return o;
}

QUrl endpointOf(const LoopbackServer& server)
{
    QString error;
    return *parseEndpoint(server.baseUrl(), false, &error);
}

ChatResult run(LoopbackServer& server, ChatRequest r = request(), ChatClient::Options o = fastOptions())
{
    ChatClient client(endpointOf(server), kKey, o);
    return QCoro::waitFor(client.complete(std::move(r)));
}

} // namespace

class TestApiClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usageWithCachedAndReasoningTokens();
    void streamWithUsage();
    void streamWithoutUsageIsUsageUnknown();
    void streamCutShortIsUsageUnknownAndNotRetried();
    void retryAfterOn429();
    void rateLimitResetHeader();
    void serverErrorThenSuccess();
    void retriesRunOut();
    void insufficientQuotaIsNotRetried();
    void unauthorizedIsNotRetriedAndKeyRedacted();
    void malformedJson();
    void stalledResponse();
    void droppedConnectionIsRetried();
    void fiftyMegabyteBody();
    void moreThanSixConcurrent();
    void cancelStopsEverything();
    void listModels();
    void untrustedCertificateIsRefused();
    void keyFromEnvironmentThenKeychain();
    void endpointRules_data();
    void endpointRules();
    void resetDurations_data();
    void resetDurations();
    void backoffGrowsWithJitter();
    void sseDecoderAcrossPieces();
};

void TestApiClient::usageWithCachedAndReasoningTokens()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        return testing::completionReply(r.model(), QStringLiteral("hi"), 1200, 300, 1024, 256);
    });
    const ChatResult res = run(server);
    QVERIFY2(res.ok(), qPrintable(res.errorText()));
    QCOMPARE(res.content, QStringLiteral("hi"));
    QVERIFY(res.usage);
    QCOMPARE(res.usage->inputTokens, 1200);
    QCOMPARE(res.usage->cachedInputTokens, 1024);
    QCOMPARE(res.usage->outputTokens, 300);
    QCOMPARE(res.usage->reasoningTokens, 256);
    QCOMPARE(res.attempts, 1);
    QCOMPARE(res.httpStatus, 200);
    QCOMPARE(res.requestId, QStringLiteral("req-1"));
    QVERIFY(!res.ttftMs);
    const auto sent = server.requests();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].method, QByteArray("POST"));
    QCOMPARE(sent[0].path, QByteArray("/v1/chat/completions"));
    QCOMPARE(sent[0].header("Authorization"), "Bearer " + kKey.toUtf8());
    const QJsonObject body = sent[0].json();
    QCOMPARE(body.value(QLatin1StringView("model")).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(body.value(QLatin1StringView("max_tokens")).toInt(), 16);
    QVERIFY(!body.contains(QLatin1StringView("stream")));
}

void TestApiClient::streamWithUsage()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        Reply reply = testing::streamReply(r.model(), {QStringLiteral("Hel"), QStringLiteral("lo")}, true, 50, 7, 32, 3);
        reply.delayMs = 100;      // the first token comes after 100 ms
        reply.chunkDelayMs = 60;  // and the answer ends ~300 ms later
        return reply;
    });
    const ChatResult res = run(server, request(QStringLiteral("gpt-4o-mini"), true));
    QVERIFY2(res.ok(), qPrintable(res.errorText()));
    QCOMPARE(res.content, QStringLiteral("Hello"));
    QCOMPARE(res.finishReason, QStringLiteral("stop"));
    QVERIFY(res.usage);
    QCOMPARE(res.usage->inputTokens, 50);
    QCOMPARE(res.usage->cachedInputTokens, 32);
    QCOMPARE(res.usage->outputTokens, 7);
    QCOMPARE(res.usage->reasoningTokens, 3);
    QVERIFY(res.ttftMs);
    QVERIFY2(*res.ttftMs >= 100, qPrintable(QString::number(*res.ttftMs)));
    QVERIFY2(res.latencyMs >= *res.ttftMs + 150, qPrintable(QStringLiteral("%1 %2").arg(res.latencyMs).arg(*res.ttftMs)));
    const QJsonObject body = server.requests().at(0).json();
    QCOMPARE(body.value(QLatin1StringView("stream")).toBool(), true);
    QCOMPARE(body.value(QLatin1StringView("stream_options")).toObject().value(QLatin1StringView("include_usage")).toBool(), true);
}

void TestApiClient::streamWithoutUsageIsUsageUnknown()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        return testing::streamReply(r.model(), {QStringLiteral("ok")}, false);
    });
    const ChatResult res = run(server, request(QStringLiteral("m"), true));
    QVERIFY2(res.ok(), qPrintable(res.errorText()));
    QCOMPARE(res.content, QStringLiteral("ok"));
    QVERIFY(!res.usage); // unknown, not zero
}

void TestApiClient::streamCutShortIsUsageUnknownAndNotRetried()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        Reply reply = testing::streamReply(r.model(), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        reply.end = Reply::End::Drop;
        reply.dropAfterBytes = 3; // role chunk, "a", "b": then the connection closes
        return reply;
    });
    const ChatResult res = run(server, request(QStringLiteral("m"), true));
    QCOMPARE(res.failure, FailureKind::Network);
    QVERIFY2(res.errorMessage.startsWith(QStringLiteral("stream cut short")), qPrintable(res.errorMessage));
    QCOMPARE(res.content, QStringLiteral("ab"));
    QVERIFY(!res.usage);
    QCOMPARE(res.attempts, 1);
    QCOMPARE(server.requestCount(), 1);
}

void TestApiClient::retryAfterOn429()
{
    LoopbackServer server([](const testing::HttpRequest& r, int index) {
        if (index == 0)
            return testing::errorReply(429, QStringLiteral("rate_limit_exceeded"), QStringLiteral("slow down"),
                                       {{"Retry-After", "1"}});
        return testing::completionReply(r.model(), QStringLiteral("ok"));
    });
    QElapsedTimer t;
    t.start();
    const ChatResult res = run(server);
    QVERIFY2(res.ok(), qPrintable(res.errorText()));
    QCOMPARE(res.attempts, 2);
    QCOMPARE(res.retries(), 1);
    // Honoured, not the 20 ms backoff (timers may end a few per cent early).
    QVERIFY2(t.elapsed() >= 900, qPrintable(QString::number(t.elapsed())));
}

void TestApiClient::rateLimitResetHeader()
{
    LoopbackServer server([](const testing::HttpRequest& r, int index) {
        if (index == 0)
            return testing::errorReply(429, QStringLiteral("rate_limit_exceeded"), QStringLiteral("tokens"),
                                       {{"x-ratelimit-reset-requests", "120ms"}, {"x-ratelimit-reset-tokens", "0.4s"}});
        return testing::completionReply(r.model(), QStringLiteral("ok"));
    });
    QElapsedTimer t;
    t.start();
    const ChatResult res = run(server);
    QVERIFY(res.ok());
    QCOMPARE(res.attempts, 2);
    QVERIFY2(t.elapsed() >= 360, qPrintable(QString::number(t.elapsed()))); // the larger reset, 400 ms
}

void TestApiClient::serverErrorThenSuccess()
{
    LoopbackServer server([](const testing::HttpRequest& r, int index) {
        if (index == 0)
            return testing::errorReply(500, QStringLiteral("server_error"), QStringLiteral("boom"));
        return testing::completionReply(r.model(), QStringLiteral("ok"));
    });
    const ChatResult res = run(server);
    QVERIFY(res.ok());
    QCOMPARE(res.attempts, 2);
    QCOMPARE(server.requestCount(), 2);
}

void TestApiClient::retriesRunOut()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        return testing::errorReply(503, QStringLiteral("overloaded"), QStringLiteral("busy"));
    });
    const ChatResult res = run(server);
    QCOMPARE(res.failure, FailureKind::Http);
    QCOMPARE(res.httpStatus, 503);
    QCOMPARE(res.attempts, 4); // maxRetries 3
    QCOMPARE(server.requestCount(), 4);
    QCOMPARE(res.errorText(), QStringLiteral("HTTP 503 overloaded: busy"));
}

void TestApiClient::insufficientQuotaIsNotRetried()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        return testing::errorReply(429, QStringLiteral("insufficient_quota"), QStringLiteral("You exceeded your quota"));
    });
    const ChatResult res = run(server);
    QCOMPARE(res.failure, FailureKind::Http);
    QCOMPARE(res.errorCode, QStringLiteral("insufficient_quota"));
    QCOMPARE(res.attempts, 1);
    QCOMPARE(server.requestCount(), 1);
}

void TestApiClient::unauthorizedIsNotRetriedAndKeyRedacted()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        // Servers quote the key they refused (OpenAI quotes its tail).
        return testing::errorReply(401, QStringLiteral("invalid_api_key"),
                                   QStringLiteral("Incorrect API key provided: ") + QString::fromUtf8(r.header("Authorization").mid(7))
                                       + QStringLiteral(" and ...") + kKey.right(8));
    });
    const ChatResult res = run(server);
    QCOMPARE(res.httpStatus, 401);
    QCOMPARE(res.attempts, 1);
    QVERIFY(res.errorMessage.startsWith(QStringLiteral("Incorrect API key provided: [redacted]")));
    QVERIFY(!res.errorText().contains(kKey));
    QVERIFY(!res.errorText().contains(kKey.right(8)));
}

void TestApiClient::malformedJson()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        Reply r;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = "{\"choices\": [ {\"message\": ";
        return r;
    });
    const ChatResult res = run(server);
    QCOMPARE(res.failure, FailureKind::BadResponse);
    QVERIFY2(res.errorMessage.startsWith(QStringLiteral("malformed JSON")), qPrintable(res.errorMessage));
    QVERIFY(!res.usage);
    QCOMPARE(res.attempts, 1);
}

void TestApiClient::stalledResponse()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        Reply r = testing::completionReply(QStringLiteral("m"), QStringLiteral("never"));
        r.end = Reply::End::Stall; // headers, then silence
        return r;
    });
    ChatClient::Options o = fastOptions();
    o.retry.maxRetries = 1;
    QElapsedTimer t;
    t.start();
    const ChatResult res = run(server, request(), o);
    QCOMPARE(res.failure, FailureKind::Stalled);
    QCOMPARE(res.attempts, 2);
    QVERIFY2(t.elapsed() >= 720 && t.elapsed() < 5000, qPrintable(QString::number(t.elapsed()))); // 2 x 400 ms
    QCOMPARE(res.errorMessage, QStringLiteral("no data for 400 ms"));
}

void TestApiClient::droppedConnectionIsRetried()
{
    LoopbackServer server([](const testing::HttpRequest& r, int index) {
        Reply reply = testing::completionReply(r.model(), QStringLiteral("second time"));
        if (index == 0) {
            reply.end = Reply::End::Drop;
            reply.dropAfterBytes = 10;
        }
        return reply;
    });
    const ChatResult res = run(server);
    QVERIFY2(res.ok(), qPrintable(res.errorText()));
    QCOMPARE(res.content, QStringLiteral("second time"));
    QCOMPARE(res.attempts, 2);
}

void TestApiClient::fiftyMegabyteBody()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        Reply r;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = QByteArray(50 * 1024 * 1024, 'x');
        return r;
    });
    ChatClient::Options options = fastOptions();
    options.stallTimeout = std::chrono::milliseconds(5000); // writing 50 MB on a loaded machine is no stall
    const ChatResult res = run(server, request(), options);
    QCOMPARE(res.failure, FailureKind::TooLarge);
    QCOMPARE(res.attempts, 1);
    QVERIFY(res.errorMessage.contains(QStringLiteral("16777216")));
}

void TestApiClient::moreThanSixConcurrent()
{
    constexpr int kRequests = 24;
    constexpr int kDelay = 1000;
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        Reply reply = testing::completionReply(r.model(), QStringLiteral("ok"));
        reply.delayMs = kDelay;
        return reply;
    });
    ChatClient::Options options = fastOptions();
    options.stallTimeout = std::chrono::milliseconds(5000); // the server holds each answer a second
    ChatClient client(endpointOf(server), kKey, options);
    QElapsedTimer t;
    t.start();
    int done = 0;
    for (int i = 0; i < kRequests; ++i) {
        QCoro::connect(client.complete(request()), &client, [&done](const ChatResult& res) {
            done += res.ok() ? 1 : 0;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(done, kRequests, 10000);
    // One manager would run 6 at a time: 4 rounds of a second. The pool has them all in flight at once (what the
    // server saw), so they end after about one round (the bound leaves room for a loaded machine).
    QCOMPARE(server.maxInFlight(), kRequests);
    QVERIFY2(t.elapsed() < 2500, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(client.managerCount(), kRequests / 6);
}

void TestApiClient::cancelStopsEverything()
{
    LoopbackServer server([](const testing::HttpRequest& r, int) {
        Reply reply = testing::completionReply(r.model(), QStringLiteral("late"));
        reply.delayMs = 5000;
        return reply;
    });
    ChatClient client(endpointOf(server), kKey, fastOptions());
    QList<ChatResult> results;
    for (int i = 0; i < 3; ++i)
        QCoro::connect(client.complete(request()), &client, [&results](const ChatResult& res) { results.append(res); });
    QTRY_COMPARE(server.requestCount(), 3);
    QElapsedTimer t;
    t.start();
    client.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3, 2000);
    QVERIFY(t.elapsed() < 1000);
    for (const ChatResult& res : results)
        QCOMPARE(res.failure, FailureKind::Cancelled);
    const ChatResult after = QCoro::waitFor(client.complete(request()));
    QCOMPARE(after.failure, FailureKind::Cancelled);
}

void TestApiClient::listModels()
{
    LoopbackServer server([](const testing::HttpRequest&, int) {
        Reply r;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = R"({"object":"list","data":[{"id":"gpt-4o-mini","object":"model"},{"id":"deepseek-chat","object":"model"}]})";
        return r;
    });
    ChatClient client(endpointOf(server), kKey, fastOptions());
    const ModelList list = QCoro::waitFor(client.listModels());
    QVERIFY2(list.status.ok(), qPrintable(list.status.errorText()));
    QCOMPARE(list.ids, (QStringList{QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o-mini")}));
    QCOMPARE(server.requests().at(0).method, QByteArray("GET"));
    QCOMPARE(server.requests().at(0).path, QByteArray("/v1/models"));
}

void TestApiClient::untrustedCertificateIsRefused()
{
    // A TLS server on loopback with a self-signed certificate: the client must refuse it, once, without retrying.
    QTemporaryDir dir;
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                   QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                   QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        QSKIP("openssl could not make a certificate");
    QFile cert(dir.filePath(QStringLiteral("cert.pem")));
    QFile key(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(cert.readAll()));
    tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int handshakes = 0;
    connect(&server, &QSslServer::startedEncryptionHandshake, &server, [&handshakes] { ++handshakes; });
    QString error;
    const auto endpoint = parseEndpoint(QStringLiteral("https://127.0.0.1:%1/v1").arg(server.serverPort()), false, &error);
    QVERIFY2(endpoint, qPrintable(error));
    ChatClient client(*endpoint, kKey, fastOptions());
    const ChatResult res = QCoro::waitFor(client.complete(request()));
    QCOMPARE(res.failure, FailureKind::Tls);
    QCOMPARE(res.attempts, 1);
    QVERIFY2(res.errorMessage.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive), qPrintable(res.errorMessage));
    QCOMPARE(handshakes, 1);
}

void TestApiClient::keyFromEnvironmentThenKeychain()
{
    qputenv("COSTDASH_API_KEY", "sk-env-1");
    qputenv("GLOBAL_API_KEY", "sk-env-2");
    ApiKey key = QCoro::waitFor(loadApiKey());
    QCOMPARE(key.value, QStringLiteral("sk-env-1"));
    QCOMPARE(key.source, QStringLiteral("COSTDASH_API_KEY"));
    qunsetenv("COSTDASH_API_KEY");
    QCOMPARE(QCoro::waitFor(loadApiKey()).source, QStringLiteral("GLOBAL_API_KEY"));
    qunsetenv("GLOBAL_API_KEY");
    // No variable: the keychain answers, or (no keychain service here) the wait ends within its 3 s.
    QElapsedTimer t;
    t.start();
    key = QCoro::waitFor(loadApiKey());
    QVERIFY(t.elapsed() < 4000);
    QVERIFY(key.source.isEmpty() || key.source == u"keychain");
    QVERIFY(key.source.isEmpty() == key.value.isEmpty());
}

void TestApiClient::endpointRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allowInsecure");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("https") << "https://api.global-apis.com/v1/" << false << "https://api.global-apis.com/v1";
    QTest::newRow("loopback v4") << "http://127.0.0.1:8080/v1" << false << "http://127.0.0.1:8080/v1";
    QTest::newRow("localhost") << "http://localhost:11434/v1" << false << "http://localhost:11434/v1";
    QTest::newRow("loopback v6") << "http://[::1]:8000/v1" << false << "http://[::1]:8000/v1";
    QTest::newRow("plain http remote") << "http://api.example.com/v1" << false << "";
    QTest::newRow("plain http remote allowed") << "http://api.example.com/v1" << true << "http://api.example.com/v1";
    QTest::newRow("ftp") << "ftp://example.com/v1" << true << "";
    QTest::newRow("no host") << "https:///v1" << false << "";
}

void TestApiClient::endpointRules()
{
    QFETCH(QString, text);
    QFETCH(bool, allowInsecure);
    QFETCH(QString, expected);
    QString error;
    const auto url = parseEndpoint(text, allowInsecure, &error);
    if (expected.isEmpty()) {
        QVERIFY(!url);
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->toString(), expected);
        QCOMPARE(endpointUrl(*url, QStringLiteral("models")).toString(), expected + QStringLiteral("/models"));
    }
}

void TestApiClient::resetDurations_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("ms"); // -1: not a duration
    QTest::newRow("seconds") << QByteArray("1s") << qint64(1000);
    QTest::newRow("fraction") << QByteArray("1.5s") << qint64(1500);
    QTest::newRow("minutes") << QByteArray("6m0s") << qint64(360000);
    QTest::newRow("ms") << QByteArray("20ms") << qint64(20);
    QTest::newRow("hours") << QByteArray("1h2m3s") << qint64(3723000);
    QTest::newRow("bare") << QByteArray("2") << qint64(2000);
    QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
}

void TestApiClient::resetDurations()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, ms);
    const auto d = parseResetDuration(text);
    QCOMPARE(d ? qint64(d->count()) : qint64(-1), ms);
}

void TestApiClient::backoffGrowsWithJitter()
{
    RetryPolicy p;
    p.baseDelay = std::chrono::milliseconds(500);
    p.maxDelay = std::chrono::milliseconds(20000);
    QCOMPARE(p.delayBefore(1, {}, 0.0).count(), 250);
    QCOMPARE(p.delayBefore(1, {}, 0.999999).count(), 500);
    QCOMPARE(p.delayBefore(3, {}, 0.999999).count(), 2000);
    QCOMPARE(p.delayBefore(10, {}, 0.999999).count(), 20000);
    QCOMPARE(p.delayBefore(1, {{"Retry-After", "3"}}, 0.0).count(), 3000);
    QCOMPARE(p.delayBefore(1, {{"retry-after-ms", "75"}}, 0.0).count(), 75);
    QCOMPARE(p.delayBefore(1, {{"Retry-After", "600"}}, 0.0).count(), 20000); // capped
    const auto date = serverRetryDelay({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}},
                                       QDateTime(QDate(2015, 10, 21), QTime(7, 27, 58), QTimeZone::utc()).toMSecsSinceEpoch());
    QVERIFY(date);
    QCOMPARE(date->count(), 2000);
}

void TestApiClient::sseDecoderAcrossPieces()
{
    SseDecoder d;
    QList<QByteArray> events = d.feed("data: {\"a\"");
    QVERIFY(events.isEmpty());
    events += d.feed(":1}\r\n\r\n: keep-alive\n\ndata: [DO");
    events += d.feed("NE]\n\n");
    QCOMPARE(events, (QList<QByteArray>{"{\"a\":1}", "[DONE]"}));
    SseDecoder e;
    QCOMPARE(e.feed("data: x\n"), QList<QByteArray>{});
    QCOMPARE(e.finish(), QList<QByteArray>{"x"});
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_api_client.moc"
