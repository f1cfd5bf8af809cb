// Scenario JSON: every validation error with its exact JSON path, the presets, and round trips.
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include <QFile>
#include <QTest>

class TestScenario : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void errors_data();
    void errors();
    void invalidJsonNamesTheOffset();
    void tooManyRules();
    void tieredPreset();
    void otherPresets();
    void defaultsAndLenientForms();
    void roundTrip();
    void fractionsAreRoundedToPpm();
};

using namespace costdash;
using namespace costdash::whatif;

namespace {

QByteArray routerWith(const QByteArray& rules, const QByteArray& extra = {})
{
    return R"({"router": {"rules": )" + rules + R"(, "default_tier": "a", "tiers": {"a": "gpt-4o-mini")" + extra
        + "}}}";
}

QByteArray readPreset(const char* name)
{
    QFile f(QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing preset %s", name);
    return f.readAll();
}

} // namespace

void TestScenario::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, const QByteArray& json, const char* error) {
        QTest::newRow(name) << json << QString::fromUtf8(error);
    };
    row("bad regex", routerWith(R"([{"when": {}, "tier": "a"}, {"tier": "a"},
                                   {"when": {"prompt_matches": "(unclosed"}, "tier": "a"}])"),
        "router.rules[2].when.prompt_matches: invalid regex");
    row("enabled not a boolean", routerWith(R"([{"tier": "a", "enabled": "no"}])"),
        "router.rules[0].enabled: expected true or false");
    row("empty regex", routerWith(R"([{"when": {"prompt_matches": ""}, "tier": "a"}])"),
        "router.rules[0].when.prompt_matches: invalid regex");
    row("lookahead RE2 cannot express", routerWith(R"j([{"when": {}, "tier": "a"},
                                                     {"when": {"prompt_matches": "refund(?= now)"}, "tier": "a"}])j"),
        "router.rules[1].when.prompt_matches: RE2 cannot express this pattern (invalid perl operator: (?=); costdash "
        "matches with RE2 so that no prompt can make matching slow");
    row("backreference RE2 cannot express", routerWith(R"([{"when": {"prompt_matches": "(a)\\1"}, "tier": "a"}])"),
        "router.rules[0].when.prompt_matches: RE2 cannot express this pattern (invalid escape sequence: \\1); "
        "costdash matches with RE2 so that no prompt can make matching slow");
    row("regex not a string", routerWith(R"([{"when": {"prompt_matches": 3}, "tier": "a"}])"),
        "router.rules[0].when.prompt_matches: expected a string");
    row("unknown rule tier", routerWith(R"([{"when": {}, "tier": "a"}, {"tier": "nope"}])"),
        "router.rules[1].tier: unknown tier \"nope\"");
    row("unknown default tier", R"({"router": {"default_tier": "x", "tiers": {"a": "gpt-4o"}}})",
        "router.default_tier: unknown tier \"x\"");
    row("unknown model", routerWith("[]", R"(, "b": "gpt-9-ultra")"), "router.tiers.b: unknown model \"gpt-9-ultra\"");
    row("tier model not a string", routerWith("[]", R"(, "b": 5)"), "router.tiers.b: expected a string");
    row("negative ttl", R"({"cache": {"mode": "exact", "ttl_seconds": -5}})", "cache.ttl_seconds: negative TTL");
    row("ttl as text", R"({"cache": {"mode": "exact", "ttl_seconds": "60"}})",
        "cache.ttl_seconds: expected a non-negative integer");
    row("fractional ttl", R"({"cache": {"mode": "exact", "ttl_seconds": 1.5}})",
        "cache.ttl_seconds: expected a non-negative integer");
    row("missing ttl", R"({"cache": {"mode": "near"}})",
        "cache.ttl_seconds: missing (required when mode is not off)");
    row("huge ttl", R"({"cache": {"mode": "exact", "ttl_seconds": 1e13}})",
        "cache.ttl_seconds: too large (at most 3162240000)");
    row("ttl 2^53", R"({"cache": {"mode": "exact", "ttl_seconds": 9007199254740992}})",
        "cache.ttl_seconds: too large (at most 3162240000)");
    row("ttl 2^63", R"({"cache": {"mode": "exact", "ttl_seconds": 9223372036854775808}})",
        "cache.ttl_seconds: too large (at most 3162240000)");
    row("ttl 1e300", R"({"cache": {"mode": "exact", "ttl_seconds": 1e300}})",
        "cache.ttl_seconds: too large (at most 3162240000)");
    row("token bound 2^53", routerWith(R"([{"when": {"input_tokens_below": 9007199254740992}, "tier": "a"}])"),
        "router.rules[0].when.input_tokens_below: too large (at most 9000000000000000)");
    row("unknown top key", R"({"name": "x", "colour": "red"})", "colour: unknown key");
    row("unknown when key", routerWith(R"([{"when": {"prompt_like": "x"}, "tier": "a"}])"),
        "router.rules[0].when.prompt_like: unknown key");
    row("unknown rule key", routerWith(R"([{"when": {}, "tier": "a", "weight": 2}])"),
        "router.rules[0].weight: unknown key");
    row("unknown router key", R"({"router": {"fallback": "a"}})", "router.fallback: unknown key");
    row("unknown cache key", R"({"cache": {"mode": "exact", "ttl": 60}})", "cache.ttl: unknown key");
    row("unknown batch key", R"({"batch": {"share": 0.5}})", "batch.share: unknown key");
    row("discount above 1", R"({"batch": {"task_types": ["x"], "discount": 1.5}})",
        "batch.discount: must be between 0 and 1");
    row("negative discount", R"({"batch": {"discount": -0.1}})", "batch.discount: must be between 0 and 1");
    row("discount as text", R"({"batch": {"discount": "half"}})", "batch.discount: expected a number");
    row("similarity above 1", R"({"cache": {"mode": "near", "ttl_seconds": 1, "similarity": 2}})",
        "cache.similarity: must be between 0 and 1");
    row("unknown mode", R"({"cache": {"mode": "fuzzy", "ttl_seconds": 1}})",
        "cache.mode: expected \"off\", \"exact\" or \"near\"");
    row("unknown scope", R"({"cache": {"mode": "exact", "ttl_seconds": 1, "scope": "user"}})",
        "cache.scope: expected \"global\" or \"model\"");
    row("task type number", routerWith(R"([{"when": {"task_type": 5}, "tier": "a"}])"),
        "router.rules[0].when.task_type: expected a string or an array of strings");
    row("task type item", routerWith(R"([{"when": {"task_type": ["a", 5]}, "tier": "a"}])"),
        "router.rules[0].when.task_type[1]: expected a string or an array of strings");
    row("empty keyword", routerWith(R"([{"when": {"prompt_contains": ["x", ""]}, "tier": "a"}])"),
        "router.rules[0].when.prompt_contains[1]: empty string");
    row("negative token bound", routerWith(R"([{"when": {"input_tokens_at_least": -1}, "tier": "a"}])"),
        "router.rules[0].when.input_tokens_at_least: expected a non-negative integer");
    row("token bound text", routerWith(R"([{"when": {"input_tokens_below": "4k"}, "tier": "a"}])"),
        "router.rules[0].when.input_tokens_below: expected a non-negative integer");
    row("rules not array", R"({"router": {"rules": {}, "default_tier": "a", "tiers": {"a": "gpt-4o"}}})",
        "router.rules: expected an array");
    row("rule not object", routerWith("[7]"), "router.rules[0]: expected an object");
    row("when not object", routerWith(R"([{"when": [], "tier": "a"}])"), "router.rules[0].when: expected an object");
    row("rule without tier", routerWith(R"([{"when": {}}])"), "router.rules[0].tier: missing");
    row("router without tiers", R"({"router": {"default_tier": "a"}})", "router.tiers: missing");
    row("router without default", R"({"router": {"tiers": {"a": "gpt-4o"}}})", "router.default_tier: missing");
    row("router not object", R"({"router": "fast"})", "router: expected an object");
    row("name not string", R"({"name": 5})", "name: expected a string");
    row("root array", "[1, 2]", "scenario: expected a JSON object");
}

void TestScenario::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!parseScenario(json, pricing::PriceCatalog::bundled(), &actual));
    QCOMPARE(actual, error);
}

void TestScenario::invalidJsonNamesTheOffset()
{
    QString error;
    QVERIFY(!parseScenario("{\"name\": ", pricing::PriceCatalog::bundled(), &error));
    QVERIFY2(error.startsWith(QLatin1String("scenario: invalid JSON (")) && error.contains(QLatin1String("offset 9")),
             qPrintable(error));
}

void TestScenario::tooManyRules()
{
    QByteArray rules = "[";
    for (int i = 0; i < 65; ++i)
        rules += QByteArray(i ? "," : "") + R"({"tier": "a"})";
    QString error;
    QVERIFY(!parseScenario(routerWith(rules + "]"), pricing::PriceCatalog::bundled(), &error));
    QCOMPARE(error, QStringLiteral("router.rules: at most 64 rules"));
}

void TestScenario::tieredPreset()
{
    QString error;
    const auto s = parseScenario(readPreset("tiered-router.json"), pricing::PriceCatalog::bundled(), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->name, QStringLiteral("Tiered router + 24 h exact cache"));
    QVERIFY(s->router);
    QCOMPARE(s->router->rules.size(), 5);
    QCOMPARE(s->router->rules[0].when.taskTypes, QStringList{QStringLiteral("classification")});
    QCOMPARE(s->router->rules[3].when.promptContains.first(), QStringLiteral("generate code"));
    QCOMPARE(s->router->rules[4].when.inputTokensAtLeast, std::optional<std::int64_t>(4000));
    QCOMPARE(s->router->rules[4].tier, QStringLiteral("expert"));
    QCOMPARE(s->router->defaultTier, QStringLiteral("standard"));
    QCOMPARE(s->router->tiers.value(QStringLiteral("trivial")), QStringLiteral("Qwen/Qwen3-8B"));
    QCOMPARE(s->cache.mode, CacheMode::Exact);
    QCOMPARE(s->cache.ttlSeconds, 86400);
    QCOMPARE(s->cache.scope, CacheScope::Global);
    QCOMPARE(fractionToPpm(s->cache.similarity), 920'000);
    QCOMPARE(s->batch.taskTypes, QStringList{QStringLiteral("summarization")});
    QCOMPARE(s->batch.discountPpm, 500'000);
}

void TestScenario::otherPresets()
{
    QString error;
    const auto cache = parseScenario(readPreset("cache-only.json"), pricing::PriceCatalog::bundled(), &error);
    QVERIFY2(cache, qPrintable(error));
    QVERIFY(!cache->router);
    QCOMPARE(cache->cache.mode, CacheMode::Exact);
    QCOMPARE(cache->batch.taskTypes, QStringList{});
    const auto mini = parseScenario(readPreset("all-gpt-4o-mini.json"), pricing::PriceCatalog::bundled(), &error);
    QVERIFY2(mini, qPrintable(error));
    QCOMPARE(mini->router->rules.size(), 0);
    QCOMPARE(mini->router->tiers.value(mini->router->defaultTier), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(mini->cache.mode, CacheMode::Off);
}

void TestScenario::defaultsAndLenientForms()
{
    QString error;
    const auto s = parseScenario(
        R"({"router": {"rules": [{"when": {"task_type": "qa", "model": "GPT-4o"}, "tier": "keep"}],
                       "default_tier": "keep", "tiers": {"keep": "original", "m": "openai/gpt-4o-mini"}},
            "batch": {"task_types": "qa"}})",
        pricing::PriceCatalog::bundled(), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->router->rules[0].when.taskTypes, QStringList{QStringLiteral("qa")});
    QCOMPARE(s->router->tiers.value(QStringLiteral("keep")), kOriginalModel);
    QCOMPARE(s->batch.discountPpm, 500'000); // default discount
    QCOMPARE(s->cache.mode, CacheMode::Off);
    const auto empty = parseScenario("{}", pricing::PriceCatalog::bundled(), &error);
    QVERIFY(empty);
    QCOMPARE(*empty, Scenario{});
}

void TestScenario::roundTrip()
{
    QString error;
    const pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    auto s = parseScenario(readPreset("tiered-router.json"), catalog, &error);
    QVERIFY(s);
    s->router->rules[1].when.promptMatches = QStringLiteral("^order \\d+$");
    s->router->rules[2].when.inputTokensBelow = 100;
    s->router->rules[2].when.models = QStringList{QStringLiteral("gpt-4o")};
    s->cache.mode = CacheMode::Near;
    s->cache.scope = CacheScope::Model;
    s->batch.discountPpm = 333'333;
    s->router->rules[3].enabled = false;
    QVERIFY(toJson(*s).contains("\"enabled\": false"));
    const auto again = parseScenario(toJson(*s), catalog, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(*again, *s);
}

void TestScenario::fractionsAreRoundedToPpm()
{
    QCOMPARE(fractionToPpm(0.92), 920'000);
    QCOMPARE(fractionToPpm(0.3333334), 333'333);
    QCOMPARE(fractionToPpm(0.0000005), 1);
    QCOMPARE(fractionToPpm(1.0), 1'000'000);
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
