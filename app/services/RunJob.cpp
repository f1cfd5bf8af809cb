#include "services/RunJob.h"

#include "api/Endpoint.h"
#include "store/CallStore.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QElapsedTimer>

namespace costdash::services {

struct RunJob::Worker {
    std::unique_ptr<store::CallStore> store;
    std::unique_ptr<api::ChatClient> client;
    std::unique_ptr<api::PromptRunner> runner;
};

RunJob::RunJob(QObject* parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>())
{
    m_thread.setObjectName(QStringLiteral("costdash-run"));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
}

RunJob::~RunJob()
{
    // A run going on is cancelled and let end on its thread (aborted requests end at once; coroutines waiting
    // on the runner must resume before it goes), then everything is dropped there.
    QMetaObject::invokeMethod(m_context, [this] {
        if (m_worker->runner && m_worker->runner->isRunning()) {
            m_worker->runner->cancel();
            QElapsedTimer waited;
            waited.start();
            while (m_worker->runner->isRunning() && waited.elapsed() < 5000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        }
        m_worker = {};
        delete m_context;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
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
    QMetaObject::invokeMethod(m_context, [this, config = std::move(config), endpoint = *endpoint]() mutable {
        Worker& w = *m_worker;
        QString why;
        w.runner.reset();
        w.client.reset();
        if (!w.store || w.store->path() != config.dbPath)
            w.store = store::CallStore::open(config.dbPath, &why);
        if (!w.store) {
            QMetaObject::invokeMethod(this, [this, why] {
                m_running = false;
                Q_EMIT failed(tr("Cannot open the store: %1").arg(why));
            });
            return;
        }
        api::ChatClient::Options options;
        options.stallTimeout = config.stallTimeout;
        w.client = std::make_unique<api::ChatClient>(endpoint, config.apiKey, options);
        w.runner = std::make_unique<api::PromptRunner>(w.client.get(), w.store.get(), w.store->catalog());
        connect(w.runner.get(), &api::PromptRunner::callFinished, this, &RunJob::callFinished);
        connect(w.runner.get(), &api::PromptRunner::statsChanged, this, &RunJob::statsChanged);
        connect(w.runner.get(), &api::PromptRunner::progress, this, &RunJob::progress);
        QCoro::connect(w.runner->run(std::move(config.suite), std::move(config.options)), m_context,
                       [this](const api::RunSummary& summary) {
                           QMetaObject::invokeMethod(this, [this, summary] {
                               m_running = false;
                               Q_EMIT finished(summary);
                           });
                       });
    });
    return true;
}

void RunJob::cancel()
{
    QMetaObject::invokeMethod(m_context, [this] {
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
    QMetaObject::invokeMethod(m_context, [this, url = *url, apiKey] {
        auto* client = new api::ChatClient(url, apiKey, m_context);
        QCoro::connect(client->listModels(), m_context, [this, client](const api::ModelList& list) {
            const QString error = list.status.ok() ? QString() : list.status.errorText();
            QMetaObject::invokeMethod(this, [this, ids = list.ids, error] { Q_EMIT modelsListed(ids, error); });
            client->deleteLater();
        });
    });
}

} // namespace costdash::services
