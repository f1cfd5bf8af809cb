#include "pricing/PriceEdits.h"

#include <QFile>

namespace costdash::pricing {

std::optional<PriceEntry> entryFromText(const PriceText& text, const PriceCatalog& catalog, const QString& source,
                                        PriceProblem* problem)
{
    const QString model = text.model.trimmed();
    if (model.isEmpty()) {
        *problem = {QStringLiteral("model"), QStringLiteral("a model name is needed")};
        return std::nullopt;
    }
    Price price;
    auto read = [&](const char* field, const QString& value, std::optional<money::MicrosPerMillion>& out) {
        if (value.trimmed().isEmpty())
            return true;
        QString why;
        out = money::parsePricePerMillion(value.trimmed(), &why);
        if (out && *out < 0)
            why = QStringLiteral("negative");
        if (!out || *out < 0) {
            *problem = {QString::fromLatin1(field), why};
            return false;
        }
        return true;
    };
    std::optional<money::MicrosPerMillion> input, output;
    if (!read("input", text.input, input) || !read("output", text.output, output)
        || !read("cached", text.cached, price.cachedInput) || !read("cache-write", text.cacheWrite, price.cacheWrite))
        return std::nullopt;
    if (!input || !output) {
        *problem = {QStringLiteral("price"), QStringLiteral("an input and an output price are needed (USD per 1M tokens)")};
        return std::nullopt;
    }
    price.input = *input;
    price.output = *output;
    PriceEntry entry;
    entry.model = catalog.resolve(model).value_or(model);
    const QList<PriceEntry> history = catalog.history(entry.model);
    entry.provider = !text.provider.trimmed().isEmpty() ? text.provider.trimmed()
                                                        : (history.isEmpty() ? QString() : history.last().provider);
    entry.aliases = history.isEmpty() ? QStringList() : history.last().aliases;
    entry.effectiveFrom = text.from;
    entry.price = price;
    entry.source = source;
    return entry;
}

std::optional<QList<PriceEntry>> readCatalogFile(const QString& path, timeutil::Millis from, QString* error,
                                                 QStringList* skipped, QString* format)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray json = file.readAll();
    QString why;
    if (PriceCatalog::looksLikeLiteLlm(json)) {
        *format = QStringLiteral("litellm");
        auto parsed = PriceCatalog::parseLiteLlm(json, from, &why, skipped);
        if (!parsed)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return parsed;
    }
    *format = QStringLiteral("costdash");
    const auto parsed = PriceCatalog::fromJson(json, &why);
    if (!parsed) {
        *error = QStringLiteral("%1: %2 (expected a costdash price catalog or LiteLLM's "
                                "model_prices_and_context_window.json)")
                     .arg(path, why);
        return std::nullopt;
    }
    return parsed->entries();
}

} // namespace costdash::pricing
