#include "cli/Commands.h"

#include "demo/DemoGenerator.h"
#include "importers/ImportService.h"

#include <QDir>
#include <QTemporaryDir>

namespace costdash::cli {
namespace {

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Generate a realistic synthetic month of LLM calls in the seed format (with prompts): several task types "
        "and models, repeated and near-repeated prompts, a weekday/hour rhythm, ~2% failures. The same seed "
        "gives the same bytes. --out writes a CSV; --db imports it into a store."));
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Number of calls."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S"),
                      QStringLiteral("1")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Write the CSV here."), QStringLiteral("FILE.csv")});
    addDbOption(parser);
}

int importInto(const QCommandLineParser& parser, const demo::DemoOptions& options)
{
    const QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("cannot create a temporary directory: %1").arg(dir.errorString()));
    const QString csv = dir.filePath(QStringLiteral("costdash-demo-seed%1-%2.csv").arg(options.seed).arg(options.rows));
    QString error;
    if (!demo::writeDemoCsv(options, csv, &error))
        return fail(error);
    const auto store = openStore(parser);
    if (!store)
        return Failed;
    const importers::FileImportResult result = importers::importFile(*store, csv, {});
    if (result.failed())
        return fail(result.error);
    printText(QStringLiteral("demo: %1 calls imported into %2\n").arg(result.counts.imported).arg(store->path()));
    return Done;
}

int execute(const QCommandLineParser& parser)
{
    bool ok = false;
    demo::DemoOptions options;
    options.rows = parser.value(QStringLiteral("rows")).toLongLong(&ok);
    if (!ok || options.rows < 1)
        return usage(QStringLiteral("--rows N is required (a positive number)"));
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return usage(QStringLiteral("--seed must be a non-negative integer"));
    const bool toFile = parser.isSet(QStringLiteral("out"));
    if (toFile == parser.isSet(QStringLiteral("db")))
        return usage(QStringLiteral("give exactly one of --out FILE.csv and --db PATH"));
    if (!toFile)
        return importInto(parser, options);
    QString error;
    if (!demo::writeDemoCsv(options, parser.value(QStringLiteral("out")), &error))
        return fail(error);
    return Done;
}

} // namespace

Command demoCommand()
{
    return {QStringLiteral("demo"), QStringLiteral("generate a synthetic month of calls (CSV or into the store)"),
            configure, execute};
}

} // namespace costdash::cli
