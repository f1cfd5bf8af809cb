#pragma once
// The router edits the What-if page offers, as pure functions from one valid Router to another: every rule's tier
// and the default tier stay defined, the rules stay within kMaxRouterRules. A refused edit returns nullopt.
#include "whatif/Scenario.h"

#include <QStringList>
#include <optional>

namespace costdash::pricing {
class PriceCatalog;
}

namespace costdash::whatif::edits {

// A router to start from when a scenario has none: one tier keeping the original model, no rules.
Router startingRouter();

// A new rule at `index` (clamped), always matching, sending to the default tier.
std::optional<Router> addRule(Router router, qsizetype index);
std::optional<Router> duplicateRule(Router router, qsizetype index);
std::optional<Router> removeRule(Router router, qsizetype index);
std::optional<Router> moveRule(Router router, qsizetype from, qsizetype to);
std::optional<Router> setRule(Router router, qsizetype index, const RouterRule& rule); // tier must exist

// A tier named `name` (refused when taken or empty) mapped to `model` (a catalog id or kOriginalModel).
std::optional<Router> addTier(Router router, const QString& name, const QString& model);
// Renames the tier everywhere it is used (rules, default).
std::optional<Router> renameTier(Router router, const QString& from, const QString& to);
// Refused for the default tier; rules that used it go to the default tier.
std::optional<Router> removeTier(Router router, const QString& name);
std::optional<Router> setTierModel(Router router, const QString& name, const QString& model);
std::optional<Router> setDefaultTier(Router router, const QString& name);

// "tier 2", "tier 3", … the first not taken.
QString freeTierName(const Router& router);

// The names of a rule's "model is" condition that match none of `loggedModels` the way the router matches them:
// the same name ignoring case, or a name the catalog resolves to the same model.
QStringList unmatchedModels(const QStringList& names, const QStringList& loggedModels,
                            const pricing::PriceCatalog& catalog);

} // namespace costdash::whatif::edits
