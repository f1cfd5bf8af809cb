#pragma once
// The store on its own thread: one ServiceThread owning one CallStore (its own named connection). The UI asks for
// summaries and the what-if snapshot; answers come back as values through signals, never by waiting.
#include "pricing/PriceCatalog.h"
#include "services/ServiceThread.h"
#include "store/CallStore.h"
#include "whatif/Scenario.h"
#include "whatif/Snapshot.h"

#include <QObject>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace costdash::services {

// What the overview page shows: the period summarised four ways (totals are the same in each).
struct Overview {
    QString storePath;
    store::Summary byModel;
    store::Summary byTask;
    store::Summary byDay;
    QStringList warnings; // what the user must know about these figures (CallStore::priceOverrideProblems)
    store::Summary byProvider;
    store::DaySplit dayByModel;
    store::DaySplit dayByProvider;
    whatif::DayRange period; // as asked (no bounds: the whole store)
};

// What the what-if page needs: the immutable month, the catalog it was priced with, and the task types it holds.
struct SnapshotBundle {
    QString storePath; // the store the month was read from
    std::shared_ptr<const whatif::Snapshot> snapshot;
    pricing::PriceCatalog catalog;
    QStringList taskTypes; // sorted, without the empty "no task type"
    QStringList models;    // the logged model names, sorted
    std::int64_t calls = 0;
    double loadMs = 0;
    QList<store::RunEvidence> runEvidence; // what test-prompt runs say of (task type, model) pairs
};

class StoreService final : public QObject {
    Q_OBJECT
public:
    explicit StoreService(QObject* parent = nullptr);
    ~StoreService() override;

    // Opens `path` for reading on the store thread and then refreshes. A missing store is an empty month (the
    // first import creates it), never created here.
    void open(const QString& path);
    // Reloads the overview and the snapshot of the open store; older answers still in flight are dropped.
    void refresh();
    // The days the overview, the calls' choices and the what-if month cover (no bounds: the whole store); takes
    // effect at the next refresh.
    void setPeriod(const whatif::DayRange& period) { m_period = period; }
    whatif::DayRange period() const { return m_period; }
    // The service refreshes by itself when another connection (another process's import, say) has committed
    // to the store: it looks every `ms` milliseconds (PRAGMA data_version, on the store thread).
    static constexpr int kWatchIntervalMs = 1000;
    QString path() const { return m_path; }
    // The router the window shows: compiled against each month as it loads (on the store thread), so the first
    // replay after opening finds it built. Any thread.
    void setWarmRouter(const std::optional<whatif::Router>& router);

    // The Calls page: the ids of the calls matching `query`, in its order (answered by callsListed), and the
    // rows of a page of them (callsFetched). `request` comes back as given so the page drops stale answers.
    using CallIds = std::shared_ptr<const std::vector<std::int64_t>>;
    void listCalls(const store::CallQuery& query, quint64 request);
    void fetchCalls(quint64 request, int page, std::vector<std::int64_t> ids);

Q_SIGNALS:
    void opened(const QString& path);
    void failed(const QString& message);
    void overviewReady(const costdash::services::Overview& overview);
    // After overviewReady (it scans the period's calls): cost by token class, latency and errors per model.
    void callStatsReady(const costdash::store::CallStats& stats);
    void snapshotReady(const costdash::services::SnapshotBundle& bundle);
    void busyChanged(bool busy);
    void callsListed(quint64 request, const costdash::services::StoreService::CallIds& ids, const QString& error);
    void callsFetched(quint64 request, int page, const QList<costdash::store::CallRow>& rows);

private:
    struct Worker;
    void post(std::function<void(Worker&)> job);
    // Runs `job` on the store thread without showing the service busy (page fetches while scrolling).
    void postQuietly(std::function<void(Worker&)> job);
    void deliver(std::uint64_t generation, std::function<void()> emitter);
    void jobDone();
    void watch(Worker& worker);
    void deliverEmptyMonth(std::uint64_t generation, const QString& path, const whatif::DayRange& period);

    std::unique_ptr<Worker> m_worker; // touched only on the service thread
    std::mutex m_warmMutex;
    std::optional<whatif::Router> m_warmRouter; // under m_warmMutex
    ServiceThread m_thread;
    QString m_path;
    whatif::DayRange m_period;
    std::uint64_t m_generation = 0;
    int m_jobs = 0;
};

} // namespace costdash::services
