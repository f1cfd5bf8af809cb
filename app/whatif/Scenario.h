#pragma once
// A what-if scenario: router rules, cache and batch settings (the JSON format is documented in README.md,
// "What-if scenarios and replay rules").
#include "money/Money.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace costdash::pricing {
class PriceCatalog;
}

namespace costdash::whatif {

inline const QString kOriginalModel = QStringLiteral("original"); // a tier mapped to this keeps the logged model

struct RuleCondition {
    QStringList taskTypes;      // any of (exact match)
    QStringList models;         // any of, the logged model (case-insensitive, or the same catalog model)
    QStringList promptContains; // any of, case-insensitive substring of the normalized prompt
    QString promptMatches;      // regular expression, case-insensitive, searched in the logged text ("" = none)
    std::optional<std::int64_t> inputTokensAtLeast;
    std::optional<std::int64_t> inputTokensBelow;

    bool operator==(const RuleCondition&) const = default;
};

struct RouterRule {
    RuleCondition when; // all conditions must match
    QString tier;
    bool enabled = true; // a disabled rule matches no call (kept in its place, "enabled": false in the file)

    bool operator==(const RouterRule&) const = default;
};

struct Router {
    QList<RouterRule> rules; // first match wins
    QString defaultTier;
    QMap<QString, QString> tiers; // tier -> model id (or kOriginalModel)

    bool operator==(const Router&) const = default;
};

enum class CacheMode { Off, Exact, Near };
enum class CacheScope { Global, Model };

struct CacheSettings {
    CacheMode mode = CacheMode::Off;
    std::int64_t ttlSeconds = 0;
    CacheScope scope = CacheScope::Global;
    double similarity = 0.92; // near mode only; compared as parts per million (similarityPpm)

    bool operator==(const CacheSettings&) const = default;
};

struct BatchSettings {
    QStringList taskTypes;              // eligible task types
    std::int64_t discountPpm = 500'000; // 0.5 -> 500000 parts per million

    bool operator==(const BatchSettings&) const = default;
};

struct Scenario {
    QString name;
    std::optional<Router> router; // nullopt: every call keeps its model
    CacheSettings cache;
    BatchSettings batch;

    bool operator==(const Scenario&) const = default;
};

// A fraction in [0, 1] as parts per million, rounded half away from zero (0.92 -> 920000).
std::int64_t fractionToPpm(double fraction);

// Parses and validates; on error returns nullopt and *error = "<json path>: <reason>",
// e.g. "router.rules[2].when.prompt_matches: invalid regex". Tier models must be known to `catalog`.
std::optional<Scenario> parseScenario(const QByteArray& json, const pricing::PriceCatalog& catalog,
                                      QString* error);
QByteArray toJson(const Scenario& scenario);

// Why `pattern` cannot be a rule's prompt_matches ("" when it can): "invalid regex", or that RE2 cannot express
// it; *re2Reason gets RE2's own words ("missing ): (abc").
QString promptRegexError(const QString& pattern, QString* re2Reason = nullptr);

} // namespace costdash::whatif
