#pragma once
// The window's test-prompt run: a worker thread owning the ChatClient, its own store connection and the
// PromptRunner. The page hands in a value (RunJobConfig) and gets values back (stats, calls, the summary) through
// queued signals; network and SQL never touch the UI thread.
#include "api/PromptRunner.h"

#include <QObject>
#include <QThread>
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
    explicit RunJob(QObject* parent = nullptr);
    ~RunJob() override;

    // False (and failed()) when a run is going on or the endpoint is refused.
    bool start(RunJobConfig config);
    void cancel();
    bool isRunning() const { return m_running; }
    // GET {endpoint}/models on the worker thread: modelsListed() answers.
    void listModels(const QString& endpoint, const QString& apiKey, bool allowInsecure = false);

Q_SIGNALS:
    void callFinished(const costdash::api::RunCallResult& call);
    void statsChanged(const QList<costdash::api::ModelStats>& models);
    void progress(int done, int total);
    void finished(const costdash::api::RunSummary& summary);
    void failed(const QString& message);
    void modelsListed(const QStringList& models, const QString& error);

private:
    struct Worker;
    QThread m_thread;
    QObject* m_context = nullptr; // lives on m_thread
    std::unique_ptr<Worker> m_worker; // touched only on m_thread
    bool m_running = false;
};

} // namespace costdash::services
