#include "services/RunJob.h"

#include "api/Endpoint.h"
#include "store/CallStore.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace costdash::services {
namespace {

constexpr int kCancelPollMs = 20;
constexpr qint64 kCancelGraceMs = 5'000; // aborted requests end at once; coroutines may need a few turns

// Runs the worker's event loop until `loop` quits. Once the job is cancelled, onCancel() runs (once) and the loop
// gets kCancelGraceMs more before it is left.
void execCancellable(QEventLoop& loop, JobControl& control, const std::function<void()>& onCancel)
{
    QTimer poll;
    QElapsedTimer sinceCancel;
    poll.callOnTimeout(&loop, [&] {
        if (!control.isCancelled())
            return;
        if (!sinceCancel.isValid()) {
            sinceCancel.start();
            onCancel();
        } else if (sinceCancel.elapsed() > kCancelGraceMs) {
            loop.quit();
        }
    });
    poll.start(kCancelPollMs);
    loop.exec();
}

} // namespace

RunJob::RunJob(QObject* parent) : QObject(parent)
{
    connect(&m_run, &JobBase::finished, this, [this] {
        const Outcome outcome = m_run.takeResult().value_or(Outcome{});
        if (!outcome.storeError.isEmpty())
            Q_EMIT failed(tr("Cannot open the store: %1").arg(outcome.storeError));
        else if (outcome.summary)
            Q_EMIT finished(*outcome.summary);
    });
    connect(&m_listing, &JobBase::finished, this, [this] {
        const api::ModelList list = m_listing.takeResult().value_or(api::ModelList{});
        if (m_nextListing) { // asked again meanwhile: only the newest answer counts
            startListing(*std::exchange(m_nextListing, std::nullopt));
            return;
        }
        Q_EMIT modelsListed(list.ids, list.status.ok() ? QString() : list.status.errorText());
    });
}

bool RunJob::start(RunJobConfig config)
{
    if (m_run.isRunning()) {
        Q_EMIT failed(tr("A run is going on already."));
        return false;
    }
    QString error;
    const auto endpoint = api::parseEndpoint(config.endpoint, config.allowInsecure, &error);
    if (!endpoint) {
        Q_EMIT failed(error);
        return false;
    }
    // On the worker: its own store connection, client and runner; their signals reach this object queued.
    return m_run.start([this, config = std::move(config), endpoint = *endpoint](JobControl& control) mutable {
        Outcome outcome;
        const std::unique_ptr<store::CallStore> store = store::CallStore::open(config.dbPath, &outcome.storeError);
        if (!store)
            return outcome;
        api::ChatClient::Options options;
        options.stallTimeout = config.stallTimeout;
        api::ChatClient client(endpoint, config.apiKey, options);
        api::PromptRunner runner(&client, store.get(), store->catalog());
        connect(&runner, &api::PromptRunner::callFinished, this, &RunJob::callFinished);
        connect(&runner, &api::PromptRunner::statsChanged, this, &RunJob::statsChanged);
        connect(&runner, &api::PromptRunner::progress, this, &RunJob::progress);
        QEventLoop loop;
        QCoro::connect(runner.run(std::move(config.suite), std::move(config.options)), &loop,
                       [&](const api::RunSummary& summary) {
                           outcome.summary = summary;
                           loop.quit();
                       });
        execCancellable(loop, control, [&runner] { runner.cancel(); });
        return outcome;
    });
}

void RunJob::cancel()
{
    m_run.cancel();
}

void RunJob::listModels(const QString& endpoint, const QString& apiKey, bool allowInsecure)
{
    QString error;
    const auto url = api::parseEndpoint(endpoint, allowInsecure, &error);
    if (!url) {
        Q_EMIT modelsListed({}, error);
        return;
    }
    if (m_listing.isRunning())
        m_nextListing = Listing{*url, apiKey};
    else
        startListing({*url, apiKey});
}

void RunJob::startListing(Listing listing)
{
    m_listing.start([listing = std::move(listing)](JobControl& control) {
        api::ModelList list;
        QEventLoop loop;
        api::ChatClient client(listing.url, listing.apiKey);
        QCoro::connect(client.listModels(), &loop, [&](const api::ModelList& answer) {
            list = answer;
            loop.quit();
        });
        execCancellable(loop, control, [&loop] { loop.quit(); });
        return list;
    });
}

} // namespace costdash::services
