// OpenTelemetry GenAI spans: an OTLP/JSON export written from the spec's shapes (KeyValue attribute lists, intValue
// as strings, nanosecond times as strings, deprecated gen_ai.system / prompt_tokens, an error span, a tool span) and
// JSON Lines of spans with an attributes map; detected by content, imported into a real store, checked as stored.
#include "ImportedCalls.h"

#include <QTest>

using namespace costdash;
using costdash::testing::importInto;

namespace {

QByteArray attr(const char* key, const QByteArray& value)
{
    return "{\"key\":\"" + QByteArray(key) + "\",\"value\":" + value + "}";
}

QByteArray str(const char* text)
{
    return "{\"stringValue\":\"" + QByteArray(text) + "\"}";
}

QByteArray span(const char* id, const char* name, const char* start, const char* end, const QList<QByteArray>& attrs,
                const char* status)
{
    return "{\"traceId\":\"5b8e\",\"spanId\":\"" + QByteArray(id) + "\",\"name\":\"" + name + "\",\"kind\":3,"
           "\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + end + "\",\"attributes\":[" +
           attrs.join(',') + "],\"status\":" + status + "}";
}

} // namespace

class TestFormatOtel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void otlpExport();
    void spansAsJsonl();
    void collectorFileExporter();
};

void TestFormatOtel::otlpExport()
{
    const QList<QByteArray> spans{
        span("s1", "chat gpt-4.1-mini", "1762183210031000000", "1762183211412000000",
             {attr("gen_ai.operation.name", str("chat")), attr("gen_ai.provider.name", str("openai")),
              attr("gen_ai.request.model", str("gpt-4.1-mini")), attr("gen_ai.response.model", str("gpt-4.1-mini-2025-04-14")),
              attr("gen_ai.response.id", str("chatcmpl-o1")), attr("gen_ai.usage.input_tokens", "{\"intValue\":\"811\"}"),
              attr("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":\"640\"}"),
              attr("gen_ai.usage.output_tokens", "{\"intValue\":\"92\"}"),
              attr("gen_ai.response.finish_reasons", "{\"arrayValue\":{\"values\":[" + str("stop") + "]}}")},
             "{\"code\":\"STATUS_CODE_OK\"}"),
        // deprecated spellings, an int as a JSON number, a non-standard cost attribute
        span("s2", "chat claude-haiku-4-5", "1762183220000000000", "1762183220500000000",
             {attr("gen_ai.system", str("anthropic")), attr("gen_ai.request.model", str("claude-haiku-4-5")),
              attr("gen_ai.usage.prompt_tokens", "{\"intValue\":1200}"),
              attr("gen_ai.usage.completion_tokens", "{\"intValue\":\"30\"}"),
              attr("gen_ai.usage.cost", "{\"doubleValue\":0.00125}")},
             "{}"),
        // a failed call: error.type set, status code 2
        span("s3", "chat gpt-4o", "1762183230000000000", "1762183230100000000",
             {attr("gen_ai.request.model", str("gpt-4o")), attr("error.type", str("429"))},
             "{\"code\":2,\"message\":\"rate limited\"}"),
        span("s4", "execute_tool search", "1762183240000000000", "1762183240100000000",
             {attr("gen_ai.operation.name", str("execute_tool"))}, "{}"),
    };
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("traces.json"),
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", str("svc")) + "]},"
        "\"scopeSpans\":[{\"scope\":{\"name\":\"opentelemetry.instrumentation.openai\"},\"spans\":[" +
        spans.join(',') + "]}]}]}");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.format, QStringLiteral("json"));
    QCOMPARE(r.result.mapper, QStringLiteral("otel"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762183210031 model=gpt-4.1-mini-2025-04-14 provider=openai input=811 cached=640 "
                       "cache_write=0 output=92 reasoning=0 latency=1381 cost=- task= user=- ok=1 http=0 error=- "
                       "id=chatcmpl-o1"),
        QStringLiteral("ts=1762183220000 model=claude-haiku-4-5 provider=anthropic input=1200 cached=0 cache_write=0 "
                       "output=30 reasoning=0 latency=500 cost=1250000 task= user=- ok=1 http=0 error=- id=s2"),
        QStringLiteral("ts=1762183230000 model=gpt-4o provider=openai input=0 cached=0 cache_write=0 output=0 "
                       "reasoning=0 latency=100 cost=- task= user=- ok=0 http=0 error=429 id=s3"),
    }));
    QCOMPARE(r.errors, QStringList({QStringLiteral(
        "line 4: model: span \"execute_tool search\" is not a model call (skipped)")}));
    // The spans' trace id links them (retries and the steps of one request share it).
    QCOMPARE(testing::column(dir.filePath(QStringLiteral("store.db")), "SELECT trace_id FROM calls ORDER BY id"),
             QStringList({QStringLiteral("5b8e"), QStringLiteral("5b8e"), QStringLiteral("5b8e")}));
}

void TestFormatOtel::spansAsJsonl()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("spans.jsonl"),
        "{\"name\":\"chat gpt-4.1-mini\",\"startTimeUnixNano\":\"1762183210031000000\",\"endTimeUnixNano\":"
        "\"1762183211412000000\",\"attributes\":{\"gen_ai.operation.name\":\"chat\",\"gen_ai.provider.name\":\"openai\","
        "\"gen_ai.request.model\":\"gpt-4.1-mini\",\"gen_ai.response.model\":\"gpt-4.1-mini-2025-04-14\","
        "\"gen_ai.usage.input_tokens\":811,\"gen_ai.usage.cache_read.input_tokens\":640,\"gen_ai.usage.output_tokens\":92,"
        "\"gen_ai.usage.reasoning.output_tokens\":12,\"gen_ai.response.finish_reasons\":[\"stop\"]},"
        "\"status\":{\"code\":\"STATUS_CODE_OK\"}}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.format, QStringLiteral("jsonl"));
    QCOMPARE(r.result.mapper, QStringLiteral("otel"));
    QCOMPARE(r.calls, QStringList({QStringLiteral(
        "ts=1762183210031 model=gpt-4.1-mini-2025-04-14 provider=openai input=811 cached=640 cache_write=0 output=92 "
        "reasoning=12 latency=1381 cost=- task= user=- ok=1 http=0 error=- id=-")}));
}

void TestFormatOtel::collectorFileExporter()
{
    // One export request per line (the OpenTelemetry Collector's file exporter).
    const auto request = [](const char* id, const char* start) -> QByteArray {
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" +
               span(id, "chat gpt-4o", start, "1762183211000000000",
                    {attr("gen_ai.request.model", str("gpt-4o")), attr("gen_ai.usage.input_tokens", "{\"intValue\":\"5\"}"),
                     attr("gen_ai.usage.output_tokens", "{\"intValue\":\"1\"}")},
                    "{}") +
               "]}]}]}\n";
    };
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("traces.jsonl"),
                              request("a1", "1762183210000000000") + request("a2", "1762183210500000000"));
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("otel"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762183210000 model=gpt-4o provider=openai input=5 cached=0 cache_write=0 output=1 "
                       "reasoning=0 latency=1000 cost=- task= user=- ok=1 http=0 error=- id=a1"),
        QStringLiteral("ts=1762183210500 model=gpt-4o provider=openai input=5 cached=0 cache_write=0 output=1 "
                       "reasoning=0 latency=500 cost=- task= user=- ok=1 http=0 error=- id=a2"),
    }));
}

QTEST_GUILESS_MAIN(TestFormatOtel)
#include "tst_format_otel.moc"
