#include "whatif/RouterEdits.h"

#include "pricing/PriceCatalog.h"
#include "whatif/CompiledRouter.h"

#include <algorithm>

namespace costdash::whatif::edits {
namespace {

bool validIndex(const Router& router, qsizetype index)
{
    return index >= 0 && index < router.rules.size();
}

} // namespace

Router startingRouter()
{
    Router router;
    router.defaultTier = QStringLiteral("default");
    router.tiers.insert(router.defaultTier, kOriginalModel);
    return router;
}

std::optional<Router> addRule(Router router, qsizetype index)
{
    if (router.rules.size() >= kMaxRouterRules)
        return std::nullopt;
    RouterRule rule;
    rule.tier = router.defaultTier;
    router.rules.insert(std::clamp<qsizetype>(index, 0, router.rules.size()), rule);
    return router;
}

std::optional<Router> duplicateRule(Router router, qsizetype index)
{
    if (!validIndex(router, index) || router.rules.size() >= kMaxRouterRules)
        return std::nullopt;
    router.rules.insert(index + 1, router.rules.at(index));
    return router;
}

std::optional<Router> removeRule(Router router, qsizetype index)
{
    if (!validIndex(router, index))
        return std::nullopt;
    router.rules.removeAt(index);
    return router;
}

std::optional<Router> moveRule(Router router, qsizetype from, qsizetype to)
{
    if (!validIndex(router, from) || !validIndex(router, to) || from == to)
        return std::nullopt;
    router.rules.move(from, to);
    return router;
}

std::optional<Router> setRule(Router router, qsizetype index, const RouterRule& rule)
{
    if (!validIndex(router, index) || !router.tiers.contains(rule.tier))
        return std::nullopt;
    router.rules[index] = rule;
    return router;
}

std::optional<Router> addTier(Router router, const QString& name, const QString& model)
{
    if (name.trimmed().isEmpty() || router.tiers.contains(name))
        return std::nullopt;
    router.tiers.insert(name, model);
    return router;
}

std::optional<Router> renameTier(Router router, const QString& from, const QString& to)
{
    if (!router.tiers.contains(from) || to.trimmed().isEmpty() || router.tiers.contains(to))
        return std::nullopt;
    router.tiers.insert(to, router.tiers.take(from));
    for (RouterRule& rule : router.rules) {
        if (rule.tier == from)
            rule.tier = to;
    }
    if (router.defaultTier == from)
        router.defaultTier = to;
    return router;
}

std::optional<Router> removeTier(Router router, const QString& name)
{
    if (!router.tiers.contains(name) || name == router.defaultTier)
        return std::nullopt;
    router.tiers.remove(name);
    for (RouterRule& rule : router.rules) {
        if (rule.tier == name)
            rule.tier = router.defaultTier;
    }
    return router;
}

std::optional<Router> setTierModel(Router router, const QString& name, const QString& model)
{
    if (!router.tiers.contains(name) || model.isEmpty())
        return std::nullopt;
    router.tiers[name] = model;
    return router;
}

std::optional<Router> setDefaultTier(Router router, const QString& name)
{
    if (!router.tiers.contains(name))
        return std::nullopt;
    router.defaultTier = name;
    return router;
}

QString freeTierName(const Router& router)
{
    for (int n = router.tiers.size() + 1;; ++n) {
        const QString name = QStringLiteral("tier %1").arg(n);
        if (!router.tiers.contains(name))
            return name;
    }
}

QStringList unmatchedModels(const QStringList& names, const QStringList& loggedModels,
                            const pricing::PriceCatalog& catalog)
{
    QStringList unmatched;
    for (const QString& name : names) {
        const std::optional<QString> canonical = catalog.resolve(name);
        const bool matched = std::any_of(loggedModels.begin(), loggedModels.end(), [&](const QString& logged) {
            return logged.compare(name, Qt::CaseInsensitive) == 0 || (canonical && catalog.resolve(logged) == canonical);
        });
        if (!matched)
            unmatched << name;
    }
    return unmatched;
}

} // namespace costdash::whatif::edits
