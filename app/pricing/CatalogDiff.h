#pragma once
// What a set of new price entries changes in a catalog (`prices import`): each entry against the price the
// catalog had in force for that model at the entry's date.
#include "pricing/PriceCatalog.h"

namespace costdash::pricing {

struct PriceChange {
    PriceEntry entry;            // the new entry
    std::optional<Price> before; // in force at entry.effectiveFrom before: nullopt when the model was new
};

struct CatalogDiff {
    QList<PriceChange> added;   // models (or dates before their first price) the catalog had no price for
    QList<PriceChange> changed; // a different price than the one in force
    qsizetype unchanged = 0;    // the same price as the one in force
    qsizetype removed = 0;      // entries of `before` that `after` no longer has
};

CatalogDiff diffCatalogs(const PriceCatalog& before, const PriceCatalog& after, const QList<PriceEntry>& entries);

} // namespace costdash::pricing
