#include "cli/Commands.h"
#include "pricing/CatalogDiff.h"
#include "pricing/PriceEdits.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace costdash::cli {
namespace {

using pricing::kDefaultPriceFrom;

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "The price catalog: the bundled snapshot plus the prices kept in the store.\n"
        "  prices list [--json]\n"
        "  prices import FILE [--from DAY]   costdash catalog JSON or LiteLLM model_prices_and_context_window.json\n"
        "  prices set MODEL --input X --output Y [--cached Z] [--cache-write W] [--provider P] [--from DAY]\n"
        "  prices reprice [--from DAY] [--to DAY]   the days' calls as logged and at today's catalog prices\n"
        "Prices are USD per 1M tokens. Without --from, a price applies from %1.")
                                         .arg(QLatin1String(kDefaultPriceFrom)));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, import FILE, set MODEL or reprice"));
    addDbOption(parser);
    addJsonOption(parser);
    for (const auto& [name, help] :
         {std::pair{"input", "set: USD per 1M input tokens"}, std::pair{"output", "set: USD per 1M output tokens"},
          std::pair{"cached", "set: USD per 1M cached input tokens (default: the input price)"},
          std::pair{"cache-write", "set: USD per 1M cache-write tokens (default: the input price)"},
          std::pair{"provider", "set: the provider (default: the catalog's, if it knows the model)"},
          std::pair{"from", "set/import: the day the price applies from; reprice: the first day (YYYY-MM-DD, UTC)"},
          std::pair{"to", "reprice: the last day included (YYYY-MM-DD, UTC)"}})
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("VALUE")});
}

QString priceCell(money::MicrosPerMillion micros)
{
    return money::formatUsd(micros * 1000, micros % 10000 == 0 ? 2 : 6);
}

int list(const QCommandLineParser& parser, const store::CallStore& store)
{
    const QList<pricing::PriceEntry> entries = store.catalog().entries();
    QSet<QPair<QString, qint64>> overridden;
    for (const pricing::PriceEntry& e : store.priceOverrides())
        overridden.insert({e.model, e.effectiveFrom});
    auto origin = [&](const pricing::PriceEntry& e) {
        return overridden.contains({e.model, e.effectiveFrom}) ? QStringLiteral("store") : QStringLiteral("bundled");
    };
    if (parser.isSet(QStringLiteral("json"))) {
        // Our catalog format (so the output can be imported again), with each entry's origin.
        QJsonObject root = QJsonDocument::fromJson(pricing::PriceCatalog::toJson(entries)).object();
        QJsonArray list = root.value(QLatin1String("entries")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject o = list.at(i).toObject();
            o.insert(QStringLiteral("origin"), origin(entries.at(i)));
            list.replace(i, o);
        }
        root.insert(QStringLiteral("entries"), list);
        printJson(QJsonDocument(root));
        return Done;
    }
    QString text = QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8\n")
                       .arg(QStringLiteral("model").leftJustified(28), QStringLiteral("provider").leftJustified(10),
                            QStringLiteral("from").leftJustified(10), QStringLiteral("input").rightJustified(10),
                            QStringLiteral("output").rightJustified(10), QStringLiteral("cached").rightJustified(10),
                            QStringLiteral("batch").rightJustified(6), QStringLiteral("origin"));
    for (const pricing::PriceEntry& e : entries) {
        const pricing::Price& p = e.price;
        text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8%9\n")
                    .arg(e.model.leftJustified(28), e.provider.leftJustified(10),
                         timeutil::formatDay(timeutil::dayOf(e.effectiveFrom)), priceCell(p.input).rightJustified(10),
                         priceCell(p.output).rightJustified(10),
                         (p.cachedInput ? priceCell(*p.cachedInput) : QStringLiteral("-")).rightJustified(10),
                         (p.batchDiscountPpm ? QStringLiteral("%1%").arg(p.batchDiscountPpm / 10000)
                                             : QStringLiteral("-"))
                             .rightJustified(6),
                         origin(e), p.singleRate ? QStringLiteral(" (one published rate)") : QString());
    }
    text += QStringLiteral("\nUSD per 1M tokens.\n");
    printText(text);
    return Done;
}

std::optional<timeutil::Millis> fromOption(const QCommandLineParser& parser)
{
    const QString text = parser.isSet(QStringLiteral("from")) ? parser.value(QStringLiteral("from"))
                                                              : QString::fromLatin1(kDefaultPriceFrom);
    const auto day = timeutil::parseDay(text);
    return day ? std::optional<timeutil::Millis>(*day * timeutil::kMillisPerDay) : std::nullopt;
}

// Rates as the catalog JSON writes them (decimal strings, USD per 1M tokens); null: billed at the input rate.
QJsonObject priceJson(const pricing::Price& p)
{
    using pricing::priceText;
    QJsonObject o{{QStringLiteral("input"), priceText(p.input)}, {QStringLiteral("output"), priceText(p.output)}};
    o.insert(QStringLiteral("cached_input"), p.cachedInput ? QJsonValue(priceText(*p.cachedInput)) : QJsonValue());
    o.insert(QStringLiteral("cache_write"), p.cacheWrite ? QJsonValue(priceText(*p.cacheWrite)) : QJsonValue());
    return o;
}

QJsonArray changesJson(const QList<pricing::PriceChange>& changes)
{
    QJsonArray out;
    for (const pricing::PriceChange& c : changes) {
        QJsonObject o{{QStringLiteral("model"), c.entry.model},
                      {QStringLiteral("from"), timeutil::formatDay(timeutil::dayOf(c.entry.effectiveFrom))},
                      {QStringLiteral("after"), priceJson(c.entry.price)}};
        if (c.before)
            o.insert(QStringLiteral("before"), priceJson(*c.before));
        out.append(o);
    }
    return out;
}

// "input 2.50 -> 3.00, output 10.00 -> 12.00" (the rates that moved), or the new rates of an added model.
QString changeText(const pricing::PriceChange& c)
{
    const pricing::Price& a = c.entry.price;
    if (!c.before)
        return QStringLiteral("input %1, output %2").arg(pricing::priceText(a.input), pricing::priceText(a.output));
    const pricing::Price& b = *c.before;
    QStringList parts;
    const auto rate = [&](const char* name, money::MicrosPerMillion was, money::MicrosPerMillion now) {
        if (was != now)
            parts << QStringLiteral("%1 %2 -> %3").arg(QLatin1String(name), pricing::priceText(was), pricing::priceText(now));
    };
    rate("input", b.input, a.input);
    rate("output", b.output, a.output);
    rate("cached", b.cachedInput.value_or(b.input), a.cachedInput.value_or(a.input));
    rate("cache-write", b.cacheWrite.value_or(b.input), a.cacheWrite.value_or(a.input));
    return parts.isEmpty() ? QStringLiteral("batch or provider terms") : parts.join(QStringLiteral(", "));
}

QString diffText(const pricing::CatalogDiff& diff)
{
    constexpr qsizetype kListed = 20;
    QString text = QStringLiteral("against the catalog in use: %1 added, %2 changed, %3 unchanged, %4 removed\n")
                       .arg(diff.added.size()).arg(diff.changed.size()).arg(diff.unchanged).arg(diff.removed);
    for (const auto& [label, list] : {std::pair{"changed", &diff.changed}, std::pair{"added", &diff.added}}) {
        for (const pricing::PriceChange& c : list->mid(0, kListed))
            text += QStringLiteral("  %1 %2 from %3: %4\n")
                        .arg(QLatin1String(label), c.entry.model,
                             timeutil::formatDay(timeutil::dayOf(c.entry.effectiveFrom)), changeText(c));
        if (list->size() > kListed)
            text += QStringLiteral("  ... and %1 more %2 (see --json)\n").arg(list->size() - kListed).arg(QLatin1String(label));
    }
    return text + QStringLiteral("USD per 1M tokens.\n");
}

int importFile(const QCommandLineParser& parser, store::CallStore& store, const QString& path, timeutil::Millis from)
{
    QString error;
    QStringList skipped;
    QString format;
    const auto entries = pricing::readCatalogFile(path, from, &error, &skipped, &format);
    if (!entries)
        return fail(error);
    const pricing::PriceCatalog before = store.catalog();
    if (!store.savePriceOverrides(*entries, &error))
        return fail(QStringLiteral("cannot save the prices: ") + error);
    const pricing::CatalogDiff diff = pricing::diffCatalogs(before, store.catalog(), *entries);
    for (const QString& problem : skipped)
        warn(QStringLiteral("%1: %2").arg(path, problem));
    if (parser.isSet(QStringLiteral("json")))
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("imported"), qint64(entries->size())},
                                            {QStringLiteral("format"), format},
                                            {QStringLiteral("skipped"), QJsonArray::fromStringList(skipped)},
                                            {QStringLiteral("added"), changesJson(diff.added)},
                                            {QStringLiteral("changed"), changesJson(diff.changed)},
                                            {QStringLiteral("unchanged"), qint64(diff.unchanged)},
                                            {QStringLiteral("removed"), qint64(diff.removed)}}));
    else
        printText(QStringLiteral("imported %1 price entries (%2 format)\n").arg(entries->size()).arg(format)
                  + diffText(diff));
    return Done;
}

int set(const QCommandLineParser& parser, store::CallStore& store, const QString& model, timeutil::Millis from)
{
    const auto value = [&](const char* name) { return parser.value(QString::fromLatin1(name)); };
    const pricing::PriceText text{model, value("input"), value("output"), value("cached"), value("cache-write"),
                                  value("provider"), from};
    pricing::PriceProblem problem;
    const auto entry = pricing::entryFromText(text, store.catalog(), QStringLiteral("set with `costdash prices set`"),
                                              &problem);
    if (!entry) {
        return usage(problem.field == u"price" ? QStringLiteral("prices set needs --input and --output (USD per 1M tokens)")
                             : QStringLiteral("--%1: %2").arg(problem.field, problem.why));
    }
    QString error;
    if (!store.savePriceOverride(*entry, &error))
        return fail(QStringLiteral("cannot save the price: ") + error);
    printText(QStringLiteral("%1: input %2, output %3 per 1M tokens from %4\n")
                  .arg(entry->model, priceCell(entry->price.input), priceCell(entry->price.output),
                       timeutil::formatDay(timeutil::dayOf(from))));
    return Done;
}

QJsonObject repriceJson(const store::RepriceGroup& g)
{
    return {{QStringLiteral("model"), g.model},
            {QStringLiteral("calls"), qint64(g.calls)},
            {QStringLiteral("logged_calls"), qint64(g.loggedCalls)},
            {QStringLiteral("logged_nusd"), qint64(g.logged)},
            {QStringLiteral("counted_nusd"), qint64(g.counted)},
            {QStringLiteral("uncounted_calls"), qint64(g.uncountedCalls)},
            {QStringLiteral("repriced_nusd"), qint64(g.repriced)},
            {QStringLiteral("unpriced_calls"), qint64(g.unpricedCalls)},
            {QStringLiteral("usage_unknown_calls"), qint64(g.usageUnknownCalls)},
            {QStringLiteral("spend_rows"), qint64(g.spendRows)}};
}

QString repriceText(const store::Reprice& r, const QString& day)
{
    const auto line = [](const QString& model, const QString& calls, const QString& logged, const QString& counted,
                         const QString& now, const QString& notes) -> QString {
        return model.leftJustified(28) + u' ' + calls.rightJustified(9) + u' ' + logged.rightJustified(14) + u' '
            + counted.rightJustified(14) + u' ' + now.rightJustified(14) + u' ' + notes + u'\n';
    };
    const auto notes = [](const store::RepriceGroup& g) {
        QStringList n;
        if (g.unpricedCalls)
            n << QStringLiteral("%1 unpriced today").arg(g.unpricedCalls);
        if (g.usageUnknownCalls)
            n << QStringLiteral("%1 usage unknown").arg(g.usageUnknownCalls);
        if (g.uncountedCalls)
            n << QStringLiteral("%1 not counted").arg(g.uncountedCalls);
        if (g.spendRows)
            n << QStringLiteral("%1 spend lines").arg(g.spendRows);
        return n.join(QStringLiteral(", "));
    };
    const auto row = [&](const store::RepriceGroup& g, const QString& name) -> QString {
        return line(name, QString::number(g.calls), money::formatUsdReadable(g.logged), money::formatUsdReadable(g.counted),
                    money::formatUsdReadable(g.repriced), notes(g));
    };
    QString text = line(QStringLiteral("model"), QStringLiteral("calls"), QStringLiteral("logged"),
                        QStringLiteral("counted"), QStringLiteral("at ") + day, QString());
    for (const store::RepriceGroup& g : r.groups)
        text += row(g, g.model);
    text += row(r.total, QStringLiteral("total"));
    text += QStringLiteral("\nlogged: the cost in the logs; counted: logged, else the catalog price at the call's time "
                           "(what summary shows); at %1: every call with tokens at the prices in force that day.\n")
                .arg(day);
    if (!r.unpricedModels.isEmpty())
        text += QStringLiteral("unpriced at %1 (left out of that column, not $0): %2\n")
                    .arg(day, r.unpricedModels.join(QStringLiteral(", ")));
    if (r.total.usageUnknownCalls)
        text += QStringLiteral("%1 calls of unknown usage cannot be repriced (not in that column)\n")
                    .arg(r.total.usageUnknownCalls);
    if (r.total.spendRows)
        text += QStringLiteral("%1 spend lines (a cost without tokens) cannot be repriced (not in that column)\n")
                    .arg(r.total.spendRows);
    return text;
}

int reprice(const QCommandLineParser& parser)
{
    store::SummaryQuery query;
    QString error;
    if (!parsePeriod(parser, &query.fromDay, &query.toDay, &error))
        return usage(error);
    const auto store = openStore(parser, store::CallStore::Access::Read);
    if (!store)
        return Failed;
    const timeutil::Millis now = QDateTime::currentMSecsSinceEpoch();
    const QString day = timeutil::formatDay(timeutil::dayOf(now));
    const store::Reprice r = store->reprice(query, store->catalog(), now);
    if (r.outOfRange)
        return fail(money::totalOutOfRange());
    if (!parser.isSet(QStringLiteral("json"))) {
        printText(repriceText(r, day));
        return Done;
    }
    QJsonArray groups;
    for (const store::RepriceGroup& g : r.groups)
        groups.append(repriceJson(g));
    QJsonObject total = repriceJson(r.total);
    total.remove(QStringLiteral("model"));
    printJson(QJsonDocument(QJsonObject{{QStringLiteral("priced_at"), day},
                                        {QStringLiteral("groups"), groups},
                                        {QStringLiteral("total"), total},
                                        {QStringLiteral("unpriced_models"), QJsonArray::fromStringList(r.unpricedModels)}}));
    return Done;
}

int execute(const QCommandLineParser& parser)
{
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const qsizetype wanted = action == u"list" || action == u"reprice" ? 1
        : (action == u"import" || action == u"set")                   ? 2
                                                                       : -1;
    if (wanted < 0)
        return usage(QStringLiteral("prices needs an action: list, import FILE, set MODEL or reprice (see `costdash "
                                    "help prices`)"));
    if (args.size() != wanted)
        return usage(wanted == 1 ? QStringLiteral("prices %1 takes no arguments").arg(action)
                                       : QStringLiteral("prices %1 needs exactly one %2")
                                             .arg(action, action == u"set" ? QStringLiteral("MODEL") : QStringLiteral("FILE")));
    if (action == u"reprice")
        return reprice(parser);
    const auto from = fromOption(parser);
    if (!from)
        return usage(QStringLiteral("--from must be a day such as 2025-11-03"));
    if (action == u"set" && args.at(1).trimmed().isEmpty())
        return usage(QStringLiteral("prices set needs a model name"));
    const auto access = action == u"list" ? store::CallStore::Access::Read : store::CallStore::Access::ReadWrite;
    const auto store = openStore(parser, access);
    if (!store)
        return Failed;
    if (action == u"list")
        return list(parser, *store);
    if (action == u"import")
        return importFile(parser, *store, args.at(1), *from);
    return set(parser, *store, args.at(1), *from);
}

} // namespace

Command pricesCommand()
{
    return {QStringLiteral("prices"), QStringLiteral("list, import or set model prices (USD per 1M tokens)"), configure,
            execute};
}

} // namespace costdash::cli
