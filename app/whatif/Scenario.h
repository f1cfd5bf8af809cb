#pragma once
// A what-if scenario: router rules, cache and batch settings (the JSON format is documented in README.md).
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
    QStringList models;         // any of, the logged model (case-insensitive)
    QStringList promptContains; // any of, case-insensitive substring
    QString promptMatches;      // regular expression ("" = none)
    std::optional<std::int64_t> inputTokensAtLeast;
    std::optional<std::int64_t> inputTokensBelow;
};

struct RouterRule {
    RuleCondition when; // all conditions must match
    QString tier;
};

struct Router {
    QList<RouterRule> rules; // first match wins
    QString defaultTier;
    QMap<QString, QString> tiers; // tier -> model id (or kOriginalModel)
};

enum class CacheMode { Off, Exact, Near };
enum class CacheScope { Global, Model };

struct CacheSettings {
    CacheMode mode = CacheMode::Off;
    std::int64_t ttlSeconds = 0;
    CacheScope scope = CacheScope::Global;
    double similarity = 0.92; // near mode only
};

struct BatchSettings {
    QStringList taskTypes;              // eligible task types
    std::int64_t discountPpm = 500'000; // 0.5 -> 500000 parts per million
};

struct Scenario {
    QString name;
    std::optional<Router> router; // nullopt: every call keeps its model
    CacheSettings cache;
    BatchSettings batch;
};

// Parses and validates; on error returns nullopt and *error = "<json path>: <reason>",
// e.g. "router.rules[2].when.prompt_matches: invalid regex". Tier models must be known to `catalog`.
std::optional<Scenario> parseScenario(const QByteArray& json, const pricing::PriceCatalog& catalog,
                                      QString* error);
QByteArray toJson(const Scenario& scenario);

} // namespace costdash::whatif
