// Our own catalog JSON format (documented in README.md, "Price catalog"): prices are decimal strings in USD per
// 1M tokens, parsed exactly; never JSON numbers, which readers may round through double.
#include "pricing/PriceCatalog.h"

#include "model/Prompt.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace costdash::pricing {

QString priceText(money::MicrosPerMillion micros)
{
    // Prices are micro-USD per 1M tokens: six fraction digits, trailing zeros trimmed to two.
    QString text = money::formatUsdExact(micros * 1000); // as nanos, so formatUsdExact gives 9 digits
    text.chop(3);
    while (text.endsWith(u'0') && text.indexOf(u'.') < text.size() - 3)
        text.chop(1);
    return text;
}

namespace {

const QString kFormatName = QStringLiteral("costdash-price-catalog");

bool fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return false;
}

// An optional price field: absent is fine; present must be a decimal string.
bool readPrice(const QJsonObject& o, QLatin1String key, std::optional<money::MicrosPerMillion>& out,
               QString* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString())
        return fail(error, QStringLiteral("\"%1\" must be a decimal string such as \"2.50\"").arg(key));
    QString why;
    const auto parsed = money::parsePricePerMillion(v.toString(), &why);
    if (!parsed)
        return fail(error, QStringLiteral("\"%1\": %2").arg(key, why));
    if (*parsed < 0)
        return fail(error, QStringLiteral("\"%1\" is negative").arg(key));
    out = *parsed;
    return true;
}


bool readPrices(const QJsonObject& o, Price& price, QString* error)
{
    std::optional<money::MicrosPerMillion> input, output, single, discount;
    if (!readPrice(o, QLatin1String("input"), input, error) || !readPrice(o, QLatin1String("output"), output, error)
        || !readPrice(o, QLatin1String("single_rate"), single, error)
        || !readPrice(o, QLatin1String("cached_input"), price.cachedInput, error)
        || !readPrice(o, QLatin1String("cache_write"), price.cacheWrite, error)
        || !readPrice(o, QLatin1String("batch_discount"), discount, error))
        return false;
    if (single) {
        if (input || output)
            return fail(error, QStringLiteral("give either \"single_rate\" or \"input\" and \"output\", not both"));
        price.input = price.output = *single;
        price.singleRate = true;
    } else if (input && output) {
        price.input = *input;
        price.output = *output;
    } else {
        return fail(error, QStringLiteral("\"input\" and \"output\" (or \"single_rate\") are required"));
    }
    // batch_discount is a fraction ("0.50"); parsePricePerMillion scales by 1e6, i.e. gives parts per million.
    price.batchDiscountPpm = discount.value_or(0);
    if (price.batchDiscountPpm > 1'000'000)
        return fail(error, QStringLiteral("\"batch_discount\" must be between 0 and 1"));
    return true;
}

} // namespace

std::optional<PriceEntry> PriceCatalog::entryFromJson(const QJsonObject& o, QString* error)
{
    PriceEntry e;
    e.model = o.value(QLatin1String("model")).toString().trimmed();
    if (e.model.isEmpty()) {
        fail(error, QStringLiteral("an entry has no \"model\""));
        return std::nullopt;
    }
    auto withModel = [&](const QString& reason) {
        fail(error, QStringLiteral("%1: %2").arg(e.model, reason));
        return std::optional<PriceEntry>{};
    };
    e.provider = o.value(QLatin1String("provider")).toString();
    e.source = o.value(QLatin1String("source")).toString();
    for (const QJsonValue a : o.value(QLatin1String("aliases")).toArray())
        e.aliases << a.toString();
    const QString from = o.value(QLatin1String("effective_from")).toString();
    QString why;
    const auto t = timeutil::parseTimestamp(from, &why);
    if (!t)
        return withModel(QStringLiteral("\"effective_from\" must be a date such as \"2025-01-01\" (%1)").arg(why));
    e.effectiveFrom = *t;
    if (!readPrices(o, e.price, &why))
        return withModel(why);
    return e;
}

QJsonObject PriceCatalog::entryToJson(const PriceEntry& e)
{
    QJsonObject o{{QStringLiteral("model"), e.model}, {QStringLiteral("provider"), e.provider}};
    if (!e.aliases.isEmpty())
        o.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(e.aliases));
    const bool midnight = e.effectiveFrom % timeutil::kMillisPerDay == 0;
    o.insert(QStringLiteral("effective_from"), midnight ? timeutil::formatDay(timeutil::dayOf(e.effectiveFrom))
                                                        : timeutil::formatIso(e.effectiveFrom));
    if (e.price.singleRate) {
        o.insert(QStringLiteral("single_rate"), priceText(e.price.input));
    } else {
        o.insert(QStringLiteral("input"), priceText(e.price.input));
        o.insert(QStringLiteral("output"), priceText(e.price.output));
    }
    if (e.price.cachedInput)
        o.insert(QStringLiteral("cached_input"), priceText(*e.price.cachedInput));
    if (e.price.cacheWrite)
        o.insert(QStringLiteral("cache_write"), priceText(*e.price.cacheWrite));
    if (e.price.batchDiscountPpm != 0)
        o.insert(QStringLiteral("batch_discount"), priceText(e.price.batchDiscountPpm));
    if (!e.source.isEmpty())
        o.insert(QStringLiteral("source"), e.source);
    return o;
}

std::optional<PriceCatalog> PriceCatalog::fromJson(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        fail(error, QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != kFormatName) {
        fail(error, QStringLiteral("not a costdash price catalog (\"format\" must be \"%1\")").arg(kFormatName));
        return std::nullopt;
    }
    if (root.value(QLatin1String("version")).toInt() != 1) {
        fail(error, QStringLiteral("unsupported catalog version %1").arg(root.value(QLatin1String("version")).toInt()));
        return std::nullopt;
    }
    PriceCatalog catalog;
    catalog.m_snapshotDate = root.value(QLatin1String("snapshot")).toString();
    const QJsonArray list = root.value(QLatin1String("entries")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QString why;
        const auto entry = entryFromJson(list.at(i).toObject(), &why);
        if (!entry) {
            fail(error, QStringLiteral("entries[%1]: %2").arg(i).arg(why));
            return std::nullopt;
        }
        catalog.add(*entry);
    }
    return catalog;
}

QByteArray PriceCatalog::toJson(const QList<PriceEntry>& entries)
{
    QJsonArray list;
    for (const PriceEntry& e : entries)
        list.append(entryToJson(e));
    const QJsonObject root{{QStringLiteral("format"), kFormatName},
                           {QStringLiteral("version"), 1},
                           {QStringLiteral("unit"), QStringLiteral("USD per 1M tokens")},
                           {QStringLiteral("entries"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::uint64_t PriceCatalog::fingerprint() const
{
    return hash64(QString::fromUtf8(toJson(entries())));
}

} // namespace costdash::pricing
