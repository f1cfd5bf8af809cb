#include "pricing/PriceCatalog.h"

#include <QFile>
#include <algorithm>
#include <limits>

namespace costdash::pricing {
namespace {

__extension__ using Int128 = __int128; // a call's picos: counts and prices within the limits overflow int64

bool allDigits(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

bool plausibleMonthDay(QStringView mm, QStringView dd)
{
    const int m = mm.toInt();
    const int d = dd.toInt();
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// Where a dated snapshot suffix starts ("-2024-08-06", "-20240806", "-0613", "@20240806"), or -1. Only dates
// count: "gpt-4o-audio-preview" is a different product with different prices, not a snapshot of gpt-4o.
qsizetype snapshotSuffixStart(QStringView name)
{
    const qsizetype n = name.size();
    if (n > 11 && name[n - 11] == u'-' && name[n - 6] == u'-' && name[n - 3] == u'-'
        && allDigits(name.mid(n - 10, 4)) && allDigits(name.mid(n - 5, 2)) && allDigits(name.mid(n - 2, 2))
        && plausibleMonthDay(name.mid(n - 5, 2), name.mid(n - 2, 2)))
        return n - 11;
    if (n > 9 && (name[n - 9] == u'-' || name[n - 9] == u'@') && allDigits(name.mid(n - 8))
        && plausibleMonthDay(name.mid(n - 4, 2), name.mid(n - 2, 2)))
        return n - 9;
    if (n > 5 && name[n - 5] == u'-' && allDigits(name.mid(n - 4))
        && plausibleMonthDay(name.mid(n - 4, 2), name.mid(n - 2, 2)))
        return n - 5;
    return -1;
}

bool entryLess(const PriceEntry& a, const PriceEntry& b)
{
    return a.effectiveFrom < b.effectiveFrom;
}

} // namespace

bool withinLimits(const TokenCounts& tokens)
{
    return std::all_of(&tokens.input, &tokens.output + 1, [](std::int64_t count) {
        return count >= 0 && count <= money::kMaxTokensPerCall;
    });
}

// Uncached, cached and cache-write counts bill at most max(input, cached + cacheWrite) <= 2 limits, output one more.
static_assert(Int128(3) * money::kMaxTokensPerCall * money::kMaxPricePerMillion / 1000
                  < std::numeric_limits<money::Nanos>::max(),
              "the largest call within the limits must fit int64 nano-USD");

// Four counts within the limits at prices up to this ($230.58 per 1M tokens: nearly every real price) sum in
// int64 pico-USD; dearer prices take the 128-bit sum.
constexpr money::MicrosPerMillion kInt64PriceLimit
    = std::numeric_limits<std::int64_t>::max() / (4 * money::kMaxTokensPerCall);

money::Nanos callCost(const Price& price, const TokenCounts& tokens)
{
    Q_ASSERT(withinLimits(tokens));
    // Logs that report more cached than total input would give a negative uncached count: bill none.
    const std::int64_t uncached = std::max<std::int64_t>(0, tokens.input - tokens.cached - tokens.cacheWrite);
    const money::MicrosPerMillion cachedPrice = price.cachedInput.value_or(price.input);
    const money::MicrosPerMillion writePrice = price.cacheWrite.value_or(price.input);
    if (std::max({price.input, cachedPrice, writePrice, price.output}) <= kInt64PriceLimit) {
        return money::roundPicosToNanos(money::picosOf(uncached, price.input) + money::picosOf(tokens.cached, cachedPrice)
                                        + money::picosOf(tokens.cacheWrite, writePrice)
                                        + money::picosOf(tokens.output, price.output));
    }
    const Int128 picos = Int128(uncached) * price.input + Int128(tokens.cached) * cachedPrice
        + Int128(tokens.cacheWrite) * writePrice + Int128(tokens.output) * price.output;
    return money::Nanos((picos + 500) / 1000); // picos >= 0: half away from zero
}

PriceCatalog PriceCatalog::bundled()
{
    // Parsed once: the resource never changes while the program runs.
    static const PriceCatalog catalog = [] {
        QFile file(QStringLiteral(":/pricing/catalog.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the bundled price catalog is missing from the resources");
        QString error;
        const auto parsed = fromJson(file.readAll(), &error);
        if (!parsed)
            qFatal("the bundled price catalog is invalid: %s", qPrintable(error));
        return *parsed;
    }();
    return catalog;
}

void PriceCatalog::add(const PriceEntry& entry)
{
    QList<PriceEntry>& list = m_byModel[entry.model];
    const auto same = std::find_if(list.begin(), list.end(),
                                   [&](const PriceEntry& e) { return e.effectiveFrom == entry.effectiveFrom; });
    if (same != list.end())
        *same = entry;
    else
        list.insert(std::upper_bound(list.begin(), list.end(), entry, entryLess), entry);
    m_aliasToModel.insert(entry.model.toLower(), entry.model);
    for (const QString& alias : entry.aliases)
        m_aliasToModel.insert(alias.toLower(), entry.model);
}

std::optional<QString> PriceCatalog::resolve(QStringView rawModel) const
{
    const QString name = rawModel.trimmed().toString().toLower();
    auto lookup = [this](QStringView candidate) -> std::optional<QString> {
        const auto it = m_aliasToModel.constFind(candidate.toString());
        if (it != m_aliasToModel.cend())
            return *it;
        // Stripping the date leaves the longest known prefix: "gpt-4o-mini-2024-07-18" -> "gpt-4o-mini".
        const qsizetype cut = snapshotSuffixStart(candidate);
        if (cut > 0) {
            const auto base = m_aliasToModel.constFind(candidate.left(cut).toString());
            if (base != m_aliasToModel.cend())
                return *base;
        }
        return std::nullopt;
    };
    // The full name first ("Qwen/Qwen3-8B" is itself canonical), then without each provider prefix in turn
    // ("openrouter/openai/gpt-4o" -> "openai/gpt-4o" -> "gpt-4o").
    QStringView rest = name;
    while (!rest.isEmpty()) {
        if (auto found = lookup(rest))
            return found;
        const qsizetype slash = rest.indexOf(u'/');
        if (slash < 0)
            break;
        rest = rest.mid(slash + 1);
    }
    return std::nullopt;
}

const Price* PriceCatalog::priceIn(const QList<PriceEntry>& history, timeutil::Millis t)
{
    // upper_bound finds the first entry starting after t; the one before it is in force.
    const auto after = std::upper_bound(history.cbegin(), history.cend(), t,
                                        [](timeutil::Millis v, const PriceEntry& e) { return v < e.effectiveFrom; });
    return after == history.cbegin() ? nullptr : &std::prev(after)->price;
}

const Price* PriceCatalog::priceAt(QStringView canonicalModel, timeutil::Millis t) const
{
    auto it = m_byModel.constFind(canonicalModel.toString());
    if (it == m_byModel.cend()) {
        const auto alias = m_aliasToModel.constFind(canonicalModel.toString().toLower());
        if (alias == m_aliasToModel.cend())
            return nullptr;
        it = m_byModel.constFind(*alias);
        if (it == m_byModel.cend())
            return nullptr;
    }
    return priceIn(*it, t);
}

std::optional<money::Nanos> PriceCatalog::cost(QStringView rawModel, timeutil::Millis t,
                                               const TokenCounts& tokens) const
{
    const auto canonical = resolve(rawModel);
    if (!canonical)
        return std::nullopt;
    const Price* price = priceAt(*canonical, t);
    if (!price)
        return std::nullopt;
    return callCost(*price, tokens);
}

QList<PriceEntry> PriceCatalog::entries() const
{
    QList<PriceEntry> out;
    for (const QString& model : models())
        out += m_byModel.value(model);
    return out;
}

QStringList PriceCatalog::models() const
{
    QStringList out = m_byModel.keys();
    out.sort(Qt::CaseInsensitive);
    return out;
}

QList<PriceEntry> PriceCatalog::history(QStringView canonicalModel) const
{
    return m_byModel.value(canonicalModel.toString());
}

} // namespace costdash::pricing
