#include "pricing/CatalogDiff.h"

#include <QSet>

namespace costdash::pricing {

CatalogDiff diffCatalogs(const PriceCatalog& before, const PriceCatalog& after, const QList<PriceEntry>& entries)
{
    CatalogDiff diff;
    for (const PriceEntry& e : entries) {
        const auto known = before.resolve(e.model);
        const Price* was = known ? before.priceAt(*known, e.effectiveFrom) : nullptr;
        if (!was)
            diff.added.append({e, std::nullopt});
        else if (*was == e.price)
            ++diff.unchanged;
        else
            diff.changed.append({e, *was});
    }
    QSet<QPair<QString, qint64>> kept;
    for (const PriceEntry& e : after.entries())
        kept.insert({e.model, e.effectiveFrom});
    for (const PriceEntry& e : before.entries())
        diff.removed += kept.contains({e.model, e.effectiveFrom}) ? 0 : 1;
    return diff;
}

} // namespace costdash::pricing
