#include "whatif/Scenario.h"

#include "pricing/PriceCatalog.h"
#include "whatif/CompiledRouter.h"
#include "whatif/PromptRegex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>
#include <initializer_list>

namespace costdash::whatif {
namespace {

constexpr std::int64_t kMaxExactInteger = 9'000'000'000'000'000; // below 2^53: every whole double up to it is exact
constexpr std::int64_t kMaxTtlSeconds = 100LL * 366 * 86'400; // a century: keeps ttl * 1000 far from overflow

// Walks the JSON once, remembering the first error as "<path>: <reason>".
class ScenarioParser {
public:
    explicit ScenarioParser(const pricing::PriceCatalog& catalog) : m_catalog(catalog) { }

    std::optional<Scenario> parse(const QJsonObject& root)
    {
        Scenario s;
        if (!knownKeys(root, QString(), {"name", "router", "cache", "batch"}))
            return std::nullopt;
        if (root.contains(QLatin1String("name")) && !string(root, QString(), QStringLiteral("name"), s.name))
            return std::nullopt;
        if (root.contains(QLatin1String("router"))) {
            s.router.emplace();
            if (!router(root.value(QLatin1String("router")), *s.router))
                return std::nullopt;
        }
        if (root.contains(QLatin1String("cache")) && !cache(root.value(QLatin1String("cache")), s.cache))
            return std::nullopt;
        if (root.contains(QLatin1String("batch")) && !batch(root.value(QLatin1String("batch")), s.batch))
            return std::nullopt;
        return s;
    }

    QString error() const { return m_error; }

private:
    bool fail(const QString& path, const QString& reason)
    {
        m_error = path + QStringLiteral(": ") + reason;
        return false;
    }

    static QString join(const QString& parent, const QString& key)
    {
        return parent.isEmpty() ? key : parent + u'.' + key;
    }

    bool knownKeys(const QJsonObject& object, const QString& path, std::initializer_list<const char*> keys)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool known = false;
            for (const char* k : keys)
                known = known || it.key() == QLatin1String(k);
            if (!known)
                return fail(join(path, it.key()), QStringLiteral("unknown key"));
        }
        return true;
    }

    bool object(const QJsonValue& value, const QString& path, QJsonObject& out)
    {
        if (!value.isObject())
            return fail(path, QStringLiteral("expected an object"));
        out = value.toObject();
        return true;
    }

    bool string(const QJsonObject& parent, const QString& path, const QString& key, QString& out)
    {
        const QJsonValue v = parent.value(key);
        if (!v.isString())
            return fail(join(path, key), QStringLiteral("expected a string"));
        out = v.toString();
        return true;
    }

    // A string or an array of strings (a lone string is a one-element list); no empty strings.
    bool stringList(const QJsonValue& value, const QString& path, QStringList& out)
    {
        const QString typeError = QStringLiteral("expected a string or an array of strings");
        const QJsonArray array = value.isString() ? QJsonArray{value} : value.toArray();
        if (!value.isString() && !value.isArray())
            return fail(path, typeError);
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = value.isString() ? path : path + QStringLiteral("[%1]").arg(i);
            if (!array.at(i).isString())
                return fail(itemPath, typeError);
            if (array.at(i).toString().isEmpty())
                return fail(itemPath, QStringLiteral("empty string"));
            out.append(array.at(i).toString());
        }
        return true;
    }

    // A whole JSON number in [0, max]; above max (2^53 and more included, where doubles stop being exact
    // integers) it is "too large", not "not an integer".
    bool nonNegativeInteger(const QJsonValue& value, const QString& path, std::int64_t& out,
                            std::int64_t max = kMaxExactInteger)
    {
        const double d = value.toDouble();
        if (!value.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < 0)
            return fail(path, QStringLiteral("expected a non-negative integer"));
        if (d > double(max))
            return fail(path, QStringLiteral("too large (at most %1)").arg(max));
        out = static_cast<std::int64_t>(d);
        return true;
    }

    bool fraction(const QJsonValue& value, const QString& path, double& out)
    {
        if (!value.isDouble())
            return fail(path, QStringLiteral("expected a number"));
        out = value.toDouble();
        if (!(out >= 0.0 && out <= 1.0))
            return fail(path, QStringLiteral("must be between 0 and 1"));
        return true;
    }

    bool condition(const QJsonValue& value, const QString& path, RuleCondition& c)
    {
        QJsonObject o;
        if (!object(value, path, o)
            || !knownKeys(o, path, {"task_type", "model", "prompt_contains", "prompt_matches",
                                    "input_tokens_at_least", "input_tokens_below"}))
            return false;
        auto list = [&](const char* key, QStringList& out) {
            const QString k = QLatin1String(key);
            return !o.contains(k) || stringList(o.value(k), join(path, k), out);
        };
        auto integer = [&](const char* key, std::optional<std::int64_t>& out) {
            const QString k = QLatin1String(key);
            if (!o.contains(k))
                return true;
            std::int64_t v = 0;
            if (!nonNegativeInteger(o.value(k), join(path, k), v))
                return false;
            out = v;
            return true;
        };
        if (!list("task_type", c.taskTypes) || !list("model", c.models) || !list("prompt_contains", c.promptContains)
            || !integer("input_tokens_at_least", c.inputTokensAtLeast)
            || !integer("input_tokens_below", c.inputTokensBelow))
            return false;
        if (o.contains(QLatin1String("prompt_matches"))) {
            const QString regexPath = join(path, QStringLiteral("prompt_matches"));
            if (!string(o, path, QStringLiteral("prompt_matches"), c.promptMatches))
                return false;
            const QString why = promptRegexError(c.promptMatches);
            return why.isEmpty() || fail(regexPath, why);
        }
        return true;
    }

    bool rules(const QJsonValue& value, const QString& path, Router& r)
    {
        if (!value.isArray())
            return fail(path, QStringLiteral("expected an array"));
        const QJsonArray array = value.toArray();
        if (array.size() > kMaxRouterRules)
            return fail(path, QStringLiteral("at most %1 rules").arg(kMaxRouterRules));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString rulePath = path + QStringLiteral("[%1]").arg(i);
            QJsonObject o;
            if (!object(array.at(i), rulePath, o) || !knownKeys(o, rulePath, {"when", "tier", "enabled"}))
                return false;
            RouterRule rule;
            if (o.contains(QLatin1String("enabled"))) {
                if (!o.value(QLatin1String("enabled")).isBool())
                    return fail(join(rulePath, QStringLiteral("enabled")), QStringLiteral("expected true or false"));
                rule.enabled = o.value(QLatin1String("enabled")).toBool();
            }
            if (o.contains(QLatin1String("when"))
                && !condition(o.value(QLatin1String("when")), join(rulePath, QStringLiteral("when")), rule.when))
                return false;
            if (!o.contains(QLatin1String("tier")))
                return fail(join(rulePath, QStringLiteral("tier")), QStringLiteral("missing"));
            if (!string(o, rulePath, QStringLiteral("tier"), rule.tier))
                return false;
            r.rules.append(rule);
        }
        return true;
    }

    bool tiers(const QJsonValue& value, const QString& path, Router& r)
    {
        QJsonObject o;
        if (!object(value, path, o))
            return false;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString tierPath = join(path, it.key());
            if (!it.value().isString())
                return fail(tierPath, QStringLiteral("expected a string"));
            const QString model = it.value().toString();
            if (model != kOriginalModel && !m_catalog.resolve(model))
                return fail(tierPath, QStringLiteral("unknown model \"%1\"").arg(model));
            r.tiers.insert(it.key(), model);
        }
        return true;
    }

    bool tierKnown(const Router& r, const QString& tier, const QString& path)
    {
        return r.tiers.contains(tier) || fail(path, QStringLiteral("unknown tier \"%1\"").arg(tier));
    }

    bool router(const QJsonValue& value, Router& r)
    {
        const QString path = QStringLiteral("router");
        QJsonObject o;
        if (!object(value, path, o) || !knownKeys(o, path, {"rules", "default_tier", "tiers"}))
            return false;
        if (!o.contains(QLatin1String("tiers")))
            return fail(QStringLiteral("router.tiers"), QStringLiteral("missing"));
        if (!tiers(o.value(QLatin1String("tiers")), QStringLiteral("router.tiers"), r))
            return false;
        if (o.contains(QLatin1String("rules")) && !rules(o.value(QLatin1String("rules")), QStringLiteral("router.rules"), r))
            return false;
        if (!o.contains(QLatin1String("default_tier")))
            return fail(QStringLiteral("router.default_tier"), QStringLiteral("missing"));
        if (!string(o, path, QStringLiteral("default_tier"), r.defaultTier)
            || !tierKnown(r, r.defaultTier, QStringLiteral("router.default_tier")))
            return false;
        for (qsizetype i = 0; i < r.rules.size(); ++i) {
            if (!tierKnown(r, r.rules.at(i).tier, QStringLiteral("router.rules[%1].tier").arg(i)))
                return false;
        }
        return true;
    }

    bool choice(const QJsonObject& o, const QString& key, std::initializer_list<const char*> names, int& index)
    {
        const QString path = QStringLiteral("cache.") + key;
        QStringList quoted;
        for (const char* n : names)
            quoted.append(u'"' + QLatin1String(n) + u'"');
        const QString expected = QStringLiteral("expected ")
            + (quoted.size() == 2 ? quoted.join(QStringLiteral(" or "))
                                  : quoted.mid(0, quoted.size() - 1).join(QStringLiteral(", "))
                       + QStringLiteral(" or ") + quoted.constLast());
        const QJsonValue v = o.value(key);
        int i = 0;
        for (const char* n : names) {
            if (v.isString() && v.toString() == QLatin1String(n)) {
                index = i;
                return true;
            }
            ++i;
        }
        return fail(path, expected);
    }

    bool cache(const QJsonValue& value, CacheSettings& c)
    {
        const QString path = QStringLiteral("cache");
        QJsonObject o;
        if (!object(value, path, o) || !knownKeys(o, path, {"mode", "ttl_seconds", "scope", "similarity"}))
            return false;
        int index = 0;
        if (o.contains(QLatin1String("mode"))) {
            if (!choice(o, QStringLiteral("mode"), {"off", "exact", "near"}, index))
                return false;
            c.mode = static_cast<CacheMode>(index);
        }
        if (o.contains(QLatin1String("scope"))) {
            if (!choice(o, QStringLiteral("scope"), {"global", "model"}, index))
                return false;
            c.scope = static_cast<CacheScope>(index);
        }
        if (o.contains(QLatin1String("similarity"))
            && !fraction(o.value(QLatin1String("similarity")), QStringLiteral("cache.similarity"), c.similarity))
            return false;
        const QString ttlPath = QStringLiteral("cache.ttl_seconds");
        if (!o.contains(QLatin1String("ttl_seconds")))
            return c.mode == CacheMode::Off || fail(ttlPath, QStringLiteral("missing (required when mode is not off)"));
        const QJsonValue ttl = o.value(QLatin1String("ttl_seconds"));
        if (ttl.isDouble() && ttl.toDouble() < 0)
            return fail(ttlPath, QStringLiteral("negative TTL"));
        return nonNegativeInteger(ttl, ttlPath, c.ttlSeconds, kMaxTtlSeconds);
    }

    bool batch(const QJsonValue& value, BatchSettings& b)
    {
        const QString path = QStringLiteral("batch");
        QJsonObject o;
        if (!object(value, path, o) || !knownKeys(o, path, {"task_types", "discount"}))
            return false;
        if (o.contains(QLatin1String("task_types"))
            && !stringList(o.value(QLatin1String("task_types")), QStringLiteral("batch.task_types"), b.taskTypes))
            return false;
        if (o.contains(QLatin1String("discount"))) {
            double d = 0;
            if (!fraction(o.value(QLatin1String("discount")), QStringLiteral("batch.discount"), d))
                return false;
            b.discountPpm = fractionToPpm(d);
        }
        return true;
    }

    const pricing::PriceCatalog& m_catalog;
    QString m_error;
};

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject conditionJson(const RuleCondition& c)
{
    QJsonObject o;
    if (!c.taskTypes.isEmpty())
        o.insert(QStringLiteral("task_type"), toArray(c.taskTypes));
    if (!c.models.isEmpty())
        o.insert(QStringLiteral("model"), toArray(c.models));
    if (!c.promptContains.isEmpty())
        o.insert(QStringLiteral("prompt_contains"), toArray(c.promptContains));
    if (!c.promptMatches.isEmpty())
        o.insert(QStringLiteral("prompt_matches"), c.promptMatches);
    if (c.inputTokensAtLeast)
        o.insert(QStringLiteral("input_tokens_at_least"), double(*c.inputTokensAtLeast));
    if (c.inputTokensBelow)
        o.insert(QStringLiteral("input_tokens_below"), double(*c.inputTokensBelow));
    return o;
}

QJsonObject routerJson(const Router& r)
{
    QJsonArray rules;
    for (const RouterRule& rule : r.rules) {
        QJsonObject o{{QStringLiteral("when"), conditionJson(rule.when)}, {QStringLiteral("tier"), rule.tier}};
        if (!rule.enabled)
            o.insert(QStringLiteral("enabled"), false);
        rules.append(o);
    }
    QJsonObject tiers;
    for (auto it = r.tiers.begin(); it != r.tiers.end(); ++it)
        tiers.insert(it.key(), it.value());
    return {{QStringLiteral("rules"), rules}, {QStringLiteral("default_tier"), r.defaultTier},
            {QStringLiteral("tiers"), tiers}};
}

} // namespace

QString promptRegexError(const QString& pattern, QString* re2Reason)
{
    QString why;
    if (!pattern.isEmpty() && PromptRegex::compile(pattern, &why))
        return {};
    if (re2Reason)
        *re2Reason = pattern.isEmpty() ? QStringLiteral("empty pattern") : why;
    // Perl syntax RE2 leaves out (lookaround, backreferences) gets its own sentence: it is not a typo.
    if (!pattern.isEmpty() && QRegularExpression(pattern).isValid())
        return QStringLiteral("RE2 cannot express this pattern (%1); costdash matches with RE2 so that no prompt "
                              "can make matching slow")
            .arg(why);
    return QStringLiteral("invalid regex");
}

std::int64_t fractionToPpm(double fraction)
{
    return std::llround(fraction * 1'000'000.0);
}

std::optional<Scenario> parseScenario(const QByteArray& json, const pricing::PriceCatalog& catalog, QString* error)
{
    auto failWith = [&](const QString& message) {
        if (error)
            *error = message;
        return std::optional<Scenario>{};
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith(QStringLiteral("scenario: invalid JSON (%1 at offset %2)")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    if (!doc.isObject())
        return failWith(QStringLiteral("scenario: expected a JSON object"));
    ScenarioParser parser(catalog);
    std::optional<Scenario> s = parser.parse(doc.object());
    if (!s)
        return failWith(parser.error());
    return s;
}

QByteArray toJson(const Scenario& scenario)
{
    static const char* const modes[] = {"off", "exact", "near"};
    static const char* const scopes[] = {"global", "model"};
    QJsonObject root;
    root.insert(QStringLiteral("name"), scenario.name);
    if (scenario.router)
        root.insert(QStringLiteral("router"), routerJson(*scenario.router));
    const CacheSettings& c = scenario.cache;
    root.insert(QStringLiteral("cache"),
                QJsonObject{{QStringLiteral("mode"), QLatin1String(modes[int(c.mode)])},
                            {QStringLiteral("ttl_seconds"), double(c.ttlSeconds)},
                            {QStringLiteral("scope"), QLatin1String(scopes[int(c.scope)])},
                            {QStringLiteral("similarity"), c.similarity}});
    root.insert(QStringLiteral("batch"),
                QJsonObject{{QStringLiteral("task_types"), toArray(scenario.batch.taskTypes)},
                            {QStringLiteral("discount"), double(scenario.batch.discountPpm) / 1'000'000.0}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace costdash::whatif
