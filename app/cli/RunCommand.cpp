#include "cli/Commands.h"
#include "cli/RunReport.h"

#include "api/ApiKey.h"
#include "api/ApiSettings.h"
#include "api/Endpoint.h"
#include "api/PromptRunner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace costdash::cli {
namespace {

const QString kModels = QStringLiteral("models");
const QString kEndpoint = QStringLiteral("endpoint");
const QString kConcurrency = QStringLiteral("concurrency");
const QString kRepeat = QStringLiteral("repeat");
const QString kStream = QStringLiteral("stream");
const QString kBudget = QStringLiteral("budget");
const QString kDryRun = QStringLiteral("dry-run");
const QString kRpm = QStringLiteral("rpm");
const QString kReference = QStringLiteral("reference");
const QString kAllowInsecure = QStringLiteral("allow-insecure");
const QString kStallTimeout = QStringLiteral("stall-timeout");
const QString kRetries = QStringLiteral("retries");

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Send a prompt suite to models on an OpenAI-compatible endpoint and record every call in the store (tag = "
        "the run id), with its answer, latency, tokens and catalog cost. SUITE is a JSON or JSONL file, or `demo` "
        "for the bundled suite. Each prompt: {\"id\", \"task_type\", \"messages\" or \"prompt\", \"expected\": "
        "{\"exact\"|\"contains\"|\"regex\": \"...\"} or {\"json\": {\"field\", \"equals\"}}, \"max_tokens\", "
        "\"temperature\"}.\n\nThe key comes from COSTDASH_API_KEY, GLOBAL_API_KEY or the keychain (the window's "
        "Settings); it is never stored or printed. Calls are retried on 429, 5xx and network failures with backoff; "
        "a call whose usage the server did not report is flagged as usage unknown, never counted as $0."));
    parser.addPositionalArgument(QStringLiteral("SUITE"), QStringLiteral("The prompt suite (JSON, JSONL, or demo)."));
    parser.addOption({kModels, QStringLiteral("The models, comma-separated."), QStringLiteral("a,b")});
    parser.addOption({kEndpoint, QStringLiteral("The API base URL (default: the Settings', else %1).").arg(api::kDefaultEndpoint),
                      QStringLiteral("URL")});
    parser.addOption({kConcurrency, QStringLiteral("Requests in flight at once (default: the Settings', else 8)."),
                      QStringLiteral("N")});
    parser.addOption({kRepeat, QStringLiteral("Send each prompt K times to each model."), QStringLiteral("K"),
                      QStringLiteral("1")});
    parser.addOption({kStream, QStringLiteral("Stream the answers (SSE): measures time to first token.")});
    parser.addOption({kBudget, QStringLiteral("Stop starting requests that could take the run past USD (worst case "
                                              "from the catalog: estimated input, all of max_tokens)."),
                      QStringLiteral("USD")});
    parser.addOption({kDryRun, QStringLiteral("Print the calls and the worst-case cost; send nothing.")});
    parser.addOption({kRpm, QStringLiteral("At most N requests per minute to each model; MODEL=N sets one model's "
                                           "own limit (comma-separated or repeated: --rpm 60,gpt-4o=10)."),
                      QStringLiteral("N|MODEL=N")});
    parser.addOption({kReference, QStringLiteral("Judge prompts without `expected` by agreement with this model's "
                                                 "answer (normalized text)."),
                      QStringLiteral("MODEL")});
    parser.addOption({kAllowInsecure, QStringLiteral("Allow plain http:// to a host other than this machine.")});
    parser.addOption({kStallTimeout, QStringLiteral("Give up on an answer after MS without a byte (default 60000)."),
                      QStringLiteral("MS")});
    parser.addOption({kRetries, QStringLiteral("Retries per call on 429, 5xx and network failures (default 4)."),
                      QStringLiteral("N")});
    addDbOption(parser);
    addJsonOption(parser);
}

// Ctrl+C (SIGINT) or SIGTERM cancels the run: calls in flight are aborted, the run is closed in the store and the
// figures so far are printed. A second signal ends the process at once (every finished call is committed).
std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int signal)
{
    g_stopRequested = true;
    std::signal(signal, SIG_DFL);
}

int dryRun(const api::PromptSuite& suite, const api::RunOptions& options, const pricing::PriceCatalog& catalog, bool json)
{
    const api::RunEstimate e = api::estimateRun(suite, options, catalog, QDateTime::currentMSecsSinceEpoch());
    if (json) {
        QJsonArray byModel;
        for (const auto& [model, cost] : e.byModel)
            byModel.append(QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("worst_case_nusd"), qint64(cost)}});
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("dry_run"), true},
                                            {QStringLiteral("suite"), suite.name},
                                            {QStringLiteral("calls"), qint64(e.calls)},
                                            {QStringLiteral("worst_case_nusd"), qint64(e.worstCase)},
                                            {QStringLiteral("worst_case_usd"), money::formatUsdExact(e.worstCase)},
                                            {QStringLiteral("by_model"), byModel},
                                            {QStringLiteral("unpriced_models"), QJsonArray::fromStringList(e.unpricedModels)}}));
        return Done;
    }
    QString text = QStringLiteral("Dry run of %1: %2 calls, at most %3\n").arg(suite.name).arg(e.calls)
                       .arg(money::formatUsdReadable(e.worstCase));
    for (const auto& [model, cost] : e.byModel)
        text += QStringLiteral("  %1 at most %2\n").arg(model.leftJustified(24), money::formatUsdReadable(cost));
    for (const QString& model : e.unpricedModels)
        text += QStringLiteral("  %1 unpriced: its cost cannot be bounded\n").arg(model.leftJustified(24));
    printText(text);
    return Done;
}

std::optional<int> positive(const QCommandLineParser& parser, const QString& name, int fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    return ok && v >= 0 ? std::optional<int>(v) : std::nullopt;
}

// --rpm N|MODEL=N, repeated or comma-separated. A limit for a model not run is a typo here (the page ignores the
// limits of the models left unchecked).
std::optional<api::RpmLimits> rpmLimits(const QCommandLineParser& parser, const QStringList& models, QString* error)
{
    QString why;
    const auto rpm = api::parseRpmLimits(parser.values(kRpm), &why);
    if (!rpm) {
        *error = QStringLiteral("--") + why;
        return std::nullopt;
    }
    for (auto it = rpm->byModel.cbegin(); it != rpm->byModel.cend(); ++it) {
        if (!models.contains(it.key())) {
            *error = QStringLiteral("--rpm: %1 is not among the models run (--models)").arg(it.key());
            return std::nullopt;
        }
    }
    return rpm;
}

int execute(const QCommandLineParser& parser)
{
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("run wants one SUITE (a JSON or JSONL file, or demo)"));
    const QString suitePath = parser.positionalArguments().first() == u"demo" ? api::kDemoSuitePath
                                                                               : parser.positionalArguments().first();
    api::RunOptions options;
    for (const QString& m : parser.value(kModels).split(u',', Qt::SkipEmptyParts))
        options.models.append(m.trimmed());
    if (options.models.isEmpty())
        return usage(QStringLiteral("--models a,b is required"));
    const api::ApiSettings settings = api::ApiSettings::load();
    const auto concurrency = positive(parser, kConcurrency, settings.concurrency);
    const auto repeat = positive(parser, kRepeat, 1);
    const auto stall = positive(parser, kStallTimeout, 60000);
    const auto retries = positive(parser, kRetries, 4);
    if (!concurrency || *concurrency < 1 || !repeat || *repeat < 1 || !stall || *stall < 1 || !retries)
        return usage(QStringLiteral("--concurrency, --repeat, --stall-timeout want a positive number; --retries a "
                                    "number from 0"));
    options.concurrency = *concurrency;
    options.repeat = *repeat;
    QString error;
    const auto rpm = rpmLimits(parser, options.models, &error);
    if (!rpm)
        return usage(error);
    options.requestsPerMinute = *rpm;
    options.stream = parser.isSet(kStream);
    options.referenceModel = parser.value(kReference);
    if (parser.isSet(kBudget)) {
        const auto budget = money::parseUsd(parser.value(kBudget), &error);
        if (!budget || *budget < 0)
            return usage(QStringLiteral("--budget: %1").arg(error.isEmpty() ? QStringLiteral("a negative amount") : error));
        options.budget = *budget;
    }
    const auto suite = api::loadSuite(suitePath, &error);
    if (!suite)
        return fail(error);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(kDryRun)) {
        const QString db = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db")) : store::CallStore::defaultPath();
        std::unique_ptr<store::CallStore> reader;
        if (QFileInfo::exists(db) && !(reader = openStore(parser, store::CallStore::Access::Read)))
            return Failed;
        return dryRun(*suite, options, reader ? reader->catalog() : pricing::PriceCatalog::bundled(), json);
    }
    const QString endpointText = parser.isSet(kEndpoint) ? parser.value(kEndpoint) : settings.endpointOrDefault();
    const auto endpoint = api::parseEndpoint(endpointText, parser.isSet(kAllowInsecure), &error);
    if (!endpoint)
        return usage(error);
    const api::ApiKey key = QCoro::waitFor(api::loadApiKey());
    if (key.value.isEmpty() && endpoint->scheme() == u"https")
        return fail(QStringLiteral("no API key: set COSTDASH_API_KEY or GLOBAL_API_KEY, or save one in the window's "
                                   "Settings (keychain)"));
    auto store = openStore(parser);
    if (!store)
        return Failed;
    api::ChatClient::Options clientOptions;
    clientOptions.stallTimeout = std::chrono::milliseconds(*stall);
    clientOptions.retry.maxRetries = *retries;
    api::ChatClient client(*endpoint, key.value, clientOptions);
    api::PromptRunner runner(&client, store.get(), store->catalog());
    if (const QString why = runner.validate(*suite, options); !why.isEmpty())
        return usage(why);
    if (::isatty(STDERR_FILENO)) {
        QObject::connect(&runner, &api::PromptRunner::progress, &runner, [](int done, int total) {
            std::fprintf(stderr, "\rcostdash: %d/%d calls", done, total);
            if (done == total)
                std::fputc('\n', stderr);
            std::fflush(stderr);
        });
    }
    g_stopRequested = false;
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer stopWatch; // a signal handler may only set a flag: the event loop looks at it
    QObject::connect(&stopWatch, &QTimer::timeout, &runner, [&runner, &stopWatch] {
        if (!g_stopRequested)
            return;
        stopWatch.stop();
        std::fputs("\ncostdash: cancelling the run (again to quit at once)\n", stderr);
        runner.cancel();
    });
    stopWatch.start(100);
    const api::RunSummary summary = QCoro::waitFor(runner.run(*suite, options));
    stopWatch.stop();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (summary.runId.isEmpty() || !summary.error.isEmpty())
        return fail(summary.error);
    if (!json) {
        printText(runTextReport(summary));
        return Done;
    }
    printJson(QJsonDocument(runJson(summary, endpoint->toString(QUrl::RemoveUserInfo))));
    return Done;
}

} // namespace

Command runCommand()
{
    return {QStringLiteral("run"), QStringLiteral("send a prompt suite to models and record the calls"), configure,
            execute};
}

} // namespace costdash::cli
