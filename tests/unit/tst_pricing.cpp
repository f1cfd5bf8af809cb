#include "pricing/PriceCatalog.h"

#include <QTest>

#include <limits>

using namespace costdash;
using namespace costdash::pricing;

namespace {

timeutil::Millis day(const char* iso)
{
    return *timeutil::parseTimestamp(QString::fromLatin1(iso));
}

// A two-step history for one model: 1.00/2.00 from Jan 1st, 0.50/1.00 from Jan 15th 2025.
PriceCatalog steppedCatalog()
{
    PriceEntry first;
    first.model = QStringLiteral("stepper");
    first.effectiveFrom = day("2025-01-01");
    first.price.input = 1'000'000;
    first.price.output = 2'000'000;
    PriceEntry second = first;
    second.effectiveFrom = day("2025-01-15");
    second.price.input = 500'000;
    second.price.output = 1'000'000;
    PriceCatalog catalog;
    catalog.add(second); // out of order on purpose: add() keeps the history sorted
    catalog.add(first);
    return catalog;
}

} // namespace

class TestPricing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resolve_data();
    void resolve();
    void bundledPrices_data();
    void bundledPrices();
    void dateEffective_data();
    void dateEffective();
    void monthAcrossChange();
    void addReplacesSameDate();
    void callCost_data();
    void callCost();
    void rounding_data();
    void rounding();
    void callCostAtLimits_data();
    void callCostAtLimits();
    void withinLimits_data();
    void withinLimits();
    void unknownIsUnpriced();
    void catalogJsonErrors_data();
    void catalogJsonErrors();
    void catalogJsonRoundTrip();
    void liteLlm();
    void liteLlmErrors();
    void liteLlmBadPricesReported();
};

void TestPricing::resolve_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("canonical"); // empty: unpriced
    QTest::newRow("exact") << "gpt-4o" << "gpt-4o";
    QTest::newRow("upper case") << "GPT-4O" << "gpt-4o";
    QTest::newRow("blanks") << "  gpt-4o-mini " << "gpt-4o-mini";
    QTest::newRow("provider prefix") << "openai/gpt-4o" << "gpt-4o";
    QTest::newRow("deepseek prefix") << "deepseek/deepseek-reasoner" << "deepseek-reasoner";
    QTest::newRow("two prefixes") << "openrouter/openai/gpt-4o-mini" << "gpt-4o-mini";
    QTest::newRow("slash id is canonical") << "Qwen/Qwen3-8B" << "Qwen/Qwen3-8B";
    QTest::newRow("slash id any case") << "qwen/qwen3-8b" << "Qwen/Qwen3-8B";
    QTest::newRow("alias") << "qwen3-8b" << "Qwen/Qwen3-8B";
    QTest::newRow("alias behind prefix") << "together/Qwen3-32B" << "Qwen/Qwen3-32B";
    QTest::newRow("prefix before slash id") << "siliconflow/Qwen/Qwen3-8B" << "Qwen/Qwen3-8B";
    QTest::newRow("single rate model") << "qwen-mt-turbo" << "Qwen-MT-Turbo";
    QTest::newRow("snapshot dashed") << "gpt-4o-2024-08-06" << "gpt-4o";
    QTest::newRow("snapshot compact") << "gpt-4o-20240806" << "gpt-4o";
    QTest::newRow("snapshot month-day") << "gpt-4o-0806" << "gpt-4o";
    QTest::newRow("snapshot at") << "gpt-4o@20240806" << "gpt-4o";
    QTest::newRow("longest prefix") << "gpt-4o-mini-2024-07-18" << "gpt-4o-mini";
    QTest::newRow("longest prefix compact") << "GPT-4o-Mini-20240718" << "gpt-4o-mini";
    QTest::newRow("prefix and snapshot") << "openai/gpt-4o-mini-2024-07-18" << "gpt-4o-mini";
    QTest::newRow("other product") << "gpt-4o-audio-preview" << "";
    QTest::newRow("other product mini") << "gpt-4o-mini-tts" << "";
    QTest::newRow("shorter name") << "gpt-4" << "";
    QTest::newRow("no separator") << "gpt-4omini" << "";
    QTest::newRow("not a date") << "gpt-4o-2024-13-06" << "";
    QTest::newRow("trailing junk") << "gpt-4o-2024-08-06x" << "";
    QTest::newRow("date only") << "2024-08-06" << "";
    QTest::newRow("unknown") << "claude-3-opus" << "";
    QTest::newRow("provider only") << "deepseek" << "";
    QTest::newRow("bare prefix") << "openai/" << "";
    QTest::newRow("empty") << "" << "";
}

void TestPricing::resolve()
{
    QFETCH(QString, raw);
    QFETCH(QString, canonical);
    const auto resolved = PriceCatalog::bundled().resolve(raw);
    QCOMPARE(resolved.value_or(QString()), canonical);
    QCOMPARE(resolved.has_value(), !canonical.isEmpty());
}

void TestPricing::bundledPrices_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("cached"); // -1: none
    QTest::addColumn<bool>("singleRate");
    QTest::addColumn<qint64>("batchPpm");
    QTest::addColumn<QString>("provider");
    QTest::newRow("gpt-4o") << "gpt-4o" << qint64(2500000) << qint64(10000000) << qint64(1250000) << false
                            << qint64(500000) << "openai";
    QTest::newRow("gpt-4o-mini") << "gpt-4o-mini" << qint64(150000) << qint64(600000) << qint64(75000) << false
                                 << qint64(500000) << "openai";
    QTest::newRow("v4-flash") << "deepseek-v4-flash" << qint64(10000) << qint64(250000) << qint64(-1) << false
                              << qint64(0) << "deepseek";
    QTest::newRow("qwen3-8b") << "Qwen/Qwen3-8B" << qint64(10000) << qint64(10000) << qint64(-1) << false
                              << qint64(0) << "qwen";
    QTest::newRow("coder") << "deepseek-coder" << qint64(10000) << qint64(250000) << qint64(-1) << false
                           << qint64(0) << "deepseek";
    QTest::newRow("reasoner") << "deepseek-reasoner" << qint64(350000) << qint64(2500000) << qint64(-1) << false
                              << qint64(0) << "deepseek";
    QTest::newRow("qwen3-32b") << "Qwen/Qwen3-32B" << qint64(280000) << qint64(280000) << qint64(-1) << true
                               << qint64(0) << "qwen";
    QTest::newRow("mt-turbo") << "Qwen-MT-Turbo" << qint64(300000) << qint64(300000) << qint64(-1) << true
                              << qint64(0) << "qwen";
}

void TestPricing::bundledPrices()
{
    QFETCH(QString, model);
    QFETCH(qint64, input);
    QFETCH(qint64, output);
    QFETCH(qint64, cached);
    QFETCH(bool, singleRate);
    QFETCH(qint64, batchPpm);
    QFETCH(QString, provider);
    const PriceCatalog catalog = PriceCatalog::bundled();
    const Price* p = catalog.priceAt(model, day("2026-11-01"));
    QVERIFY(p);
    QCOMPARE(p->input, input);
    QCOMPARE(p->output, output);
    QCOMPARE(p->cachedInput.value_or(-1), cached);
    QCOMPARE(p->singleRate, singleRate);
    QCOMPARE(p->batchDiscountPpm, batchPpm);
    const QList<PriceEntry> history = catalog.history(model);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().provider, provider);
    QVERIFY(!history.first().source.isEmpty());
}

void TestPricing::dateEffective_data()
{
    QTest::addColumn<qint64>("t");
    QTest::addColumn<qint64>("input"); // -1: no price
    QTest::newRow("before first") << qint64(day("2024-12-31T23:59:59.999Z")) << qint64(-1);
    QTest::newRow("first instant") << qint64(day("2025-01-01")) << qint64(1000000);
    QTest::newRow("inside first") << qint64(day("2025-01-10T12:00:00Z")) << qint64(1000000);
    QTest::newRow("last ms of first") << qint64(day("2025-01-14T23:59:59.999Z")) << qint64(1000000);
    QTest::newRow("change instant") << qint64(day("2025-01-15")) << qint64(500000);
    QTest::newRow("long after") << qint64(day("2026-06-01")) << qint64(500000);
}

void TestPricing::dateEffective()
{
    QFETCH(qint64, t);
    QFETCH(qint64, input);
    const PriceCatalog catalog = steppedCatalog();
    const Price* p = catalog.priceAt(QStringLiteral("stepper"), t);
    QCOMPARE(p ? p->input : -1, input);
}

void TestPricing::monthAcrossChange()
{
    const PriceCatalog catalog = steppedCatalog();
    const TokenCounts tokens{1000, 0, 0, 1000};
    // 1000 in + 1000 out: $0.003 at the January 1st prices, $0.0015 at the January 15th ones.
    money::Nanos month = 0;
    for (const char* when : {"2025-01-05", "2025-01-14T23:00:00Z", "2025-01-15T00:00:00Z", "2025-01-31"})
        month += catalog.cost(QStringLiteral("STEPPER"), day(when), tokens).value();
    QCOMPARE(month, money::Nanos(3000000 + 3000000 + 1500000 + 1500000));
    QVERIFY(!catalog.cost(QStringLiteral("stepper"), day("2024-12-31"), tokens));
}

void TestPricing::addReplacesSameDate()
{
    PriceCatalog catalog = steppedCatalog();
    PriceEntry fix;
    fix.model = QStringLiteral("stepper");
    fix.effectiveFrom = day("2025-01-15");
    fix.price.input = 7;
    fix.price.output = 8;
    catalog.add(fix);
    QCOMPARE(catalog.history(QStringLiteral("stepper")).size(), 2);
    QCOMPARE(catalog.priceAt(QStringLiteral("stepper"), day("2025-02-01"))->input, 7);
    QCOMPARE(catalog.priceAt(QStringLiteral("stepper"), day("2025-01-02"))->input, 1000000);
}

void TestPricing::callCost_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("nanos");
    // 800 uncached * 2.50 + 200 cached * 1.25 + 500 out * 10.00 (USD/M) = 7,250,000,000 picos
    QTest::newRow("gpt-4o cached") << "gpt-4o" << qint64(1000) << qint64(200) << qint64(0) << qint64(500)
                                   << qint64(7250000);
    QTest::newRow("gpt-4o plain") << "gpt-4o" << qint64(1000) << qint64(0) << qint64(0) << qint64(500)
                                  << qint64(7500000);
    // cache writes without a cache-write price are billed at the input price
    QTest::newRow("cache write at input") << "gpt-4o" << qint64(1000) << qint64(0) << qint64(400) << qint64(0)
                                          << qint64(2500000);
    QTest::newRow("mini one token") << "gpt-4o-mini" << qint64(1) << qint64(0) << qint64(0) << qint64(0)
                                    << qint64(150);
    // no cached price: cached tokens at the input price
    QTest::newRow("no cached price") << "deepseek-reasoner" << qint64(1000) << qint64(1000) << qint64(0)
                                     << qint64(1000) << qint64(2850000);
    QTest::newRow("single rate") << "Qwen/Qwen3-32B" << qint64(1000) << qint64(0) << qint64(0) << qint64(1000)
                                 << qint64(560000);
    QTest::newRow("more cached than input") << "gpt-4o" << qint64(100) << qint64(300) << qint64(0) << qint64(0)
                                            << qint64(375000);
    QTest::newRow("zero") << "gpt-4o" << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    // a month-sized call: 2M in, 1M out on gpt-4o = $5 + $10
    QTest::newRow("large") << "gpt-4o" << qint64(2000000) << qint64(0) << qint64(0) << qint64(1000000)
                           << qint64(15000000000);
}

void TestPricing::callCost()
{
    QFETCH(QString, model);
    QFETCH(qint64, input);
    QFETCH(qint64, cached);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, output);
    QFETCH(qint64, nanos);
    const TokenCounts tokens{input, cached, cacheWrite, output};
    QCOMPARE(PriceCatalog::bundled().cost(model, day("2026-11-01"), tokens).value_or(-1), nanos);
}

void TestPricing::rounding_data()
{
    // Price: input 1, output 3, cache write 2 micro-USD per 1M tokens = pico-USD per token; no cached price.
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("nanos");
    QTest::newRow("499 picos") << qint64(499) << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("500 picos") << qint64(500) << qint64(0) << qint64(0) << qint64(1);
    QTest::newRow("1499 picos") << qint64(1499) << qint64(0) << qint64(0) << qint64(1);
    QTest::newRow("1500 picos") << qint64(1500) << qint64(0) << qint64(0) << qint64(2);
    // each class alone rounds to 0 (250 and 252 picos); the call's sum, 502 picos, rounds once to 1
    QTest::newRow("rounds once") << qint64(250) << qint64(0) << qint64(84) << qint64(1);
    // 200 uncached * 1 + 100 writes * 2 = 400 picos; + 34 out * 3 = 502
    QTest::newRow("cache write price") << qint64(300) << qint64(100) << qint64(34) << qint64(1);
}

void TestPricing::rounding()
{
    QFETCH(qint64, input);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, output);
    QFETCH(qint64, nanos);
    Price price;
    price.input = 1;
    price.output = 3;
    price.cacheWrite = 2;
    QCOMPARE(pricing::callCost(price, TokenCounts{input, 0, cacheWrite, output}), nanos);
}

void TestPricing::callCostAtLimits_data()
{
    // Prices at money::kMaxPricePerMillion ($100,000 per 1M tokens = 1e11 pico-USD per token).
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("nanos");
    const qint64 most = money::kMaxTokensPerCall;
    QTest::newRow("most output tokens") << qint64(0) << qint64(0) << qint64(0) << most << qint64(1'000'000'000'000'000'000);
    QTest::newRow("most input tokens") << most << qint64(0) << qint64(0) << qint64(0) << qint64(1'000'000'000'000'000'000);
    // more cached and written than input: nothing uncached, 3e10 tokens billed, 3e21 picos
    QTest::newRow("every class at the limit") << most << most << most << most << qint64(3'000'000'000'000'000'000);
    QTest::newRow("one token") << qint64(0) << qint64(0) << qint64(0) << qint64(1) << qint64(100'000'000); // $0.10
}

void TestPricing::callCostAtLimits()
{
    QFETCH(qint64, input);
    QFETCH(qint64, cached);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, output);
    QFETCH(qint64, nanos);
    Price price;
    price.input = price.output = money::kMaxPricePerMillion;
    QCOMPARE(pricing::callCost(price, TokenCounts{input, cached, cacheWrite, output}), nanos);
}

void TestPricing::withinLimits_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<bool>("within");
    QTest::newRow("zero") << qint64(0) << true;
    QTest::newRow("at the limit") << qint64(money::kMaxTokensPerCall) << true;
    QTest::newRow("one above") << qint64(money::kMaxTokensPerCall + 1) << false;
    QTest::newRow("1e12 output tokens") << qint64(1'000'000'000'000) << false;
    QTest::newRow("INT64_MAX") << std::numeric_limits<qint64>::max() << false;
    QTest::newRow("negative") << qint64(-1) << false;
}

void TestPricing::withinLimits()
{
    QFETCH(qint64, count);
    QFETCH(bool, within);
    QCOMPARE(pricing::withinLimits(TokenCounts{count, 0, 0, 0}), within);
    QCOMPARE(pricing::withinLimits(TokenCounts{0, count, 0, 0}), within);
    QCOMPARE(pricing::withinLimits(TokenCounts{0, 0, count, 0}), within);
    QCOMPARE(pricing::withinLimits(TokenCounts{0, 0, 0, count}), within);
}

void TestPricing::unknownIsUnpriced()
{
    const PriceCatalog catalog = PriceCatalog::bundled();
    QVERIFY(!catalog.cost(QStringLiteral("mystery-model"), day("2026-11-01"), TokenCounts{10, 0, 0, 10}));
    QVERIFY(!catalog.priceAt(QStringLiteral("mystery-model"), day("2026-11-01")));
    // before the bundled snapshot's first effective date nothing is priced either
    QVERIFY(!catalog.cost(QStringLiteral("gpt-4o"), day("2023-12-31"), TokenCounts{10, 0, 0, 10}));
    Price custom;
    custom.input = 1;
    custom.output = 0;
    custom.cacheWrite = 3;
    QCOMPARE(pricing::callCost(custom, TokenCounts{1000, 0, 500, 0}), money::Nanos(2)); // 500 + 1500 picos
}

void TestPricing::catalogJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("errorPart");
    const QByteArray head = R"({"format": "costdash-price-catalog", "version": 1, "entries": [)";
    QTest::newRow("not json") << QByteArray("{") << "not JSON";
    QTest::newRow("wrong format") << QByteArray(R"({"format": "x", "entries": []})") << "not a costdash price catalog";
    QTest::newRow("newer version") << QByteArray(R"({"format": "costdash-price-catalog", "version": 2})")
                                   << "unsupported catalog version 2";
    QTest::newRow("number price")
        << head + R"({"model": "m", "effective_from": "2025-01-01", "input": 2.5, "output": "1"}]})"
        << "entries[0]: m: \"input\" must be a decimal string";
    QTest::newRow("missing output") << head + R"({"model": "m", "effective_from": "2025-01-01", "input": "1"}]})"
                                    << "\"input\" and \"output\" (or \"single_rate\") are required";
    QTest::newRow("bad date") << head + R"({"model": "m", "effective_from": "soon", "input": "1", "output": "1"}]})"
                              << "\"effective_from\" must be a date";
    QTest::newRow("no model") << head + R"({"effective_from": "2025-01-01", "input": "1", "output": "1"}]})"
                              << "an entry has no \"model\"";
    QTest::newRow("both rates")
        << head + R"({"model": "m", "effective_from": "2025-01-01", "single_rate": "1", "input": "1", "output": "1"}]})"
        << "either \"single_rate\"";
    QTest::newRow("bad decimal")
        << head + R"({"model": "m", "effective_from": "2025-01-01", "input": "1.2.3", "output": "1"}]})"
        << "\"input\": not a number";
    QTest::newRow("negative") << head + R"({"model": "m", "effective_from": "2025-01-01", "input": "-1", "output": "1"}]})"
                              << "\"input\" is negative";
    QTest::newRow("discount over 1")
        << head + R"({"model": "m", "effective_from": "2025-01-01", "input": "1", "output": "1", "batch_discount": "1.5"}]})"
        << "between 0 and 1";
}

void TestPricing::catalogJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, errorPart);
    QString error;
    QVERIFY(!PriceCatalog::fromJson(json, &error));
    QVERIFY2(error.contains(errorPart), qPrintable(error));
}

void TestPricing::catalogJsonRoundTrip()
{
    const QList<PriceEntry> original = PriceCatalog::bundled().entries();
    QCOMPARE(original.size(), 8);
    const QByteArray json = PriceCatalog::toJson(original);
    QVERIFY(json.contains(R"("cached_input": "0.075")"));
    QVERIFY(json.contains(R"("single_rate": "0.28")"));
    QVERIFY(json.contains(R"("batch_discount": "0.50")"));
    QString error;
    const auto again = PriceCatalog::fromJson(json, &error);
    QVERIFY2(again, qPrintable(error));
    const QList<PriceEntry> back = again->entries();
    QCOMPARE(back.size(), original.size());
    for (qsizetype i = 0; i < back.size(); ++i) {
        QCOMPARE(back[i].model, original[i].model);
        QCOMPARE(back[i].aliases, original[i].aliases);
        QCOMPARE(back[i].effectiveFrom, original[i].effectiveFrom);
        QCOMPARE(back[i].price.input, original[i].price.input);
        QCOMPARE(back[i].price.output, original[i].price.output);
        QCOMPARE(back[i].price.cachedInput, original[i].price.cachedInput);
        QCOMPARE(back[i].price.singleRate, original[i].price.singleRate);
        QCOMPARE(back[i].price.batchDiscountPpm, original[i].price.batchDiscountPpm);
        QCOMPARE(back[i].source, original[i].source);
    }
}

void TestPricing::liteLlm()
{
    const QByteArray json = R"({
      "sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0, "mode": "chat"},
      "gpt-4o-mini": {"max_tokens": 16384, "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
                      "cache_read_input_token_cost": 7.5e-08, "input_cost_per_token_batches": 7.5e-08,
                      "litellm_provider": "openai", "mode": "chat", "supports_vision": true,
                      "supported_endpoints": ["/v1/chat/completions"], "nested": {"x": [1, 2]}},
      "anthropic/claude-x": {"input_cost_per_token": 0.000003, "output_cost_per_token": 1.5E-5,
                      "cache_creation_input_token_cost": 3.75e-06, "cache_read_input_token_cost": 3e-07,
                      "litellm_provider": "anthropic", "mode": "chat"},
      "text-embedding-3-small": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0.0,
                      "litellm_provider": "openai", "mode": "embedding"},
      "no-price-model": {"litellm_provider": "x", "mode": "chat"},
      "string-price": {"input_cost_per_token": "1e-6", "output_cost_per_token": "2e-6", "mode": "chat"}
    })";
    QVERIFY(PriceCatalog::looksLikeLiteLlm(json));
    QString error;
    const timeutil::Millis from = day("2026-11-01");
    const auto entries = PriceCatalog::parseLiteLlm(json, from, &error);
    QVERIFY2(entries, qPrintable(error));
    QCOMPARE(entries->size(), 3);
    const PriceEntry& mini = entries->at(0);
    QCOMPARE(mini.model, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini.provider, QStringLiteral("openai"));
    QCOMPARE(mini.effectiveFrom, from);
    QCOMPARE(mini.price.input, 150000);  // 1.5e-07 USD/token, exactly
    QCOMPARE(mini.price.output, 600000);
    QCOMPARE(mini.price.cachedInput.value_or(-1), 75000);
    QVERIFY(!mini.price.cacheWrite);
    QCOMPARE(mini.price.batchDiscountPpm, 500000);
    const PriceEntry& claude = entries->at(1);
    QCOMPARE(claude.model, QStringLiteral("anthropic/claude-x"));
    QCOMPARE(claude.price.input, 3000000);
    QCOMPARE(claude.price.output, 15000000);
    QCOMPARE(claude.price.cacheWrite.value_or(-1), 3750000);
    QCOMPARE(claude.price.cachedInput.value_or(-1), 300000);
    QCOMPARE(claude.price.batchDiscountPpm, 0);
    QCOMPARE(entries->at(2).price.input, 1000000);
    QCOMPARE(entries->at(2).price.output, 2000000);
}

void TestPricing::liteLlmErrors()
{
    QString error;
    QVERIFY(!PriceCatalog::parseLiteLlm(QByteArray("[1, 2]"), 0, &error));
    QVERIFY2(error.contains(QStringLiteral("top level must be a JSON object")), qPrintable(error));
    QVERIFY(!PriceCatalog::parseLiteLlm(QByteArray(R"({"m": {"mode": "chat", "input_cost_per_token": })"), 0, &error));
    QVERIFY(!PriceCatalog::looksLikeLiteLlm(PriceCatalog::toJson(PriceCatalog::bundled().entries())));
}

void TestPricing::liteLlmBadPricesReported()
{
    const QByteArray json = R"({
      "ok-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat"},
      "abc-model": {"input_cost_per_token": "abc", "output_cost_per_token": 2e-06, "mode": "chat"},
      "tiny-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 1e-15, "mode": "chat"},
      "huge-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 5, "mode": "chat"},
      "abc-embedding": {"input_cost_per_token": "abc", "mode": "embedding"}
    })";
    QString error;
    QStringList problems;
    const auto entries = PriceCatalog::parseLiteLlm(json, 0, &error, &problems);
    QVERIFY2(entries, qPrintable(error));
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->at(0).model, QStringLiteral("ok-model"));
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems.at(0).startsWith(QStringLiteral("abc-model: input_cost_per_token: not a number: \"abc\"")),
             qPrintable(problems.at(0)));
    QVERIFY2(problems.at(1).startsWith(QStringLiteral("tiny-model: output_cost_per_token: price \"1e-15\" is below")),
             qPrintable(problems.at(1)));
    QVERIFY2(problems.at(2).contains(QStringLiteral("is above $100,000 per 1M tokens")), qPrintable(problems.at(2)));
}

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
