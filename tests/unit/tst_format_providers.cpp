// Provider response logs (OpenAI, Anthropic, OpenRouter): fixtures written from FORMATS.md's shapes, awkward cases
// included, detected by content and imported into a real store, then checked field by field as stored.
#include "ImportedCalls.h"

#include <QTest>

using namespace costdash;
using costdash::testing::importInto;

class TestFormatProviders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void openAi();
    void anthropic();
    void openRouter();
};

void TestFormatProviders::openAi()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("openai.log"),
        // a logger line wrapping a chat completion (FORMATS.md 2's example)
        "{\"ts\":\"2025-11-03T14:22:07.512Z\",\"latency_ms\":3180,\"status\":200,\"request\":{\"model\":\"o4-mini\","
        "\"user\":\"u_481\"},\"response\":{\"id\":\"chatcmpl-Bx91f\",\"created\":1762179724,\"model\":"
        "\"o4-mini-2025-04-16\",\"usage\":{\"prompt_tokens\":1420,\"completion_tokens\":880,\"total_tokens\":2300,"
        "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},\"completion_tokens_details\":"
        "{\"reasoning_tokens\":640,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
        "\"rejected_prediction_tokens\":0}}}}\n"
        // a bare chat completion, an integer written as a float
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1762179800,\"model\":\"gpt-4o-mini-2024-07-18\","
        "\"choices\":[{\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100.0,\"completion_tokens\":20}}\n"
        // a bare Responses-API object
        "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1762179900,\"status\":\"completed\",\"error\":null,"
        "\"model\":\"gpt-4.1-mini\",\"usage\":{\"input_tokens\":500,\"input_tokens_details\":{\"cached_tokens\":128},"
        "\"output_tokens\":60,\"output_tokens_details\":{\"reasoning_tokens\":0}}}\n"
        // an error body inside the logger line: a failed call with its code
        "{\"ts\":\"2025-11-03T14:23:00Z\",\"latency_ms\":120,\"status\":429,\"request\":{\"model\":\"gpt-4o\"},"
        "\"response\":{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"param\":null,"
        "\"code\":\"rate_limit_exceeded\"}}}\n"
        // a streamed call without include_usage: stored with its usage unknown (NULL tokens), never $0
        "{\"ts\":\"2025-11-03T14:24:00Z\",\"status\":200,\"request\":{\"model\":\"gpt-4o\",\"stream\":true},"
        "\"response\":{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion\",\"created\":1762180000,\"usage\":null}}\n"
        // a bare error body has no time
        "{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"param\":null,"
        "\"code\":\"context_length_exceeded\"}}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762179727512 model=o4-mini-2025-04-16 provider=openai input=1420 cached=1024 cache_write=0 "
                       "output=880 reasoning=640 latency=3180 cost=- task= user=u_481 ok=1 http=200 error=- "
                       "id=chatcmpl-Bx91f"),
        QStringLiteral("ts=1762179800000 model=gpt-4o-mini-2024-07-18 provider=openai input=100 cached=0 cache_write=0 "
                       "output=20 reasoning=0 latency=- cost=- task= user=- ok=1 http=0 error=- id=chatcmpl-2"),
        QStringLiteral("ts=1762179900000 model=gpt-4.1-mini provider=openai input=500 cached=128 cache_write=0 "
                       "output=60 reasoning=0 latency=- cost=- task= user=- ok=1 http=0 error=- id=resp_1"),
        QStringLiteral("ts=1762179780000 model=gpt-4o provider=openai input=0 cached=0 cache_write=0 output=0 "
                       "reasoning=0 latency=120 cost=- task= user=- ok=0 http=429 error=rate_limit_exceeded id=-"),
        QStringLiteral("ts=1762179840000 model=gpt-4o provider=openai input=- cached=- cache_write=- output=- "
                       "reasoning=- latency=- cost=- task= user=- ok=1 http=200 error=- id=chatcmpl-3"),
    }));
    QCOMPARE(r.errors, QStringList({QStringLiteral("line 6: timestamp: absent")}));
}

void TestFormatProviders::anthropic()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("claude.jsonl"),
        // FORMATS.md 7's usage: 38 uncached + 5812 read = 5850 input, 5812 of it cached
        "{\"ts\":\"2025-11-03T15:00:00Z\",\"latency_ms\":2500,\"status\":200,\"response\":{\"id\":\"msg_01\","
        "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"stop_reason\":\"end_turn\","
        "\"usage\":{\"input_tokens\":38,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":5812,"
        "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":412,"
        "\"service_tier\":\"standard\",\"server_tool_use\":null}}}\n"
        // bare, with the logger's time as a key of its own and a cache write
        "{\"timestamp\":1762182000,\"id\":\"msg_02\",\"type\":\"message\",\"model\":\"claude-haiku-4-5\","
        "\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":3000,"
        "\"cache_read_input_tokens\":0,\"output_tokens\":64}}\n"
        // an overloaded error
        "{\"ts\":\"2025-11-03T15:02:00Z\",\"status\":529,\"request\":{\"model\":\"claude-sonnet-4-5\"},\"response\":"
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
        "\"request_id\":\"req_011\"}}\n"
        // a body without the logger's clock
        "{\"id\":\"msg_03\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"stop_reason\":\"end_turn\","
        "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("anthropic"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762182000000 model=claude-sonnet-4-5 provider=anthropic input=5850 cached=5812 "
                       "cache_write=0 output=412 reasoning=0 latency=2500 cost=- task= user=- ok=1 http=200 error=- "
                       "id=msg_01"),
        QStringLiteral("ts=1762182000000 model=claude-haiku-4-5 provider=anthropic input=4200 cached=0 cache_write=3000 "
                       "output=64 reasoning=0 latency=- cost=- task= user=- ok=1 http=0 error=- id=msg_02"),
        QStringLiteral("ts=1762182120000 model=claude-sonnet-4-5 provider=anthropic input=0 cached=0 cache_write=0 "
                       "output=0 reasoning=0 latency=- cost=- task= user=- ok=0 http=529 error=overloaded_error "
                       "id=req_011"),
    }));
    QCOMPARE(r.errors, QStringList({QStringLiteral("line 4: timestamp: absent")}));
}

void TestFormatProviders::openRouter()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("gen.json"),
        "{\"id\":\"gen-1762185530-Qk2\",\"created_at\":\"2025-11-03T15:58:50.412871+00:00\",\"model\":"
        "\"google/gemini-2.5-flash\",\"provider_name\":\"Google AI Studio\",\"streamed\":true,\"cancelled\":false,"
        "\"latency\":1870,\"generation_time\":1650,\"tokens_prompt\":3000,\"native_tokens_prompt\":3100,"
        "\"native_tokens_completion\":420,\"native_tokens_reasoning\":180,\"native_tokens_cached\":0,"
        "\"total_cost\":0.00198,\"usage\":0.00198,\"is_byok\":false,\"finish_reason\":\"stop\",\"external_user\":\"u_77\"}\n"
        // as GET /generation returns it, and cancelled: a failed call that keeps its cost
        "{\"data\":{\"id\":\"gen-2\",\"created_at\":\"2025-11-03T16:00:00Z\",\"model\":\"openai/gpt-4.1\","
        "\"provider_name\":\"OpenAI\",\"cancelled\":true,\"latency\":900,\"native_tokens_prompt\":50,"
        "\"native_tokens_completion\":3,\"native_tokens_reasoning\":null,\"native_tokens_cached\":null,"
        "\"total_cost\":0.0001}}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openrouter"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762185530412 model=google/gemini-2.5-flash provider=Google AI Studio input=3100 cached=0 "
                       "cache_write=0 output=420 reasoning=180 latency=1870 cost=1980000 task= user=u_77 ok=1 http=0 "
                       "error=- id=gen-1762185530-Qk2"),
        QStringLiteral("ts=1762185600000 model=openai/gpt-4.1 provider=OpenAI input=50 cached=0 cache_write=0 output=3 "
                       "reasoning=0 latency=900 cost=100000 task= user=- ok=0 http=0 error=cancelled id=gen-2"),
    }));
    QVERIFY(r.errors.isEmpty());
}

QTEST_GUILESS_MAIN(TestFormatProviders)
#include "tst_format_providers.moc"
