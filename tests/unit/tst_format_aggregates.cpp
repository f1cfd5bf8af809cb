// Aggregate sources (FORMATS.md 1, 3): OpenAI usage API buckets, the usage dashboard's Activity CSV and LiteLLM's
// daily spend tables, written by the test from the documented shapes (floats for integers, idle days, empty
// buckets), detected by content and checked field by field as stored; then end to end through the binary: they
// count in `summary` (flagged as aggregates) and are left out of `whatif` with a visible note.
#include "CliRunner.h"
#include "ImportedCalls.h"
#include "pricing/PriceCatalog.h"
#include "store/Breakdowns.h"

#include <QJsonArray>
#include <QTest>

using namespace costdash;
using costdash::testing::importInto;
using costdash::testing::runCli;

namespace {

// FORMATS.md 1's Activity row as a usage API page: 1,840,000 input (620,000 cached), 212,000 output, 412 requests
// of gpt-4o-mini; then an idle bucket. At $0.15 / $0.075 cached / $0.60: 183,000,000 + 46,500,000 + 127,200,000.
const QByteArray kUsagePage =
    "{\"object\":\"page\",\"data\":[{\"object\":\"bucket\",\"start_time\":1759708800,\"end_time\":1759795200,"
    "\"results\":[{\"object\":\"organization.usage.completions.result\",\"input_tokens\":1840000,"
    "\"output_tokens\":212000,\"input_cached_tokens\":620000,\"num_model_requests\":412,\"project_id\":\"proj_7Qx\","
    "\"user_id\":\"user-Ab3\",\"api_key_id\":\"key_9Zt\",\"model\":\"gpt-4o-mini-2024-07-18\",\"batch\":false,"
    "\"service_tier\":\"default\"}]},{\"object\":\"bucket\",\"start_time\":1759795200,\"end_time\":1759881600,"
    "\"results\":[]}],\"has_more\":false,\"next_page\":null}\n";
constexpr qint64 kUsageCost = 183'000'000 + 46'500'000 + 127'200'000;

const QByteArray kActivityCsv =
    "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,"
    "service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,"
    "output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,"
    "input_image_tokens,input_cached_image_tokens,output_image_tokens\n"
    "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,proj_7Qx,412.0,user-Ab3,key_9Zt,"
    "gpt-4o-mini-2024-07-18,FALSE,default,1840000.0,212000.0,620000.0,1220000.0,1840000.0,212000.0,620000.0,0.0,0.0,"
    "0.0,0.0,0.0,0.0\n"
    "1759795200,1759881600,2025-10-07T00:00:00+00:00,2025-10-08T00:00:00+00:00,,,,,,,,,,,,,,,,,,,,\n";

// A LiteLLM_DailyUserSpend row: 12 requests, $0.0215 spent.
const QByteArray kLiteLlmDaily =
    "id,date,user_id,api_key,model,model_group,custom_llm_provider,prompt_tokens,completion_tokens,"
    "cache_read_input_tokens,cache_creation_input_tokens,spend,api_requests,successful_requests,failed_requests\n"
    "d1,2025-11-03,u_1,88dc28,gpt-4o,smart,openai,5000,800,1000,0,0.0215,12,11,1\n";

const QByteArray kOneCall = // gpt-4o, 1000 in + 100 out: $0.0035
    "{\"ts\":\"2025-11-03T14:22:07Z\",\"status\":200,\"request\":{\"model\":\"gpt-4o\"},\"response\":{\"id\":\"c-1\","
    "\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100}}}\n";

QStringList aggregates(const QTemporaryDir& dir)
{
    return testing::column(dir.filePath(QStringLiteral("store.db")),
                           "SELECT IFNULL(aggregate_requests, '-') FROM calls ORDER BY id");
}

const QString kBucketRow = QStringLiteral(
    "ts=1759708800000 model=gpt-4o-mini-2024-07-18 provider=openai input=1840000 cached=620000 cache_write=0 "
    "output=212000 reasoning=0 latency=- cost=- task=proj_7Qx user=user-Ab3 ok=1 http=0 error=- id=-");

} // namespace

class TestFormatAggregates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usagePage();
    void activityCsv();
    void liteLlmDaily();
    void summaryAndWhatif();
    void errorRateCountsCallsNotBuckets();
};

void TestFormatAggregates::usagePage()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("usage.json"), kUsagePage);
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai-usage"));
    QCOMPARE(r.calls, QStringList{kBucketRow});
    QCOMPARE(aggregates(dir), QStringList{QStringLiteral("412")});
    QCOMPARE(r.errors, QStringList());
}

void TestFormatAggregates::activityCsv()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("activity.csv"), kActivityCsv);
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai-usage"));
    QCOMPARE(r.calls, QStringList{kBucketRow});
    QCOMPARE(aggregates(dir), QStringList{QStringLiteral("412")});
    QCOMPARE(r.errors, QStringList({QStringLiteral("line 3: requests: empty: a bucket without requests (skipped)")}));
}

void TestFormatAggregates::liteLlmDaily()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("daily.csv"), kLiteLlmDaily);
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("litellm-daily"));
    QCOMPARE(r.calls, QStringList({QStringLiteral(
        "ts=1762128000000 model=gpt-4o provider=openai input=5000 cached=1000 cache_write=0 output=800 reasoning=0 "
        "latency=- cost=21500000 task= user=u_1 ok=1 http=0 error=- id=-")}));
    QCOMPARE(aggregates(dir), QStringList{QStringLiteral("12")});
}

void TestFormatAggregates::summaryAndWhatif()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("month.db"));
    for (const auto& [name, bytes] : {std::pair{"usage.json", kUsagePage}, std::pair{"daily.csv", kLiteLlmDaily},
                                      std::pair{"calls.log", kOneCall}}) {
        const auto r = runCli({QStringLiteral("import"), testing::writeFile(dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    const auto s = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(s.count("calls"), 412 + 12 + 1);
    QCOMPARE(s.count("cost_nusd"), kUsageCost + 21'500'000 + 3'500'000);
    QCOMPARE(s.count("aggregate_calls"), 412 + 12);
    QCOMPARE(s.count("aggregate_cost_nusd"), kUsageCost + 21'500'000);
    const QJsonArray groups = s.json().value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("aggregate_calls")).toInteger(), 412);

    const QStringList whatif{QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"),
                             QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/all-gpt-4o-mini.json")};
    const auto w = runCli(whatif + QStringList{QStringLiteral("--json")});
    QVERIFY2(w.exitCode == 0, w.err.constData());
    QCOMPARE(w.count("calls"), 1); // the one call; the buckets are not replayed
    QCOMPARE(w.count("baseline_nusd"), 3'500'000);
    QCOMPARE(w.count("projected_nusd"), 150'000 + 60'000);
    QCOMPARE(w.count("aggregate_calls_left_out"), 412 + 12);
    QCOMPARE(w.count("aggregate_cost_left_out_nusd"), kUsageCost + 21'500'000);
    const auto text = runCli(whatif);
    QVERIFY2(text.out.contains("Aggregates: 424 calls in usage buckets or daily spend rows ($0.3782) are left out "
                               "of the replay"),
             text.out.constData());
}

// Error rate and latency per model count calls, not buckets: a daily row of 12 requests beside one failed and one
// successful call of the same model is an error rate of 1 in 2 (it was 1 in 3 when the row counted as a call),
// with the 12 requests reported apart; its cost stays in the token-class split.
void TestFormatAggregates::errorRateCountsCallsNotBuckets()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("month.db"));
    const QByteArray calls =
        "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success\n"
        "2025-11-03T10:00:00Z,gpt-4o,1000,100,800,,chat,true\n"
        "2025-11-03T11:00:00Z,gpt-4o,1000,100,1200,,chat,false\n";
    for (const auto& [name, bytes] : {std::pair{"daily.csv", kLiteLlmDaily}, std::pair{"calls.csv", calls}}) {
        const auto r = runCli({QStringLiteral("import"), testing::writeFile(dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    QString error;
    const auto store = store::CallStore::open(db, &error);
    QVERIFY2(store, qPrintable(error));
    const store::CallStats stats = store->callStats({}, pricing::PriceCatalog::bundled());
    QCOMPARE(stats.models.size(), 1);
    const store::ModelHealth& h = stats.models.first();
    QCOMPARE(h.model, QStringLiteral("gpt-4o"));
    QCOMPARE(h.calls, 2);
    QCOMPARE(h.failed, 1);
    QCOMPARE(h.errorRate(), 0.5);
    QCOMPARE(h.aggregateRequests, 12);
    QCOMPARE(h.timedCalls, 2);
    QCOMPARE(h.p95Ms, std::optional<std::int64_t>(1200));
    QCOMPARE(stats.tokenClasses.pricedCalls, 3); // the bucket's tokens are priced with the calls'
    QCOMPARE(stats.tokenClasses.outputTokens, 800 + 100 + 100);
}

QTEST_GUILESS_MAIN(TestFormatAggregates)
#include "tst_format_aggregates.moc"
