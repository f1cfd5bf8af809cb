#include "report/ReportCommand.h"

#include "report/ReportFile.h"
#include "report/ReportWriter.h"

#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace costdash::ui::report {
namespace {

const QString kDefaultScenario = QStringLiteral(":/scenarios/tiered-router.json");

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Write the savings report PDF: the period's spend, the scenarios' projections, charts, tables and the method.\n"
        "Every figure equals `costdash whatif --json` and `costdash summary --json` for the same store, period and\n"
        "scenario. Without --scenario, the bundled tiered-router preset. The store is only read."));
    parser.addOption({QStringLiteral("out"), QStringLiteral("The PDF to write (replaced only once complete)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("scenario"), QStringLiteral("A scenario JSON file; repeat it to compare several (the first leads)."),
                      QStringLiteral("FILE")});
    cli::addPeriodOptions(parser);
    cli::addDbOption(parser);
    parser.addOption({QStringLiteral("page-size"), QStringLiteral("A4 or Letter (default: from the locale)."), QStringLiteral("SIZE")});
    cli::addJsonOption(parser);
}

std::optional<QPageSize> pageSizeOf(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("page-size")))
        return defaultPageSize();
    const QString name = parser.value(QStringLiteral("page-size")).toLower();
    if (name == u"a4")
        return QPageSize(QPageSize::A4);
    if (name == u"letter")
        return QPageSize(QPageSize::Letter);
    return std::nullopt;
}

// The scenario files as read; false (after printing why) when one cannot be read.
bool readScenarios(const QCommandLineParser& parser, QList<costdash::report::ScenarioFile>* out)
{
    QStringList paths = parser.values(QStringLiteral("scenario"));
    if (paths.isEmpty())
        paths.append(kDefaultScenario);
    for (const QString& path : paths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            cli::fail(QStringLiteral("cannot read the scenario %1: %2").arg(path, file.errorString()));
            return false;
        }
        out->append({path == kDefaultScenario ? QStringLiteral("tiered-router.json (bundled)") : path, file.readAll()});
    }
    return true;
}

void printResult(const QCommandLineParser& parser, const costdash::report::ReportData& data, const QString& path, int pages)
{
    const whatif::Projection& p = data.main().projection;
    if (!parser.isSet(QStringLiteral("json"))) {
        cli::printText(QStringLiteral("report: %1 (%2 pages)\n").arg(path).arg(pages));
        return;
    }
    QJsonArray scenarios;
    for (const costdash::report::ScenarioResult& r : data.scenarios)
        scenarios.append(r.scenario.name);
    cli::printJson(QJsonDocument(QJsonObject{{QStringLiteral("out"), path},
                                             {QStringLiteral("pages"), pages},
                                             {QStringLiteral("bytes"), QFileInfo(path).size()},
                                             {QStringLiteral("calls"), qint64(p.calls)},
                                             {QStringLiteral("baseline_nusd"), qint64(p.baseline)},
                                             {QStringLiteral("projected_nusd"), qint64(p.projected)},
                                             {QStringLiteral("savings_nusd"), qint64(p.savings())},
                                             {QStringLiteral("scenarios"), scenarios}}));
}

int execute(const QCommandLineParser& parser)
{
    if (!parser.positionalArguments().isEmpty())
        return cli::usage(QStringLiteral("report takes no arguments (got \"%1\")").arg(parser.positionalArguments().first()));
    if (!parser.isSet(QStringLiteral("out")))
        return cli::usage(QStringLiteral("--out FILE.pdf is required"));
    const auto pageSize = pageSizeOf(parser);
    if (!pageSize)
        return cli::usage(QStringLiteral("--page-size must be A4 or Letter (got \"%1\")").arg(parser.value(QStringLiteral("page-size"))));
    costdash::report::ReportRequest request;
    QString error;
    if (!cli::parsePeriod(parser, &request.period.fromDay, &request.period.toDay, &error))
        return cli::usage(error);
    request.dbPath = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db")) : store::CallStore::defaultPath();
    if (!readScenarios(parser, &request.scenarios))
        return cli::Failed;
    const ReportOutcome outcome = writeReportFile(request, parser.value(QStringLiteral("out")), *pageSize);
    if (outcome.pages == 0)
        return cli::fail(outcome.error);
    printResult(parser, *outcome.data, outcome.path, outcome.pages);
    return cli::Done;
}

std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // painting a PDF needs fonts, not a display
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace

cli::HostedCommands hostedCommands()
{
    return {{{QStringLiteral("report"), QStringLiteral("write the savings report PDF (period, scenarios, charts, tables)"),
              configure, execute}},
            makeApplication};
}

} // namespace costdash::ui::report
