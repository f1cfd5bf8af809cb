#include "services/RunJob.h"

#include "api/Endpoint.h"
#include "store/CallStore.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimer>

namespace costdash::services {

struct RunJob::Worker {
    std::unique_ptr<store::CallStore> store;
    std::unique_ptr<api::ChatClient> client;
    std::unique_ptr<api::PromptRunner> runner;
    QList<api::RunCallResult> finishedCalls; // since the last batch
    QPair<int, int> progress{0, 0};          // done, total
    QTimer* batchTimer = nullptr;            // on the service thread, a child of its context

    // The store at `path`, opened once (a run going on keeps its own).
    store::CallStore* storeAt(const QString& path, QString* error)
    {
        if (!store || store->path() != path)
            store = store::CallStore::open(path, error);
        return store.get();
    }
    // For reading past runs: the run's store while one goes on (never swapped under it), else the one at `path`;
    // nullptr when there is none yet.
    const store::CallStore* storeToRead(const QString& path, QString* error)
    {
        if (runner && runner->isRunning())
            return store.get();
        return QFileInfo::exists(path) ? storeAt(path, error) : nullptr; // reading never creates a store
    }
};

RunJob::RunJob(QObject* parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>())
    , m_thread(QStringLiteral("costdash-run"), this)
{
}

RunJob::~RunJob()
{
    // A run going on is cancelled and let end on its thread (aborted requests end at once; coroutines waiting
    // on the runner must resume before it goes), then everything is dropped there.
    m_thread.stop([this] {
        if (m_worker->runner && m_worker->runner->isRunning()) {
            m_worker->runner->cancel();
            QElapsedTimer waited;
            waited.start();
            while (m_worker->runner->isRunning() && waited.elapsed() < 5000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        }
        m_worker = {};
    });
}

bool RunJob::start(RunJobConfig config)
{
    if (m_running) {
        Q_EMIT failed(tr("A run is going on already."));
        return false;
    }
    QString error;
    const auto endpoint = api::parseEndpoint(config.endpoint, config.allowInsecure, &error);
    if (!endpoint) {
        Q_EMIT failed(error);
        return false;
    }
    m_running = true;
    m_thread.post([this, config = std::move(config), endpoint = *endpoint]() mutable {
        Worker& w = *m_worker;
        QString why;
        w.runner.reset();
        w.client.reset();
        if (!w.storeAt(config.dbPath, &why)) {
            m_thread.answer([this, why] {
                m_running = false;
                Q_EMIT failed(tr("Cannot open the store: %1").arg(why));
            });
            return;
        }
        api::ChatClient::Options options;
        options.stallTimeout = config.stallTimeout;
        w.client = std::make_unique<api::ChatClient>(endpoint, config.apiKey, options);
        w.runner = std::make_unique<api::PromptRunner>(w.client.get(), w.store.get(), w.store->catalog());
        QObject* context = m_thread.context();
        connect(w.runner.get(), &api::PromptRunner::callFinished, context, [this](const api::RunCallResult& call) {
            m_worker->finishedCalls.append(call);
            scheduleBatch();
        });
        connect(w.runner.get(), &api::PromptRunner::progress, context, [this](int done, int total) {
            m_worker->progress = {done, total};
            scheduleBatch();
        });
        connect(w.runner.get(), &api::PromptRunner::statsChanged, context, [this](const QList<api::ModelStats>& stats) {
            m_thread.answer([this, stats] { Q_EMIT statsChanged(stats); });
        });
        QCoro::connect(w.runner->run(std::move(config.suite), std::move(config.options)), context,
                       [this](const api::RunSummary& summary) {
                           sendBatch(); // the last calls before the end
                           m_thread.answer([this, summary] {
                               m_running = false;
                               Q_EMIT finished(summary);
                           });
                       });
    });
    return true;
}

// On the worker thread: the calls and progress gathered go to the UI thread within kBatchMs.
void RunJob::scheduleBatch()
{
    Worker& w = *m_worker;
    if (!w.batchTimer) {
        w.batchTimer = new QTimer(m_thread.context());
        w.batchTimer->setSingleShot(true);
        w.batchTimer->setInterval(kBatchMs);
        connect(w.batchTimer, &QTimer::timeout, m_thread.context(), [this] { sendBatch(); });
    }
    if (!w.batchTimer->isActive())
        w.batchTimer->start();
}

void RunJob::sendBatch()
{
    Worker& w = *m_worker;
    if (w.batchTimer)
        w.batchTimer->stop();
    m_thread.answer([this, calls = std::exchange(w.finishedCalls, {}), progress = w.progress] {
        if (!calls.isEmpty())
            Q_EMIT callsFinished(calls);
        Q_EMIT this->progress(progress.first, progress.second);
    });
}

void RunJob::cancel()
{
    m_thread.post([this] {
        if (m_worker->runner)
            m_worker->runner->cancel();
    });
}

void RunJob::listModels(const QString& endpoint, const QString& apiKey, bool allowInsecure)
{
    QString error;
    const auto url = api::parseEndpoint(endpoint, allowInsecure, &error);
    if (!url) {
        Q_EMIT modelsListed({}, error);
        return;
    }
    m_thread.post([this, url = *url, apiKey] {
        auto* client = new api::ChatClient(url, apiKey, m_thread.context());
        QCoro::connect(client->listModels(), m_thread.context(), [this, client](const api::ModelList& list) {
            const QString error = list.status.ok() ? QString() : list.status.errorText();
            m_thread.answer([this, ids = list.ids, error] { Q_EMIT modelsListed(ids, error); });
            client->deleteLater();
        });
    });
}

void RunJob::listRuns(const QString& dbPath)
{
    m_thread.post([this, dbPath] {
        QString error;
        const store::CallStore* store = m_worker->storeToRead(dbPath, &error);
        QList<store::RunListing> runs = store ? store->runs() : QList<store::RunListing>{};
        m_thread.answer([this, runs = std::move(runs), error] { Q_EMIT runsListed(runs, error); });
    });
}

void RunJob::loadRun(const QString& dbPath, const QString& runId)
{
    m_thread.post([this, dbPath, runId] {
        QString error;
        const store::CallStore* store = m_worker->storeToRead(dbPath, &error);
        auto run = store ? api::loadStoredRun(*store, runId, &error) : std::nullopt;
        m_thread.answer([this, run = run.value_or(api::StoredRun{}), error] { Q_EMIT runLoaded(run, error); });
    });
}

} // namespace costdash::services
