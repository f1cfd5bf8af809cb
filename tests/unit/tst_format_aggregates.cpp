// Aggregate sources (FORMATS.md 1, 3): OpenAI usage API buckets, the usage dashboard's Activity CSV, LiteLLM's
// daily spend tables and the spend lines of the dashboard's Cost CSV and the Costs API, written by the test from
// the documented shapes (floats for integers, idle days, empty buckets), detected by content and checked field by
// field as stored; then end to end through the binary: they count in `summary` (flagged as aggregates) and are
// left out of `whatif` with a visible note.
#include "CliRunner.h"
#include "ImportedCalls.h"
#include "pricing/PriceCatalog.h"
#include "store/Breakdowns.h"
#include "store/CallStore.h"

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

// The usage dashboard's Cost CSV (FORMATS.md 1) for the Activity row's day: two model line items, a line item that
// is no model, an idle day, and a line in euros. Spend: 561,771,250 + 46,500,000 + 250,000,000 nano-USD.
const QByteArray kCostCsv =
    "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,"
    "organization_id,organization_name\n"
    "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,0.5617712500000000,usd,"
    "\"gpt-4o-2024-08-06, input\",proj_7Qx,org-Rk2,Acme\n"
    "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,0.0465000000000000,usd,"
    "\"gpt-4o-mini-2024-07-18, cached input\",proj_7Qx,org-Rk2,Acme\n"
    "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,0.2500000000000000,usd,"
    "web search tool calls,proj_7Qx,org-Rk2,Acme\n"
    "1759795200,1759881600,2025-10-07T00:00:00+00:00,2025-10-08T00:00:00+00:00,,,,,,\n"
    "1759795200,1759881600,2025-10-07T00:00:00+00:00,2025-10-08T00:00:00+00:00,1.2000000000000000,eur,"
    "\"gpt-4o-2024-08-06, output\",proj_7Qx,org-Rk2,Acme\n";
constexpr qint64 kCostCsvSpend = 561'771'250 + 46'500'000 + 250'000'000;

// A Costs API page: a line item's result with the amount as a JSON number, an ungrouped one (line_item null) with
// the amount as a decimal string; then an empty bucket.
const QByteArray kCostsPage =
    "{\"object\":\"page\",\"data\":[{\"object\":\"bucket\",\"start_time\":1759708800,\"end_time\":1759795200,"
    "\"results\":[{\"object\":\"organization.costs.result\",\"amount\":{\"value\":0.5617712500000000,"
    "\"currency\":\"usd\"},\"line_item\":\"gpt-4o-2024-08-06, batch output\",\"project_id\":\"proj_7Qx\"},"
    "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":\"0.0465\",\"currency\":\"usd\"},"
    "\"line_item\":null,\"project_id\":null}]},{\"object\":\"bucket\",\"start_time\":1759795200,"
    "\"end_time\":1759881600,\"results\":[]}],\"has_more\":false,\"next_page\":null}\n";

// The spend line's columns beyond storedCalls(): the tag (the line item) and the request count (0: unknown).
QStringList spendColumns(const QTemporaryDir& dir)
{
    return testing::column(dir.filePath(QStringLiteral("store.db")),
                           "SELECT IFNULL(g.name, '-') || ' | ' || IFNULL(c.aggregate_requests, '-') FROM calls c "
                           "LEFT JOIN tags g ON g.id = c.tag_id ORDER BY c.id");
}

QString spendRow(const char* model, qint64 cost, const char* task = "proj_7Qx")
{
    return QStringLiteral("ts=1759708800000 model=%1 provider=openai input=- cached=- cache_write=- output=- "
                          "reasoning=- latency=- cost=%2 task=%3 user=- ok=1 http=0 error=- id=-")
        .arg(QLatin1String(model)).arg(cost).arg(QLatin1String(task));
}

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
    void costCsv();
    void costsApiPage();
    void costsApiAmountsKeepEveryDigit();
    void spendLinesInSummaryAndWhatif();
    void doubleCountingIsWarned();
    void callsNextToSpendLinesAreWarned();
    void costCsvDryRun();
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
    QCOMPARE(r.errors, QStringList());
    QCOMPARE(r.result.counts.idle, 1); // the idle day: skipped and counted, not a bad row
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

// Each line item a spend line of its model (the part before the token-class label; a line item that is no model
// kept whole), the line item as its tag, no tokens; the idle day skipped and counted apart; euros refused.
void TestFormatAggregates::costCsv()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("costs.csv"), kCostCsv);
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai-costs"));
    QCOMPARE(r.calls, QStringList({spendRow("gpt-4o-2024-08-06", 561'771'250),
                                   spendRow("gpt-4o-mini-2024-07-18", 46'500'000),
                                   spendRow("web search tool calls", 250'000'000)}));
    QCOMPARE(spendColumns(dir), QStringList({QStringLiteral("gpt-4o-2024-08-06, input | 0"),
                                             QStringLiteral("gpt-4o-mini-2024-07-18, cached input | 0"),
                                             QStringLiteral("web search tool calls | 0")}));
    QCOMPARE(r.errors, QStringList{QStringLiteral("line 6: amount_currency: \"eur\": costdash stores USD only")});
    QCOMPARE(r.result.counts.read, 5);
    QCOMPARE(r.result.counts.imported, 3);
    QCOMPARE(r.result.counts.skipped, 1);
    QCOMPARE(r.result.counts.idle, 1);
    QCOMPARE(r.result.unpricedModels, QStringList()); // a spend line's amount is its cost: nothing to price
    QString error;
    const auto store = store::CallStore::open(dir.filePath(QStringLiteral("store.db")), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->imports().value(0).counts.idle, 1); // kept with the import, as its other counts
}

void TestFormatAggregates::costsApiPage()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("costs.json"), kCostsPage);
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai-costs"));
    QCOMPARE(r.calls, QStringList({spendRow("gpt-4o-2024-08-06", 561'771'250),
                                   spendRow("(all line items)", 46'500'000, "")}));
    QCOMPARE(spendColumns(dir), QStringList({QStringLiteral("gpt-4o-2024-08-06, batch output | 0"),
                                             QStringLiteral("- | 0")}));
    QCOMPARE(r.errors, QStringList());
}

// A page as a bare array of buckets, a bucket's times after its results, an amount of 19 significant digits as a
// JSON number (through a double it reads 123456.1234567895, which rounds to ...790): stored to the nano-dollar as
// logged.
void TestFormatAggregates::costsApiAmountsKeepEveryDigit()
{
    QTemporaryDir dir;
    const auto r = importInto(dir, QStringLiteral("costs.json"),
        "[{\"object\":\"bucket\",\"results\":[{\"object\":\"organization.costs.result\",\"amount\":"
        "{\"value\": 123456.1234567894999 ,\"currency\":\"usd\"},\"line_item\":\"gpt-4o-2024-08-06, input\","
        "\"project_id\":\"proj_7Qx\"},{}],\"start_time\":1759708800,\"end_time\":1759795200}]\n");
    QVERIFY2(r.result.error.isEmpty(), qPrintable(r.result.error));
    QCOMPARE(r.result.mapper, QStringLiteral("openai-costs"));
    QCOMPARE(r.calls, QStringList{spendRow("gpt-4o-2024-08-06", 123'456'123'456'789)});
    QCOMPARE(r.errors, QStringList());
    QCOMPARE(r.result.counts.idle, 1); // the empty result: its bucket's times and nothing else
}

// Spend lines count their cost and no call in `summary`, flagged as aggregates; `whatif` replays the one call and
// says what it left out.
void TestFormatAggregates::spendLinesInSummaryAndWhatif()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("month.db"));
    for (const auto& [name, bytes] : {std::pair{"costs.csv", kCostCsv}, std::pair{"calls.log", kOneCall}}) {
        const auto r = runCli({QStringLiteral("import"), testing::writeFile(dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    const auto s = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(s.count("calls"), 1);
    QCOMPARE(s.count("cost_nusd"), kCostCsvSpend + 3'500'000);
    QCOMPARE(s.count("aggregate_calls"), 0);
    QCOMPARE(s.count("spend_rows"), 3);
    QCOMPARE(s.count("aggregate_cost_nusd"), kCostCsvSpend);
    QCOMPARE(s.count("unpriced_calls"), 0);
    const QJsonArray groups = s.json().value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("calls")).toInteger(), 1);
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("spend_rows")).toInteger(), 1);
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("cost_nusd")).toInteger(), 561'771'250 + 3'500'000);
    const auto text = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db});
    QVERIFY2(text.out.contains("3 spend lines (Cost CSV, Costs API) hold cost without a request count, in no call "
                               "count, $0.8583 of the cost"),
             text.out.constData());

    const QStringList whatif{QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"),
                             QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/all-gpt-4o-mini.json")};
    const auto w = runCli(whatif + QStringList{QStringLiteral("--json")});
    QVERIFY2(w.exitCode == 0, w.err.constData());
    QCOMPARE(w.count("calls"), 1);
    QCOMPARE(w.count("baseline_nusd"), 3'500'000);
    QCOMPARE(w.count("aggregate_calls_left_out"), 0);
    QCOMPARE(w.count("spend_rows_left_out"), 3);
    QCOMPARE(w.count("aggregate_cost_left_out_nusd"), kCostCsvSpend);
    const auto note = runCli(whatif);
    QVERIFY2(note.out.contains("Aggregates: 3 spend lines without a request count ($0.8583) are left out of the "
                               "replay"),
             note.out.constData());
}

// The Activity CSV and the Cost CSV describe the same usage: a store that holds both for a day is warned about,
// whichever came first; both are kept. A day of only one of them is not.
void TestFormatAggregates::doubleCountingIsWarned()
{
    QTemporaryDir dir;
    const auto importJson = [&](const QString& db, const char* name, const QByteArray& bytes) {
        return runCli({QStringLiteral("import"), testing::writeFile(dir, QLatin1String(name), bytes),
                       QStringLiteral("--db"), db, QStringLiteral("--json")});
    };
    const QString warning = QStringLiteral(
        "1 day(s) (2025-10-06 to 2025-10-06) now hold both OpenAI spend lines (Cost CSV, Costs API) and OpenAI usage "
        "buckets (Activity CSV, usage API), two exports of the same spend: the totals count it twice; keep one of "
        "them in a store");
    const QString first = dir.filePath(QStringLiteral("first.db"));
    const auto daily = importJson(first, "daily.csv", kLiteLlmDaily); // 2025-11-03: no day of the Cost CSV
    QCOMPARE(daily.json().value(QStringLiteral("warnings")).toArray(), QJsonArray());
    const auto costs = importJson(first, "costs.csv", kCostCsv);
    QCOMPARE(costs.json().value(QStringLiteral("warnings")).toArray(), QJsonArray());
    const auto activity = importJson(first, "activity.csv", kActivityCsv);
    QVERIFY2(activity.exitCode == 0, activity.err.constData());
    QCOMPARE(activity.json().value(QStringLiteral("warnings")).toArray(), QJsonArray{warning});

    const QString second = dir.filePath(QStringLiteral("second.db"));
    QCOMPARE(importJson(second, "usage.json", kUsagePage).json().value(QStringLiteral("warnings")).toArray(),
             QJsonArray());
    const auto text = runCli({QStringLiteral("import"), dir.filePath(QStringLiteral("costs.csv")),
                              QStringLiteral("--db"), second});
    QVERIFY2(text.out.contains(QByteArray("  warning: " + warning.toUtf8())), text.out.constData());
    const auto s = runCli({QStringLiteral("summary"), QStringLiteral("--db"), second, QStringLiteral("--json")});
    QCOMPARE(s.count("cost_nusd"), kUsageCost + kCostCsvSpend); // both kept: the warning says they count twice
}

// Calls logged one by one (a gateway's per-request log) on a day the Cost CSV also bills: warned about whichever came
// first, for the shared day only; a log of other days is not, and neither is a test-prompt run (another bill).
void TestFormatAggregates::callsNextToSpendLinesAreWarned()
{
    QTemporaryDir dir;
    const auto importJson = [&](const QString& db, const char* name, const QByteArray& bytes) {
        const auto r = runCli({QStringLiteral("import"), testing::writeFile(dir, QLatin1String(name), bytes),
                               QStringLiteral("--db"), db, QStringLiteral("--json")});
        [&] { QVERIFY2(r.exitCode == 0, r.err.constData()); }();
        return r.json().value(QStringLiteral("warnings")).toArray();
    };
    const QByteArray perRequest = "timestamp,model,input_tokens,output_tokens\n"
                                  "2025-10-06T09:00:00Z,gpt-4o,1000,100\n2025-10-06T10:00:00Z,gpt-4o,1000,100\n"
                                  "2025-10-09T10:00:00Z,gpt-4o,1000,100\n";
    const QJsonArray warning{QStringLiteral(
        "1 day(s) (2025-10-06 to 2025-10-06) now hold both OpenAI spend lines (Cost CSV, Costs API) and OpenAI calls "
        "logged one by one: the spend lines bill those calls too, so the totals count them twice where both cover "
        "the same calls")};
    const QString callsFirst = dir.filePath(QStringLiteral("calls-first.db"));
    QCOMPARE(importJson(callsFirst, "calls.csv", perRequest), QJsonArray());
    QCOMPARE(importJson(callsFirst, "costs.csv", kCostCsv), warning);

    const QString spendFirst = dir.filePath(QStringLiteral("spend-first.db"));
    QCOMPARE(importJson(spendFirst, "costs.csv", kCostCsv), QJsonArray());
    QCOMPARE(importJson(spendFirst, "calls.csv", perRequest), warning);
    QCOMPARE(importJson(spendFirst, "later.csv", "timestamp,model,input_tokens,output_tokens\n"
                                                 "2025-10-12T10:00:00Z,gpt-4o,1000,100\n"),
             QJsonArray());

    // A run's gpt-4o-mini call on the Cost CSV's day: the endpoint billed it, not the OpenAI organization.
    const QString withRun = dir.filePath(QStringLiteral("run.db"));
    {
        QString error;
        auto store = store::CallStore::open(withRun, &error);
        QVERIFY2(store, qPrintable(error));
        store::RunHeader run;
        run.runId = QStringLiteral("r1");
        run.startedMs = *timeutil::parseTimestamp(u"2025-10-06T12:00:00Z");
        const auto id = store->beginRun(run, &error);
        QVERIFY2(id, qPrintable(error));
        CallRecord call;
        call.timestampMs = run.startedMs;
        call.model = QStringLiteral("gpt-4o-mini");
        call.taskType = QStringLiteral("classification");
        call.tag = run.runId;
        call.inputTokens = 100;
        call.outputTokens = 20;
        const store::ImportCounts counts{1, 1, 0, 0, 0};
        QVERIFY2(store->appendRunCall(*id, call, {run.runId, QStringLiteral("p1"), 0, 1, {}, true, true, QStringLiteral("ok")},
                                      counts, &error),
                 qPrintable(error));
        QVERIFY2(store->finishRun(*id, counts, run, &error), qPrintable(error));
    }
    QCOMPARE(importJson(withRun, "costs.csv", kCostCsv), QJsonArray());
    QCOMPARE(importJson(withRun, "calls.csv", perRequest), warning); // the logged calls still are
}

// --dry-run shows a spend line as it would be stored, and counts the idle day apart from the bad row.
void TestFormatAggregates::costCsvDryRun()
{
    QTemporaryDir dir;
    const auto r = runCli({QStringLiteral("import"), testing::writeFile(dir, QStringLiteral("costs.csv"), kCostCsv),
                           QStringLiteral("--dry-run"), QStringLiteral("--format"), QStringLiteral("openai-costs")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("costs.csv: csv file, openai-costs log"), r.out.constData());
    QVERIFY2(r.out.contains("2025-10-06T00:00:00.000Z gpt-4o-2024-08-06 provider=openai usage=unknown latency_ms=- "
                            "cost_usd=0.561771250 task=proj_7Qx user= ok id= spend_line=\"gpt-4o-2024-08-06, input\"\n"),
             r.out.constData());
    QVERIFY2(r.out.contains("5 records: 3 would be imported, 1 bad rows, 1 idle rows (no activity) skipped\n"),
             r.out.constData());
    const auto j = runCli({QStringLiteral("import"), dir.filePath(QStringLiteral("costs.csv")),
                           QStringLiteral("--dry-run"), QStringLiteral("--json")});
    const QJsonObject file = j.json().value(QStringLiteral("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QStringLiteral("log_format")).toString(), QStringLiteral("openai-costs"));
    QCOMPARE(file.value(QStringLiteral("spend_rows")).toInteger(), 3);
    QCOMPARE(file.value(QStringLiteral("idle_rows")).toInteger(), 1);
    QCOMPARE(file.value(QStringLiteral("bad_rows")).toInteger(), 1);
    const QJsonObject first = file.value(QStringLiteral("rows")).toArray().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("aggregate_requests")).toInteger(-1), 0);
    QCOMPARE(first.value(QStringLiteral("tag")).toString(), QStringLiteral("gpt-4o-2024-08-06, input"));
    QVERIFY(first.value(QStringLiteral("input_tokens")).isNull());
}

QTEST_GUILESS_MAIN(TestFormatAggregates)
#include "tst_format_aggregates.moc"
