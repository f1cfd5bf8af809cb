#include "services/StoreService.h"

#include "whatif/Replay.h"
#include "whatif/Snapshot.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimer>
#include <algorithm>

namespace costdash::services {

struct StoreService::Worker {
    QString path;
    std::unique_ptr<store::CallStore> store;
    std::optional<std::int64_t> shownVersion; // data_version when the shown figures were read
    QString error;

    // Opens `path` for reading if it is not open yet; false with `error` set when it cannot be (a missing store
    // is no error: there is nothing to show yet).
    bool ensureOpen()
    {
        if (store || path.isEmpty())
            return true;
        error.clear();
        if (QFileInfo(path).size() == 0) // missing, or being created by an import right now
            return true;
        store = store::CallStore::open(path, &error, store::CallStore::Access::Read);
        return store != nullptr;
    }
};

namespace {

store::SummaryQuery queryOf(store::GroupBy by, const whatif::DayRange& period)
{
    return {by, period.fromDay, period.toDay};
}

// The overview of `period`; nullopt when a sum is out of range (the figures are not to be shown).
std::optional<Overview> overviewOf(const store::CallStore& callStore, const pricing::PriceCatalog& catalog,
                                   const whatif::DayRange& period)
{
    const auto summarize = [&](store::GroupBy by) { return callStore.summarize(queryOf(by, period), catalog); };
    Overview overview{callStore.path(), summarize(store::GroupBy::Model), summarize(store::GroupBy::Task),
                      summarize(store::GroupBy::Day), callStore.priceOverrideProblems(),
                      summarize(store::GroupBy::Provider),
                      callStore.spendByDay(queryOf(store::GroupBy::Model, period), catalog),
                      callStore.spendByDay(queryOf(store::GroupBy::Provider, period), catalog), period};
    for (const store::Summary* s : {&overview.byModel, &overview.byTask, &overview.byDay, &overview.byProvider}) {
        if (s->outOfRange)
            return std::nullopt;
    }
    if (overview.dayByModel.outOfRange || overview.dayByProvider.outOfRange)
        return std::nullopt;
    return overview;
}

// The task types of the calls the what-if replays: not those of aggregate rows alone (a Cost CSV's project ids).
QStringList taskTypesOf(const whatif::Snapshot& snapshot)
{
    const whatif::SnapshotData& d = snapshot.data();
    QStringList tasks;
    for (qsizetype t = 0; t < d.tasks.size(); ++t) {
        if (!d.tasks.at(t).isEmpty() && d.callsByTask[std::size_t(t)] > 0)
            tasks << d.tasks.at(t);
    }
    tasks.sort();
    tasks.removeDuplicates();
    return tasks;
}

} // namespace

StoreService::StoreService(QObject* parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>())
    , m_thread(QStringLiteral("costdash-store"), this)
{
    Worker* worker = m_worker.get();
    m_thread.post([this, worker] {
        auto* timer = new QTimer(m_thread.context()); // on the store thread, deleted with the thread's context
        connect(timer, &QTimer::timeout, m_thread.context(), [this, worker] { watch(*worker); });
        timer->start(kWatchIntervalMs);
    });
}

// On the store thread, between jobs: a commit by another connection (or the store appearing) asks for a refresh.
void StoreService::watch(Worker& worker)
{
    if (worker.path.isEmpty())
        return;
    const bool appeared = !worker.store && QFileInfo(worker.path).size() > 0 && worker.error.isEmpty();
    if (!appeared && (!worker.store || worker.store->dataVersion() == worker.shownVersion))
        return;
    worker.shownVersion = worker.store ? worker.store->dataVersion() : std::nullopt;
    m_thread.answer([this] { refresh(); });
}

StoreService::~StoreService()
{
    // Close the connection on the thread that opened it, then stop the thread.
    Worker* worker = m_worker.get();
    m_thread.stop([worker] { worker->store.reset(); });
}

void StoreService::post(std::function<void(Worker&)> job)
{
    if (m_jobs++ == 0)
        Q_EMIT busyChanged(true);
    Worker* worker = m_worker.get();
    m_thread.post([this, worker, job = std::move(job)] {
        job(*worker);
        m_thread.answer([this] { jobDone(); }); // after the job's own deliveries
    });
}

void StoreService::postQuietly(std::function<void(Worker&)> job)
{
    Worker* worker = m_worker.get();
    m_thread.post([worker, job = std::move(job)] { job(*worker); });
}

void StoreService::listCalls(const store::CallQuery& query, quint64 request)
{
    post([this, query, request](Worker& worker) {
        QString error;
        std::optional<std::vector<std::int64_t>> ids;
        if (!worker.ensureOpen())
            error = worker.error;
        else if (worker.store)
            ids = worker.store->listCalls(query, worker.store->catalog(), &error);
        else
            ids.emplace(); // no store yet: no calls
        auto shared = ids ? std::make_shared<const std::vector<std::int64_t>>(std::move(*ids)) : nullptr;
        m_thread.answer([this, request, shared, error] {
            Q_EMIT callsListed(request, shared ? shared : std::make_shared<const std::vector<std::int64_t>>(), error);
        });
    });
}

void StoreService::fetchCalls(quint64 request, int page, std::vector<std::int64_t> ids)
{
    postQuietly([this, request, page, ids = std::move(ids)](Worker& worker) {
        QList<store::CallRow> rows;
        if (worker.ensureOpen() && worker.store)
            rows = worker.store->callRows(ids, worker.store->catalog());
        m_thread.answer([this, request, page, rows = std::move(rows)] {
            Q_EMIT callsFetched(request, page, rows);
        });
    });
}

void StoreService::deliver(std::uint64_t generation, std::function<void()> emitter)
{
    // Called on the store thread; the lambda runs on ours. `this` outlives the thread (the destructor joins it).
    m_thread.answer([this, generation, emitter = std::move(emitter)] {
        if (generation == m_generation)
            emitter();
    });
}

void StoreService::deliverEmptyMonth(std::uint64_t generation, const QString& path, const whatif::DayRange& period)
{
    SnapshotBundle bundle;
    bundle.storePath = path;
    bundle.catalog = pricing::PriceCatalog::bundled();
    bundle.snapshot = whatif::buildSnapshot(store::CallColumns{}, bundle.catalog);
    Overview overview;
    overview.storePath = path;
    overview.period = period;
    deliver(generation, [this, overview, bundle = std::move(bundle)] {
        Q_EMIT overviewReady(overview);
        Q_EMIT snapshotReady(bundle);
        Q_EMIT callStatsReady({});
    });
}

void StoreService::jobDone()
{
    if (--m_jobs == 0)
        Q_EMIT busyChanged(false);
}

void StoreService::open(const QString& path)
{
    const std::uint64_t generation = ++m_generation;
    m_path = path;
    post([this, path, generation](Worker& worker) {
        worker.store.reset();
        worker.path = path;
        const bool ok = worker.ensureOpen();
        deliver(generation, [this, path, error = worker.error, ok] {
            if (!ok) {
                Q_EMIT failed(tr("Cannot open the store %1: %2").arg(path, error));
                return;
            }
            Q_EMIT opened(path);
            refresh();
        });
    });
}

void StoreService::refresh()
{
    const std::uint64_t generation = ++m_generation;
    post([this, generation, period = m_period](Worker& worker) {
        if (worker.path.isEmpty()) {
            deliver(generation, [this] { Q_EMIT failed(tr("No store is open.")); });
            return;
        }
        if (!worker.ensureOpen()) {
            deliver(generation, [this, path = worker.path, error = worker.error] {
                Q_EMIT failed(tr("Cannot open the store %1: %2").arg(path, error));
            });
            return;
        }
        if (!worker.store) { // not created yet: an empty month
            deliverEmptyMonth(generation, worker.path, period);
            return;
        }
        worker.shownVersion = worker.store->dataVersion();
        const pricing::PriceCatalog catalog = worker.store->catalog();
        std::optional<Overview> overview = overviewOf(*worker.store, catalog, period);
        if (!overview) {
            deliver(generation, [this] { Q_EMIT failed(money::totalOutOfRange()); });
            return;
        }
        deliver(generation, [this, overview = std::move(*overview)] { Q_EMIT overviewReady(overview); });

        QElapsedTimer timer;
        timer.start();
        QString error;
        SnapshotBundle bundle;
        bundle.snapshot = whatif::loadSnapshot(*worker.store, catalog, &error, period);
        if (!bundle.snapshot) {
            deliver(generation, [this, error] { Q_EMIT failed(tr("Cannot load the month: %1").arg(error)); });
            return;
        }
        std::optional<whatif::Router> warm;
        {
            const std::lock_guard lock(m_warmMutex);
            warm = m_warmRouter;
        }
        if (warm) // memoized in the snapshot: the first replay under this router only runs the cache
            bundle.snapshot->compiledRouter(*warm);
        bundle.taskTypes = taskTypesOf(*bundle.snapshot);
        bundle.storePath = worker.store->path();
        bundle.models = bundle.snapshot->data().models;
        bundle.models.sort();
        bundle.calls = static_cast<std::int64_t>(bundle.snapshot->size());
        bundle.catalog = catalog;
        bundle.runEvidence = worker.store->runEvidence();
        bundle.loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        deliver(generation, [this, bundle = std::move(bundle)] { Q_EMIT snapshotReady(bundle); });
        store::CallStats stats = worker.store->callStats(queryOf(store::GroupBy::Model, period), catalog);
        deliver(generation, [this, stats = std::move(stats)] { Q_EMIT callStatsReady(stats); });
    });
}

void StoreService::setWarmRouter(const std::optional<whatif::Router>& router)
{
    const std::lock_guard lock(m_warmMutex);
    m_warmRouter = router;
}

} // namespace costdash::services
