#include "store/Rollup.h"

namespace costdash::store::detail {

CatalogPricer::CatalogPricer(pricing::PriceCatalog catalog, const QStringList* modelNames)
    : m_catalog(std::move(catalog))
    , m_modelNames(modelNames)
{
}

const QList<pricing::PriceEntry>& CatalogPricer::historyOf(std::int32_t modelId)
{
    if (std::size_t(modelId) >= m_history.size())
        m_history.resize(std::size_t(modelId) + 1);
    auto& slot = m_history[std::size_t(modelId)];
    if (!slot) {
        const QString name = m_modelNames->value(modelId - 1);
        const auto canonical = m_catalog.resolve(name);
        slot = canonical ? m_catalog.history(*canonical) : QList<pricing::PriceEntry>{};
    }
    return *slot;
}

std::optional<money::Nanos> CatalogPricer::cost(std::int32_t modelId, timeutil::Millis t,
                                                const pricing::TokenCounts& tokens)
{
    const pricing::Price* price = priceAt(modelId, t);
    if (!price)
        return std::nullopt;
    return pricing::callCost(*price, tokens);
}

QString CatalogPricer::providerOf(const QString& model) const
{
    const auto canonical = m_catalog.resolve(model);
    if (!canonical)
        return QString();
    const QList<pricing::PriceEntry> history = m_catalog.history(*canonical);
    return history.isEmpty() ? QString() : history.last().provider;
}

} // namespace costdash::store::detail
