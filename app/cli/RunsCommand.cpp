#include "cli/Commands.h"
#include "cli/RunReport.h"

#include "api/StoredRuns.h"

#include <QJsonArray>
#include <QJsonObject>

namespace costdash::cli {
namespace {

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "The test-prompt runs recorded in the store (`costdash run`, or the window's Test prompts page).\n"
        "  runs [--json]                 every run, newest first: id, date, suite, models, calls, cost, pass rate\n"
        "  runs show RUN_ID [--json]     one run's per-model figures, as `costdash run` printed them\n"
        "Costs are at the catalog's prices; calls of unknown usage (cut short, cancelled in flight) are counted "
        "apart, never as $0."));
    parser.addPositionalArgument(QStringLiteral("show"), QStringLiteral("show RUN_ID: one run"), QStringLiteral("[show RUN_ID]"));
    addDbOption(parser);
    addJsonOption(parser);
}

QJsonObject listingJson(const store::RunListing& run)
{
    const store::RunHeader& h = run.header;
    const auto rate = run.passRate();
    return {{QStringLiteral("run_id"), h.runId},
            {QStringLiteral("started"), timeutil::formatIso(h.startedMs)},
            {QStringLiteral("suite"), h.suite},
            {QStringLiteral("models"), QJsonArray::fromStringList(h.models)},
            {QStringLiteral("calls"), qint64(run.calls)},
            {QStringLiteral("cost_nusd"), qint64(run.cost)},
            {QStringLiteral("cost_usd"), money::formatUsdExact(run.cost)},
            {QStringLiteral("unpriced_calls"), qint64(run.unpricedCalls)},
            {QStringLiteral("judged"), qint64(run.judged)},
            {QStringLiteral("passed"), qint64(run.passed)},
            {QStringLiteral("pass_rate"), rate ? QJsonValue(*rate) : QJsonValue()},
            {QStringLiteral("cancelled"), h.cancelled},
            {QStringLiteral("finished"), h.finishedMs.has_value()}};
}

QString listingText(const QList<store::RunListing>& runs)
{
    if (runs.isEmpty())
        return QStringLiteral("No runs in the store (`costdash run SUITE --models a,b` records one).\n");
    QString out = QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                      .arg(QStringLiteral("run").leftJustified(26), QStringLiteral("started (UTC)").leftJustified(17),
                           QStringLiteral("suite").leftJustified(16), QStringLiteral("calls").rightJustified(6),
                           QStringLiteral("cost").rightJustified(12), QStringLiteral("pass").rightJustified(5),
                           QStringLiteral("models"));
    for (const store::RunListing& run : runs) {
        const auto rate = run.passRate();
        out += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                   .arg(run.header.runId.leftJustified(26),
                        timeutil::formatIso(run.header.startedMs).left(16).replace(u'T', u' ').leftJustified(17),
                        run.header.suite.leftJustified(16), QString::number(run.calls).rightJustified(6),
                        money::formatUsdReadable(run.cost).rightJustified(12),
                        (rate ? QString::number(*rate * 100, 'f', 0) + u'%' : QStringLiteral("-")).rightJustified(5),
                        run.header.models.join(QStringLiteral(", ")));
        if (run.unpricedCalls)
            out += QStringLiteral("  %1 calls of unknown cost (not in the cost)\n").arg(run.unpricedCalls);
    }
    return out;
}

int show(const store::CallStore& store, const QString& runId, bool json)
{
    QString error;
    const auto run = api::loadStoredRun(store, runId, &error);
    if (!run)
        return fail(error);
    if (json)
        printJson(QJsonDocument(runJson(run->summary, run->endpoint)));
    else
        printText(runTextReport(run->summary));
    return Done;
}

int execute(const QCommandLineParser& parser)
{
    const QStringList args = parser.positionalArguments();
    const bool listing = args.isEmpty();
    if (!listing && (args.size() != 2 || args.first() != u"show"))
        return usage(QStringLiteral("runs takes no argument, or show RUN_ID"));
    const auto store = openStore(parser, store::CallStore::Access::Read);
    if (!store)
        return Failed;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!listing)
        return show(*store, args.at(1), json);
    const QList<store::RunListing> runs = store->runs();
    if (!json) {
        printText(listingText(runs));
        return Done;
    }
    QJsonArray list;
    for (const store::RunListing& run : runs)
        list.append(listingJson(run));
    printJson(QJsonDocument(QJsonObject{{QStringLiteral("runs"), list}}));
    return Done;
}

} // namespace

Command runsCommand()
{
    return {QStringLiteral("runs"), QStringLiteral("list the recorded test-prompt runs, or show one"), configure,
            execute};
}

} // namespace costdash::cli
