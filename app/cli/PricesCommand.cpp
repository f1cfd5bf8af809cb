#include "cli/Commands.h"
#include "pricing/PriceEdits.h"

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
        "Prices are USD per 1M tokens. Without --from, a price applies from %1.")
                                         .arg(QLatin1String(kDefaultPriceFrom)));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, import FILE or set MODEL"));
    addDbOption(parser);
    addJsonOption(parser);
    for (const auto& [name, help] :
         {std::pair{"input", "set: USD per 1M input tokens"}, std::pair{"output", "set: USD per 1M output tokens"},
          std::pair{"cached", "set: USD per 1M cached input tokens (default: the input price)"},
          std::pair{"cache-write", "set: USD per 1M cache-write tokens (default: the input price)"},
          std::pair{"provider", "set: the provider (default: the catalog's, if it knows the model)"},
          std::pair{"from", "set/import: the day the price applies from (YYYY-MM-DD, UTC)"}})
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

int importFile(const QCommandLineParser& parser, store::CallStore& store, const QString& path, timeutil::Millis from)
{
    QString error;
    QStringList skipped;
    QString format;
    const auto entries = pricing::readCatalogFile(path, from, &error, &skipped, &format);
    if (!entries)
        return fail(error);
    if (!store.savePriceOverrides(*entries, &error))
        return fail(QStringLiteral("cannot save the prices: ") + error);
    for (const QString& problem : skipped)
        warn(QStringLiteral("%1: %2").arg(path, problem));
    if (parser.isSet(QStringLiteral("json")))
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("imported"), qint64(entries->size())},
                                            {QStringLiteral("format"), format},
                                            {QStringLiteral("skipped"), QJsonArray::fromStringList(skipped)}}));
    else
        printText(QStringLiteral("imported %1 price entries (%2 format)\n").arg(entries->size()).arg(format));
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

int execute(const QCommandLineParser& parser)
{
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const qsizetype wanted = action == u"list" ? 1 : (action == u"import" || action == u"set") ? 2 : -1;
    if (wanted < 0)
        return usage(QStringLiteral("prices needs an action: list, import FILE or set MODEL (see `costdash help prices`)"));
    if (args.size() != wanted)
        return usage(action == u"list" ? QStringLiteral("prices list takes no arguments")
                                       : QStringLiteral("prices %1 needs exactly one %2")
                                             .arg(action, action == u"set" ? QStringLiteral("MODEL") : QStringLiteral("FILE")));
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
