#pragma once
// Saving prices into a store (the Prices page's add, edit and import), run on a services::Job's thread.
#include "pricing/PriceCatalog.h"

#include <QString>

namespace costdash::services {

// Opens the store at `path` for writing and keeps `entries` as its price overrides in one transaction; the
// error in one sentence, empty when saved.
QString savePrices(const QString& path, const QList<pricing::PriceEntry>& entries);

} // namespace costdash::services
