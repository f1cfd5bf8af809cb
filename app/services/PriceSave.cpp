#include "services/PriceSave.h"

#include "store/CallStore.h"

namespace costdash::services {

QString savePrices(const QString& path, const QList<pricing::PriceEntry>& entries)
{
    QString error;
    const std::unique_ptr<store::CallStore> store = store::CallStore::open(path, &error);
    if (!store)
        return QStringLiteral("Cannot open the store %1: %2").arg(path, error);
    if (!store->savePriceOverrides(entries, &error))
        return QStringLiteral("Cannot save the prices: %1").arg(error);
    return {};
}

} // namespace costdash::services
