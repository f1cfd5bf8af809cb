#pragma once
// The window's test-prompt run: a ServiceThread owning the ChatClient, its own store connection and the
// PromptRunner (a service thread, not a Job: the client and the store connection outlive one run, and past runs
// and model lists are read there too). The page hands in a value (RunJobConfig) and gets values back (stats, calls,
// the summary) as signals on its own thread; network and SQL never touch the UI thread.
#include "api/PromptRunner.h"
#include "api/StoredRuns.h"
#include "services/ServiceThread.h"

#include <QObject>
#include <chrono>

namespace costdash::services {

struct RunJobConfig {
    QString dbPath;
    QString endpoint;
    bool allowInsecure = false;
    QString apiKey; // kept in memory for the run, never written anywhere
    api::PromptSuite suite;
    api::RunOptions options;
    std::chrono::milliseconds stallTimeout{60'000};
};

class RunJob final : public QObject {
    Q_OBJECT
public:
    static constexpr int kBatchMs = 50;
    explicit RunJob(QObject* parent = nullptr);
    ~RunJob() override;

    // False (and failed()) when a run is going on or the endpoint is refused.
    bool start(RunJobConfig config);
    void cancel();
    bool isRunning() const { return m_running; }
    // GET {endpoint}/models on the worker thread: modelsListed() answers.
    void listModels(const QString& endpoint, const QString& apiKey, bool allowInsecure = false);
    // The past runs of the store at dbPath, read on the worker thread: runsListed() answers.
    void listRuns(const QString& dbPath);
    // One past run, read on the worker thread: runLoaded() answers (its summary and calls, as a live run tells them).
    void loadRun(const QString& dbPath, const QString& runId);

Q_SIGNALS:
    // The calls finished since the last batch, and the progress, at most every kBatchMs: one queued event per
    // batch rather than two per call keeps the UI thread's queue short at thousands of calls a second.
    void callsFinished(const QList<costdash::api::RunCallResult>& calls);
    void statsChanged(const QList<costdash::api::ModelStats>& models);
    void progress(int done, int total);
    void finished(const costdash::api::RunSummary& summary);
    void failed(const QString& message);
    void modelsListed(const QStringList& models, const QString& error);
    void runsListed(const QList<costdash::store::RunListing>& runs, const QString& error);
    void runLoaded(const costdash::api::StoredRun& run, const QString& error);

private:
    struct Worker;
    void scheduleBatch();
    void sendBatch();
    std::unique_ptr<Worker> m_worker; // touched only on the service thread
    ServiceThread m_thread;
    bool m_running = false;
};

} // namespace costdash::services
