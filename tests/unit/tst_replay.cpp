// Golden replays on hand-made months; every expected total is worked out in the comments next to it.
// Prices (whatif_fixtures.h): big 2,000 / 4,000 nano per token in/out; small 1 / 3 (cached 0.5); half 1.5 / 1.5;
// late 1 / 1 but only from t = 1,000,000 ms.
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"
#include "whatif_fixtures.h"

#include <QTest>

class TestReplay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ttlBoundary();
    void hitsDoNotRefresh();
    void failedCalls();
    void tiesFollowStoreOrder();
    void scopeModelVersusGlobal();
    void firstMatchingRuleWins();
    void originalKeepsEverything();
    void regexAndTokenBounds();
    void regexWithoutBacktracking();
    void projectedTotalBeyondInt64();
    void baselineBeyondInt64();
    void batchRounding();
    void unpricedCalls();
    void routedToModelWithoutPriceYet();
    void nearGuard();
    void callsWithoutPromptNeverHit();
    void normalizedPromptsShareAnEntry();
    void byTaskAndByDay();
    void cacheTokensAvoided();
    void moveSamplesSkipCacheHits();
};

using namespace costdash;
using namespace costdash::whatif;
using namespace costdash::whatif::test;

namespace {

const QString kBig = QStringLiteral("big");
const QString kSmall = QStringLiteral("small");

Projection run(const std::vector<Row>& rows, const Scenario& scenario, const std::vector<std::int64_t>& rowIds = {})
{
    const auto snapshot = buildSnapshot(columnsOf(rows, rowIds), testCatalog());
    return replay(*snapshot, scenario);
}

Scenario cached(std::int64_t ttlSeconds, CacheMode mode = CacheMode::Exact, CacheScope scope = CacheScope::Global)
{
    Scenario s;
    s.cache.mode = mode;
    s.cache.ttlSeconds = ttlSeconds;
    s.cache.scope = scope;
    return s;
}

Router everythingTo(const QString& model)
{
    Router r;
    r.defaultTier = QStringLiteral("all");
    r.tiers.insert(QStringLiteral("all"), model);
    return r;
}

RouterRule rule(const QString& tier, RuleCondition when)
{
    return {std::move(when), tier};
}

// The levers always add up to baseline - projected.
void checkLevers(const Projection& p)
{
    QCOMPARE(p.cacheSavings + p.routingSavings + p.batchSavings, p.baseline - p.projected);
}

std::int64_t modelCalls(const Projection& p, const QString& model)
{
    for (const ModelCost& m : p.byModel) {
        if (m.model == model)
            return m.calls;
    }
    return 0;
}

money::Nanos modelCost(const Projection& p, const QString& model)
{
    for (const ModelCost& m : p.byModel) {
        if (m.model == model)
            return m.cost;
    }
    return -1;
}

} // namespace

void TestReplay::ttlBoundary()
{
    // TTL 10 s. Each call: big, 1 input token = 2,000 nano.
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("Hello"), 1, 0},      // miss, entry created at 0
        {9'999, kBig, {}, QStringLiteral("Hello"), 1, 0},  // age 9,999 < 10,000: hit
        {10'000, kBig, {}, QStringLiteral("Hello"), 1, 0}, // age 10,000 is not < ttl: miss, replaces the entry
        {19'999, kBig, {}, QStringLiteral("Hello"), 1, 0}, // age 9,999 from the new entry: hit
        {20'000, kBig, {}, QStringLiteral("Hello"), 1, 0}, // miss
    };
    const Projection p = run(rows, cached(10));
    QCOMPARE(p.calls, 5);
    QCOMPARE(p.baseline, 10'000);
    QCOMPARE(p.cacheHits, 2);
    QCOMPARE(p.projected, 6'000);
    QCOMPARE(p.cacheSavings, 4'000);
    QCOMPARE(p.routingSavings, 0);
    QCOMPARE(modelCalls(p, kCacheHitModel), 2);
    QCOMPARE(modelCost(p, kCacheHitModel), 0);
    QVERIFY(p.tiers.isEmpty());
    checkLevers(p);
    // TTL 0: nothing is ever young enough.
    QCOMPARE(run(rows, cached(0)).cacheHits, 0);
}

void TestReplay::hitsDoNotRefresh()
{
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("Q"), 1, 0},      // miss, entry at 0
        {6'000, kBig, {}, QStringLiteral("Q"), 1, 0},  // hit (age 6 s); the entry still dates from 0
        {12'000, kBig, {}, QStringLiteral("Q"), 1, 0}, // age 12 s from 0: miss (a refreshing cache would hit)
        {17'000, kBig, {}, QStringLiteral("Q"), 1, 0}, // age 5 s from 12,000: hit
    };
    const Projection p = run(rows, cached(10));
    QCOMPARE(p.cacheHits, 2);
    QCOMPARE(p.projected, 4'000);
    QCOMPARE(p.cacheSavings, 4'000);
}

void TestReplay::failedCalls()
{
    Scenario s = cached(10);
    s.router = everythingTo(kSmall);
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("P"), 1, 1, 700, false},   // failed miss: keeps 700, not routed, no entry
        {1'000, kBig, {}, QStringLiteral("P"), 1, 1},           // miss: 6,000 logged-model cost; small: 1 + 3 = 4
        {2'000, kBig, {}, QStringLiteral("P"), 1, 1, 900, false}, // failed but a hit: costs 0
        {3'000, kBig, {}, QStringLiteral("Other"), 1, 1, 50, false}, // failed miss: 50, creates no entry
        {4'000, kBig, {}, QStringLiteral("Other"), 1, 1, 60, false}, // so this failed call misses too: 60
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.baseline, 700 + 6'000 + 900 + 50 + 60);
    QCOMPARE(p.projected, 700 + 4 + 0 + 50 + 60);
    QCOMPARE(p.cacheHits, 1);
    QCOMPARE(p.cacheSavings, 900);
    QCOMPARE(p.routingSavings, 5'996);
    QCOMPARE(p.batchSavings, 0);
    QCOMPARE(p.tiers.value(QStringLiteral("all")), 1); // only the successful miss is routed
    QCOMPARE(modelCalls(p, kBig), 3);
    QCOMPARE(modelCost(p, kBig), 810);
    QCOMPARE(modelCalls(p, kSmall), 1);
    QCOMPARE(modelCost(p, kSmall), 4);
    QCOMPARE(p.moves.size(), 1);
    QCOMPARE(p.moves[0].model, kSmall);
    QCOMPARE(p.moves[0].calls, 1);
    QVERIFY(!p.moves[0].tested);
    checkLevers(p);
}

void TestReplay::tiesFollowStoreOrder()
{
    // Listed out of order; row ids say the 300 call was stored first, so at the shared instant it misses and the
    // 100 call hits. The 50 call is earlier in time although listed last.
    const std::vector<Row> rows = {
        {5'000, kBig, {}, QStringLiteral("Same"), 1, 0, 100},
        {5'000, kBig, {}, QStringLiteral("Same"), 1, 0, 300},
        {4'000, kBig, {}, QStringLiteral("Other"), 1, 0, 50},
    };
    const Projection p = run(rows, cached(60), {2, 1, 3});
    QCOMPARE(p.baseline, 450);
    QCOMPARE(p.cacheHits, 1);
    QCOMPARE(p.cacheSavings, 100);
    QCOMPARE(p.projected, 350);
    // Same instant, store order the other way round: the 100 call is first, the 300 call hits.
    const Projection q = run(rows, cached(60), {1, 2, 3});
    QCOMPARE(q.cacheSavings, 300);
    QCOMPARE(q.projected, 150);
}

void TestReplay::scopeModelVersusGlobal()
{
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("same"), 1, 0, 2'000},
        {1'000, kSmall, {}, QStringLiteral("same"), 1, 0, 10},
        {2'000, kBig, {}, QStringLiteral("same"), 1, 0, 2'000},
    };
    // Global: one key; calls 2 and 3 hit: projected 2,000.
    const Projection global = run(rows, cached(60, CacheMode::Exact, CacheScope::Global));
    QCOMPARE(global.cacheHits, 2);
    QCOMPARE(global.projected, 2'000);
    // Model: the small call has its own key (miss, 10); the third call hits the big entry: 2,010.
    const Projection perModel = run(rows, cached(60, CacheMode::Exact, CacheScope::Model));
    QCOMPARE(perModel.cacheHits, 1);
    QCOMPARE(perModel.projected, 2'010);
    QCOMPARE(perModel.cacheSavings, 2'000);
}

void TestReplay::firstMatchingRuleWins()
{
    Router r;
    RuleCondition summarize;
    summarize.promptContains = QStringList{QStringLiteral("SUMMARIZE")};
    RuleCondition code;
    code.taskTypes = QStringList{QStringLiteral("code")};
    RuleCondition large;
    large.inputTokensAtLeast = 100;
    r.rules = {rule(QStringLiteral("mid"), summarize), rule(QStringLiteral("top"), code), rule(QStringLiteral("top"), large)};
    r.defaultTier = QStringLiteral("keep");
    r.tiers = {{QStringLiteral("mid"), kSmall}, {QStringLiteral("top"), kBig}, {QStringLiteral("keep"), kOriginalModel}};
    Scenario s;
    s.router = r;
    const std::vector<Row> rows = {
        // code task, but rule 0 matches first: small 10 * 1 + 10 * 3 = 40 (baseline big 20,000 + 40,000)
        {0, kBig, QStringLiteral("code"), QStringLiteral("Summarize this code"), 10, 10},
        // rule 1: big, the logged model: keeps its logged 59,999
        {1, kBig, QStringLiteral("code"), QStringLiteral("write code"), 10, 10, 59'999},
        // rule 2 (input 100 >= 100): big again, keeps 200,000
        {2, kBig, QStringLiteral("chat"), QStringLiteral("hello"), 100, 0},
        // input 99: no rule, default tier keep = original: 198,000
        {3, kBig, QStringLiteral("chat"), QStringLiteral("hello"), 99, 0},
        // rule 0 (case-insensitive), logged on small already: keeps 10; also makes (code, small) tested
        {4, kSmall, QStringLiteral("code"), QStringLiteral("HELLO, please   summarize"), 10, 0},
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.baseline, 60'000 + 59'999 + 200'000 + 198'000 + 10);
    QCOMPARE(p.projected, 40 + 59'999 + 200'000 + 198'000 + 10);
    QCOMPARE(p.routingSavings, 59'960);
    QCOMPARE(p.tiers.value(QStringLiteral("mid")), 2);
    QCOMPARE(p.tiers.value(QStringLiteral("top")), 2);
    QCOMPARE(p.tiers.value(QStringLiteral("keep")), 1);
    QCOMPARE(p.moves.size(), 1);
    QCOMPARE(p.moves[0].taskType, QStringLiteral("code"));
    QCOMPARE(p.moves[0].model, kSmall);
    QCOMPARE(p.moves[0].calls, 1);
    QVERIFY(p.moves[0].tested);
    checkLevers(p);
}

void TestReplay::originalKeepsEverything()
{
    Scenario s;
    s.router = everythingTo(kOriginalModel);
    const std::vector<Row> rows = {{0, kBig, {}, QStringLiteral("a"), 1, 1}, {1, kSmall, {}, QStringLiteral("b"), 1, 1},
                                   {2, QStringLiteral("mystery"), {}, QString(), 5, 5, 77}};
    const Projection p = run(rows, s);
    QCOMPARE(p.baseline, 6'000 + 4 + 77);
    QCOMPARE(p.projected, p.baseline);
    QCOMPARE(p.routingSavings, 0);
    QCOMPARE(p.tiers.value(QStringLiteral("all")), 3);
    QVERIFY(p.moves.isEmpty());
    QCOMPARE(modelCost(p, QStringLiteral("mystery")), 77);
}

void TestReplay::regexAndTokenBounds()
{
    RuleCondition orders;
    orders.promptMatches = QStringLiteral("^order \\d+");
    orders.inputTokensBelow = 50;
    Router r = everythingTo(kOriginalModel);
    r.rules = {rule(QStringLiteral("cheap"), orders)};
    r.tiers.insert(QStringLiteral("cheap"), kSmall);
    Scenario s;
    s.router = r;
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("ORDER 12 shipped?"), 10, 0}, // matches (case-insensitive), 10 < 50: small = 10
        {1, kBig, {}, QStringLiteral("ORDER 12 shipped?"), 50, 0}, // 50 is not below 50: kept, 100,000
        {2, kBig, {}, QStringLiteral("my order 12"), 10, 0},       // the regex is anchored at the start: kept, 20,000
        {3, kBig, {}, QString(), 10, 0},                           // no prompt text: no prompt condition holds
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.projected, 10 + 100'000 + 20'000 + 20'000);
    QCOMPARE(p.tiers.value(QStringLiteral("cheap")), 1);
    QCOMPARE(p.tiers.value(QStringLiteral("all")), 3);
}

// "(a|a)+$" backtracks exponentially on a run of a's that is not at the end; RE2 never backtracks, so the "!"
// branch matches however long the run is.
void TestReplay::regexWithoutBacktracking()
{
    RuleCondition when;
    when.promptMatches = QStringLiteral("(a|a)+$|!");
    Router r = everythingTo(kOriginalModel);
    r.rules = {rule(QStringLiteral("cheap"), when)};
    r.tiers.insert(QStringLiteral("cheap"), kSmall);
    Scenario s;
    s.router = r;
    const QString as = QString(50'000, u'a');
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("b ") + as + QStringLiteral(" !"), 10, 0}, // "!": routed, 10
        {1, kBig, {}, QStringLiteral("b ") + as, 10, 0},                       // a's at the end: routed, 10
        {2, kBig, {}, as + QStringLiteral(" b"), 10, 0},                       // neither: kept, 20,000
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.tiers.value(QStringLiteral("cheap")), 2);
    QCOMPARE(p.projected, 10 + 10 + 20'000);
}

// Ten calls of 1e10 output tokens routed to a model at the price limit: 1e18 nano-USD each, 1e19 in all.
void TestReplay::projectedTotalBeyondInt64()
{
    pricing::PriceCatalog catalog = testCatalog();
    catalog.add(entry(QStringLiteral("dearest"), money::kMaxPricePerMillion, money::kMaxPricePerMillion));
    std::vector<Row> rows;
    for (int i = 0; i < 10; ++i)
        rows.emplace_back(i, kSmall, QString(), QString(), 0, money::kMaxTokensPerCall, 1);
    const auto snapshot = buildSnapshot(columnsOf(rows), catalog);
    Scenario s;
    s.router = everythingTo(QStringLiteral("dearest"));
    QVERIFY(replay(*snapshot, s).outOfRange);
    rows.pop_back(); // nine: 9e18 fits
    const Projection nine = replay(*buildSnapshot(columnsOf(rows), catalog), s);
    QVERIFY(!nine.outOfRange);
    QCOMPARE(nine.projected, 9'000'000'000'000'000'000);
    QCOMPARE(nine.baseline, 9);
}

void TestReplay::baselineBeyondInt64()
{
    std::vector<Row> rows;
    for (int i = 0; i < 9'224; ++i)
        rows.emplace_back(i, kBig, QString(), QString(), 0, 0, money::kMaxLoggedCostPerCall);
    QVERIFY(run(rows, Scenario{}).outOfRange);
    rows.pop_back();
    const Projection fits = run(rows, Scenario{});
    QVERIFY(!fits.outOfRange);
    QCOMPARE(fits.baseline, 9'223'000'000'000'000'000);
    // A row stored before the limits were checked (1e12 tokens) makes no figure exact.
    rows.erase(rows.begin() + 3, rows.end());
    rows.emplace_back(5, kBig, QString(), QString(), 0, 1'000'000'000'000);
    QVERIFY(run(rows, Scenario{}).outOfRange);
}

void TestReplay::batchRounding()
{
    Scenario s;
    s.batch.taskTypes = QStringList{QStringLiteral("summarization")};
    s.batch.discountPpm = 500'000;
    const QString half = QStringLiteral("half");
    const QString sum = QStringLiteral("summarization");
    const std::vector<Row> rows = {
        {0, half, sum, {}, 1, 0},                 // 1,500 pico -> 2 nano; batch 1
        {1, half, sum, {}, 2, 1},                 // 4,500 pico -> 5 nano (half away from zero); 2.5 -> 3
        {2, half, sum, {}, 0, 0, 7},              // logged 7; 3.5 -> 4
        {3, half, QStringLiteral("chat"), {}, 0, 0, 7}, // not a batch task: 7
        {4, half, sum, {}, 0, 0, 9, false},       // failed: keeps 9, no discount
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.baseline, 2 + 5 + 7 + 7 + 9);
    QCOMPARE(p.projected, 1 + 3 + 4 + 7 + 9);
    QCOMPARE(p.batchSavings, 1 + 2 + 3);
    checkLevers(p);
    s.batch.discountPpm = 300'000; // 2 * 0.7 = 1.4 -> 1; 5 * 0.7 = 3.5 -> 4; 7 * 0.7 = 4.9 -> 5
    QCOMPARE(run(rows, s).projected, 1 + 4 + 5 + 7 + 9);
}

void TestReplay::unpricedCalls()
{
    const QString mystery = QStringLiteral("mystery");
    const std::vector<Row> rows = {
        {0, mystery, QStringLiteral("t"), {}, 10, 0},            // unknown model, no logged cost: unpriced
        {1, mystery, QStringLiteral("t"), {}, 10, 0, 500},       // unknown model but a logged cost: 500
        {2, kBig, QStringLiteral("t"), {}, 1, 0},                // 2,000
        {3, QStringLiteral("late"), QStringLiteral("t"), {}, 1, 0}, // before late's first price: unpriced
    };
    const auto snapshot = buildSnapshot(columnsOf(rows), testCatalog());
    const Projection base = replay(*snapshot, Scenario{});
    QCOMPARE(base.unpricedCalls, 2);
    QCOMPARE(base.baseline, 2'500);
    QCOMPARE(base.projected, 2'500);
    Scenario s;
    s.router = everythingTo(kSmall);
    const Projection p = replay(*snapshot, s);
    // The unpriced calls move to small but stay out of the money on both sides (0 and 0).
    QCOMPARE(p.baseline, 2'500);
    QCOMPARE(p.projected, 0 + 10 + 1 + 0);
    QCOMPARE(p.routingSavings, 490 + 1'999);
    QCOMPARE(p.unpricedCalls, 2);
    QCOMPARE(modelCalls(p, kSmall), 4);
    QCOMPARE(p.moves.size(), 1);
    QCOMPARE(p.moves[0].calls, 4);
    checkLevers(p);
}

void TestReplay::routedToModelWithoutPriceYet()
{
    const std::vector<Row> rows = {
        {10, kBig, {}, {}, 1, 0, 500},          // late has no price at t = 10: kept at 500, counted
        {2'000'000, kBig, {}, {}, 1, 0},        // late priced: 1 nano (baseline 2,000)
    };
    Scenario s;
    s.router = everythingTo(QStringLiteral("late"));
    const Projection p = run(rows, s);
    QCOMPARE(p.unpricedRoutedCalls, 1);
    QCOMPARE(p.projected, 500 + 1);
    QCOMPARE(p.routingSavings, 1'999);
    QCOMPARE(modelCalls(p, kBig), 1);
    QCOMPARE(modelCalls(p, QStringLiteral("late")), 1);
}

void TestReplay::nearGuard()
{
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("turn on the alarm"), 0, 0, 100},         // miss
        {1, kBig, {}, QStringLiteral("turn off the alarm"), 0, 0, 100},        // J = 3/5 but on/off differ: miss
        {2, kBig, {}, QStringLiteral("please turn on the alarm"), 0, 0, 100},  // J = 4/5 with call 0: near hit
        {3, kBig, {}, QStringLiteral("order 1234 status"), 0, 0, 100},         // miss
        {4, kBig, {}, QStringLiteral("order 1235 status"), 0, 0, 100},         // numbers differ: miss
        {5, kBig, {}, QStringLiteral("Status: order 1234"), 0, 0, 100},        // J = 1 with call 3: near hit
        {6, kBig, {}, QStringLiteral("do not turn on the alarm"), 0, 0, 100},  // "not" differs: miss
        {7, kBig, {}, QStringLiteral("turn on the alarm, without delay"), 0, 0, 100}, // "without" differs: miss
    };
    Scenario s = cached(3'600, CacheMode::Near);
    s.cache.similarity = 0.5;
    const Projection p = run(rows, s);
    QCOMPARE(p.cacheHits, 2);
    QCOMPARE(p.nearHits, 2);
    QCOMPARE(p.projected, 600);
    s.cache.similarity = 0.9; // 4/5 no longer reaches it; J = 1 still does
    const Projection strict = run(rows, s);
    QCOMPARE(strict.cacheHits, 1);
    QCOMPARE(strict.projected, 700);
    s.cache.ttlSeconds = 0; // near entries obey the TTL too
    QCOMPARE(run(rows, s).cacheHits, 0);
    s.cache.ttlSeconds = 3'600;
    s.cache.similarity = 0.1; // near mode never goes below 0.5: "turn off the alarm" (3/5, guarded) still misses
    QCOMPARE(run(rows, s).cacheHits, 2);
}

void TestReplay::callsWithoutPromptNeverHit()
{
    const std::vector<Row> rows = {{0, kBig, {}, QString(), 1, 0}, {1, kBig, {}, QString(), 1, 0},
                                   {2, kBig, {}, QStringLiteral("   "), 1, 0}, {3, kBig, {}, QStringLiteral(" \t"), 1, 0}};
    for (const CacheMode mode : {CacheMode::Exact, CacheMode::Near}) {
        Scenario s = cached(3'600, mode);
        s.cache.similarity = 0.0;
        const Projection p = run(rows, s);
        QCOMPARE(p.cacheHits, 0);
        QCOMPARE(p.projected, 8'000);
    }
}

void TestReplay::normalizedPromptsShareAnEntry()
{
    const std::vector<Row> rows = {{0, kBig, {}, QStringLiteral("Hello   World"), 1, 0},
                                   {1, kBig, {}, QStringLiteral(" hello\nworld "), 1, 0},
                                   {2, kBig, {}, QStringLiteral("hello world!"), 1, 0}};
    const Projection p = run(rows, cached(60));
    QCOMPARE(p.cacheHits, 1);
    QCOMPARE(p.projected, 4'000);
}

void TestReplay::byTaskAndByDay()
{
    constexpr timeutil::Millis kDay = timeutil::kMillisPerDay;
    const timeutil::Millis nov3 = timeutil::daysFromCivil(2025, 11, 3) * kDay;
    Scenario s = cached(86'400);
    s.batch.taskTypes = QStringList{QStringLiteral("qa")};
    const std::vector<Row> rows = {
        {nov3 + 10, kBig, QStringLiteral("qa"), QStringLiteral("x"), 0, 0, 1'000},    // miss, batch: 500
        {nov3 + kDay - 1, kBig, QStringLiteral("qa"), QStringLiteral("x"), 0, 0, 1'000}, // hit: 0
        {nov3 + kDay, kBig, QStringLiteral("qa"), QStringLiteral("x"), 0, 0, 1'000},  // age 1 day - 10 ms: hit
        {nov3 + 2 * kDay + 5, kBig, QString(), QStringLiteral("y"), 0, 0, 30},       // no task: 30
    };
    const Projection p = run(rows, s);
    QCOMPARE(p.byTask.size(), 2);
    QCOMPARE(p.byTask[0].key, QStringLiteral("qa"));
    QCOMPARE(p.byTask[0].calls, 3);
    QCOMPARE(p.byTask[0].baseline, 3'000);
    QCOMPARE(p.byTask[0].projected, 500);
    QCOMPARE(p.byTask[1].key, QStringLiteral("(none)"));
    QCOMPARE(p.byTask[1].projected, 30);
    QCOMPARE(p.byDay.size(), 3);
    QCOMPARE(p.byDay[0].key, QStringLiteral("2025-11-03"));
    QCOMPARE(p.byDay[0].calls, 2);
    QCOMPARE(p.byDay[0].baseline, 2'000);
    QCOMPARE(p.byDay[0].projected, 500);
    QCOMPARE(p.byDay[1].key, QStringLiteral("2025-11-04"));
    QCOMPARE(p.byDay[1].projected, 0);
    QCOMPARE(p.byDay[2].key, QStringLiteral("2025-11-05"));
    QCOMPARE(p.byDay[2].baseline, 30);
}

void TestReplay::cacheTokensAvoided()
{
    const std::vector<Row> rows = {
        {0, kBig, {}, QStringLiteral("A"), 1'000, 200},                                   // miss
        {1'000, kBig, {}, QStringLiteral("A"), 1'100, 250, std::nullopt, true, 300},      // hit: 1,100 in, 250 out
        {2'000, kSmall, {}, QStringLiteral("A"), 7, 3},                                   // hit (global scope)
        {3'000, kBig, {}, QStringLiteral("A"), store::kUnknownTokens, 0, 5'000},          // hit, usage unknown
        {4'000, kBig, {}, QStringLiteral("B"), 50, 60},                                   // miss
        {50'000, kBig, {}, QStringLiteral("A"), 9, 9},                                    // expired: miss
    };
    const auto snapshot = buildSnapshot(columnsOf(rows), testCatalog());
    const Projection counted = replay(*snapshot, cached(10), ReplayDetail::CacheTokens);
    QCOMPARE(counted.cacheHits, 3);
    QVERIFY(counted.cacheTokens);
    QCOMPARE(counted.cacheTokens->input, 1'107);
    QCOMPARE(counted.cacheTokens->output, 253);
    QCOMPARE(counted.cacheTokens->usageUnknownHits, 1);
    QVERIFY(!counted.cacheTokens->outOfRange);
    // The knobs' replay counts no tokens and its figures are the same.
    const Projection figures = replay(*snapshot, cached(10));
    QVERIFY(!figures.cacheTokens);
    QCOMPARE(figures.projected, counted.projected);
    QCOMPARE(figures.cacheSavings, counted.cacheSavings);
    // Without a cache nothing is avoided.
    const Projection none = replay(*snapshot, Scenario{}, ReplayDetail::CacheTokens);
    QCOMPARE(none.cacheTokens->input + none.cacheTokens->output + none.cacheTokens->usageUnknownHits, 0);
}

void TestReplay::moveSamplesSkipCacheHits()
{
    // 20 calls of one prompt (the first routed, 19 cache hits), then two other prompts: the move takes 3 calls,
    // and its samples are those 3 even though the hits fill the first 16 calls of the move.
    std::vector<Row> rows;
    for (int k = 0; k < 20; ++k)
        rows.push_back({k, kBig, QStringLiteral("t"), QStringLiteral("same"), 1, 0});
    rows.push_back({100, kBig, QStringLiteral("t"), QStringLiteral("other one"), 1, 0});
    rows.push_back({101, kBig, QStringLiteral("t"), QStringLiteral("other two"), 2, 0});
    Scenario s = cached(3'600);
    s.router = everythingTo(kSmall);
    const Projection p = run(rows, s);
    QCOMPARE(p.cacheHits, 19);
    QCOMPARE(p.moves.size(), 1);
    QCOMPARE(p.moves[0].calls, 3);
    QCOMPARE(p.moves[0].savings, (2'000 - 1) * 2 + (4'000 - 2)); // 1 and 2 input tokens, big -> small
    QCOMPARE(p.moves[0].samples.size(), 3);
    QCOMPARE(p.moves[0].samples[0].prompt, QStringLiteral("same"));
    QCOMPARE(p.moves[0].samples[1].prompt, QStringLiteral("other one"));
    QCOMPARE(p.moves[0].samples[2].prompt, QStringLiteral("other two"));
    QCOMPARE(p.moves[0].samples[2].logged, 4'000);
    QCOMPARE(p.moves[0].samples[2].projected, 2);
    QCOMPARE(p.tiers.value(QStringLiteral("all")), 3);
    QCOMPARE(p.ruleCalls, (QList<std::int64_t>{3}));
    QCOMPARE(p.routingSavings, p.moves[0].savings);
    checkLevers(p);
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
