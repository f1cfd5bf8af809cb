// Gateway and tracing exports (LiteLLM, Helicone, Langfuse): fixtures written from FORMATS.md's shapes (JSON inside
// CSV cells, naive UTC times, floats for integers, seconds for latency, failures, non-generations, calls without
// usage), detected by content, imported into a real store and checked field by field as stored. A call whose log
// names no provider gets the catalog's provider of its model (the store's rule), none for a model it does not know.
#include "ImportedCalls.h"

#include <QTest>

using namespace costdash;
using costdash::testing::importInto;

class TestFormatGateways : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void liteLlmCsv();
    void liteLlmJson();
    void heliconeCsv();
    void heliconeJsonl();
    void langfuseJsonl();
    void langfuseCsvAndApi();
};

void TestFormatGateways::liteLlmCsv()
{
    QTemporaryDir dir;
    const QByteArray header = "request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,"
                              "endTime,completionStartTime,model,model_id,model_group,custom_llm_provider,api_base,user,"
                              "metadata,cache_hit,cache_key,request_tags,team_id,end_user,requester_ip_address,messages,"
                              "response,session_id,status\n";
    const auto r = importInto(dir, QStringLiteral("spend.csv"), header +
        "chatcmpl-6f2e1,acompletion,88dc28,0.0004317,2460,2150,310,2025-11-03 09:14:02.118,2025-11-03 09:14:03.604,,"
        "gpt-4o-mini,,cheap-chat,openai,,,\"{\"\"user_api_key_alias\"\":\"\"svc-summarizer\"\",\"\"additional_usage_values"
        "\"\":{\"\"prompt_tokens_details\"\":{\"\"cached_tokens\"\":1024}}}\",False,,\"[\"\"summarize\"\",\"\"prod\"\"]\",,"
        "cust_9921,,{},{},,success\n"
        // a failure: error code from metadata.error_information, the task from spend_logs_metadata
        "chatcmpl-err,acompletion,88dc28,0.0,0,0,0,2025-11-03 09:15:00.000,2025-11-03 09:15:30.500,,claude-sonnet-4-5,,"
        "smart,anthropic,,u_1,\"{\"\"error_information\"\":{\"\"error_code\"\":\"\"429\"\",\"\"error_class\"\":"
        "\"\"RateLimitError\"\"},\"\"spend_logs_metadata\"\":{\"\"task_type\"\":\"\"triage\"\"}}\",,,[],,,,{},{},,failure\n"
        // floats for integers, an exponent in the spend, Anthropic-style cache fields in metadata
        "chatcmpl-3,acompletion,88dc28,1.5e-05,105.0,100.0,5,2025-11-03 09:16:00,2025-11-03 09:16:00.250,,"
        "claude-haiku-4-5,,fast,anthropic,,,\"{\"\"additional_usage_values\"\":{\"\"cache_read_input_tokens\"\":20,"
        "\"\"cache_creation_input_tokens\"\":30}}\",False,,[],,,,{},{},,success\n"
        "chatcmpl-4,acompletion,88dc28,abc,1,1,0,2025-11-03 09:17:00,2025-11-03 09:17:01,,gpt-4o,,,openai,,,{},,,[],,,,{},{},,"
        "success\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("litellm"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762161242118 model=gpt-4o-mini provider=openai input=2150 cached=1024 cache_write=0 output=310 "
                       "reasoning=0 latency=1486 cost=431700 task=summarize user=cust_9921 ok=1 http=0 error=- "
                       "id=chatcmpl-6f2e1"),
        QStringLiteral("ts=1762161300000 model=claude-sonnet-4-5 provider=anthropic input=0 cached=0 cache_write=0 "
                       "output=0 reasoning=0 latency=30500 cost=0 task=triage user=u_1 ok=0 http=0 error=429 "
                       "id=chatcmpl-err"),
        QStringLiteral("ts=1762161360000 model=claude-haiku-4-5 provider=anthropic input=100 cached=20 cache_write=30 "
                       "output=5 reasoning=0 latency=250 cost=15000 task= user=- ok=1 http=0 error=- id=chatcmpl-3"),
    }));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY2(r.errors[0].startsWith(QStringLiteral("line 5: cost_usd: ")), qPrintable(r.errors[0]));
}

void TestFormatGateways::liteLlmJson()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("spend_logs.txt"),
        "[\n  {\"request_id\":\"chatcmpl-j1\",\"call_type\":\"acompletion\",\"spend\":0.000215,\"prompt_tokens\":1000,"
        "\"completion_tokens\":100,\"total_tokens\":1100,\"startTime\":\"2025-11-04T08:00:00.250Z\",\"endTime\":"
        "\"2025-11-04T08:00:01.000Z\",\"model\":\"gpt-4o-mini\",\"model_group\":\"cheap\",\"custom_llm_provider\":\"openai\","
        "\"user\":\"\",\"end_user\":\"\",\"metadata\":{\"user_api_key_alias\":\"svc-a\",\"spend_logs_metadata\":"
        "{\"task\":\"summarize\"}},\"request_tags\":[],\"status\":\"success\"},\n"
        "  {\"request_id\":\"chatcmpl-j2\",\"spend\":0.001,\"prompt_tokens\":10,\"completion_tokens\":1,\"startTime\":"
        "\"2025-11-04T08:00:02Z\",\"model_group\":\"cheap\",\"status\":\"success\"}\n]\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.format, QStringLiteral("json"));
    QCOMPARE(r.result.mapper, QStringLiteral("litellm"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762243200250 model=gpt-4o-mini provider=openai input=1000 cached=0 cache_write=0 output=100 "
                       "reasoning=0 latency=750 cost=215000 task=summarize user=svc-a ok=1 http=0 error=- id=chatcmpl-j1"),
        QStringLiteral("ts=1762243202000 model=cheap provider= input=10 cached=0 cache_write=0 output=1 reasoning=0 "
                       "latency=- cost=1000000 task= user=- ok=1 http=0 error=- id=chatcmpl-j2"),
    }));
    QVERIFY(r.errors.isEmpty());
}

void TestFormatGateways::heliconeCsv()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("helicone.csv"),
        "\"response_id\",\"response_created_at\",\"response_status\",\"request_created_at\",\"request_body\","
        "\"request_properties\",\"request_user_id\",\"model\",\"prompt_tokens\",\"completion_tokens\",\"latency\",\"cost\"\n"
        "\"5d1c-1\",\"2025-11-03T10:02:11.870Z\",\"200\",\"2025-11-03T10:02:09.730Z\",\"\",\"{\"\"feature\"\":"
        "\"\"ticket-triage\"\",\"\"env\"\":\"\"prod\"\"}\",\"cust_412\",\"gpt-4o\",\"1830\",\"240\",\"2140\",\"0.006975\"\n"
        "\"5d1c-2\",\"2025-11-03T10:03:00.000Z\",\"500\",\"2025-11-03T10:02:59.000Z\",\"\",\"\",\"\",\"gpt-4o\",\"0\",\"0\","
        "\"1000\",\"0\"\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("helicone"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762164129730 model=gpt-4o provider=openai input=1830 cached=0 cache_write=0 output=240 reasoning=0 "
                       "latency=2140 cost=6975000 task=ticket-triage user=cust_412 ok=1 http=200 error=- id=5d1c-1"),
        QStringLiteral("ts=1762164179000 model=gpt-4o provider=openai input=0 cached=0 cache_write=0 output=0 reasoning=0 "
                       "latency=1000 cost=0 task= user=- ok=0 http=500 error=- id=5d1c-2"),
    }));
}

void TestFormatGateways::heliconeJsonl()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("helicone.jsonl"),
        "{\"request_id\":\"7a1e\",\"request_created_at\":\"2025-11-03T11:00:00.000Z\",\"request_path\":\"/v1/messages\","
        "\"request_user_id\":\"cust_9\",\"request_properties\":{\"feature\":\"draft\"},\"model\":\"claude-sonnet-4-5\","
        "\"provider\":\"ANTHROPIC\",\"response_status\":200,\"response_created_at\":\"2025-11-03T11:00:04.000Z\","
        "\"delay_ms\":4000,\"time_to_first_token\":800,\"prompt_tokens\":7000,\"completion_tokens\":500,"
        "\"prompt_cache_read_tokens\":6000,\"prompt_cache_write_tokens\":0,\"costUSD\":0.0114,\"scores\":{}}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("helicone"));
    QCOMPARE(r.calls, QStringList({QStringLiteral(
        "ts=1762167600000 model=claude-sonnet-4-5 provider=anthropic input=7000 cached=6000 cache_write=0 output=500 "
        "reasoning=0 latency=4000 cost=11400000 task=draft user=cust_9 ok=1 http=200 error=- id=7a1e")}));
}

void TestFormatGateways::langfuseJsonl()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("observations.jsonl"),
        // FORMATS.md 5's example: input 412 uncached + 6000 cache reads = 6412
        "{\"id\":\"7b0e\",\"trace_id\":\"a91f\",\"type\":\"GENERATION\",\"name\":\"draft-reply\",\"start_time\":"
        "\"2025-11-03 16:40:12.031000\",\"end_time\":\"2025-11-03 16:40:19.655000\",\"provided_model_name\":"
        "\"claude-sonnet-4-5\",\"usage_details\":{\"input\":412,\"cache_read_input_tokens\":6000,\"output\":730,"
        "\"total\":7142},\"cost_details\":{\"input\":0.001236,\"total\":0.013986},\"total_cost\":0.013986,"
        "\"latency\":7.624,\"level\":\"DEFAULT\",\"status_message\":\"\",\"user_id\":\"agent_17\",\"trace_name\":"
        "\"support-reply\",\"tags\":[\"prod\"]}\n"
        "{\"id\":\"sp1\",\"type\":\"SPAN\",\"name\":\"retrieve\",\"start_time\":\"2025-11-03 16:40:11.000000\"}\n"
        "{\"id\":\"e1\",\"type\":\"GENERATION\",\"name\":\"classify\",\"start_time\":\"2025-11-03 16:41:00.000000\","
        "\"provided_model_name\":\"gpt-4o-mini\",\"usage_details\":{\"input\":100,\"input_cached_tokens\":50,"
        "\"output\":0,\"output_reasoning_tokens\":0,\"output_audio_tokens\":null},\"level\":\"ERROR\",\"status_message\":\"timeout\",\"latency\":30.0}\n"
        "{\"id\":\"s1\",\"type\":\"GENERATION\",\"name\":\"stream\",\"start_time\":\"2025-11-03 16:42:00.000000\","
        "\"provided_model_name\":\"gpt-4o\",\"level\":\"DEFAULT\"}\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("langfuse"));
    QCOMPARE(r.calls, QStringList({
        QStringLiteral("ts=1762188012031 model=claude-sonnet-4-5 provider= input=6412 cached=6000 cache_write=0 "
                       "output=730 reasoning=0 latency=7624 cost=13986000 task=support-reply user=agent_17 ok=1 http=0 "
                       "error=- id=7b0e"),
        QStringLiteral("ts=1762188060000 model=gpt-4o-mini provider=openai input=150 cached=50 cache_write=0 output=0 "
                       "reasoning=0 latency=30000 cost=- task=classify user=- ok=0 http=0 error=timeout id=e1"),
        QStringLiteral("ts=1762188120000 model=gpt-4o provider=openai input=- cached=- cache_write=- output=- "
                       "reasoning=- latency=- cost=- task=stream user=- ok=1 http=0 error=- id=s1"),
    }));
    QCOMPARE(r.errors, QStringList({QStringLiteral("line 2: type: SPAN is not a generation (skipped)")}));
}

void TestFormatGateways::langfuseCsvAndApi()
{
    QTemporaryDir dir;
    const auto csv = importInto(dir, QStringLiteral("obs.csv"),
        "id,trace_id,type,name,start_time,end_time,provided_model_name,usage_details,total_cost,latency,level,"
        "status_message,user_id,trace_name\n"
        "g1,t1,GENERATION,gen,2025-11-03 17:00:00.500000,2025-11-03 17:00:02.000000,gpt-4o-mini,\"{\"\"input\"\":900,"
        "\"\"input_cached_tokens\"\":100,\"\"output\"\":50}\",0.000165,1.5,DEFAULT,,u1,qa\n");
    QVERIFY2(csv.result.error.isEmpty(), qPrintable(csv.result.error));
    QCOMPARE(csv.result.mapper, QStringLiteral("langfuse"));
    QCOMPARE(csv.calls, QStringList({QStringLiteral(
        "ts=1762189200500 model=gpt-4o-mini provider=openai input=1000 cached=100 cache_write=0 output=50 reasoning=0 "
        "latency=1500 cost=165000 task=qa user=u1 ok=1 http=0 error=- id=g1")}));

    QTemporaryDir apiDir;
    const auto api = importInto(apiDir, QStringLiteral("page.json"),
        "{\"data\":[{\"id\":\"api1\",\"type\":\"GENERATION\",\"name\":\"chat\",\"startTime\":\"2025-11-03T18:00:00.000Z\","
        "\"endTime\":\"2025-11-03T18:00:01.200Z\",\"model\":\"gpt-4o\",\"usageDetails\":{\"input\":10,\"output\":5},"
        "\"totalCost\":0.0001,\"latency\":1.2,\"level\":\"DEFAULT\",\"userId\":\"u2\"}],\"meta\":{\"page\":1}}\n");
    QVERIFY2(api.result.error.isEmpty(), qPrintable(api.result.error));
    QCOMPARE(api.result.format, QStringLiteral("json"));
    QCOMPARE(api.result.mapper, QStringLiteral("langfuse"));
    QCOMPARE(api.calls, QStringList({QStringLiteral(
        "ts=1762192800000 model=gpt-4o provider=openai input=10 cached=0 cache_write=0 output=5 reasoning=0 latency=1200 "
        "cost=100000 task=chat user=u2 ok=1 http=0 error=- id=api1")}));
}

QTEST_GUILESS_MAIN(TestFormatGateways)
#include "tst_format_gateways.moc"
