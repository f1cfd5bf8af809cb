#pragma once
// The window's test-prompt run: a Job whose worker thread owns the ChatClient, its own store connection and the
// PromptRunner, and runs them on its own event loop. The page hands in a value (RunJobConfig) and gets values
// back (stats, calls, the summary) through queued signals; network and SQL never touch the UI thread.
#include "api/ChatClient.h"
#include "api/PromptRunner.h"
#include "services/Job.h"

#include <QObject>
#include <QUrl>
#include <chrono>
#include <optional>

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

    // False (and failed()) when a run is going on or the endpoint is refused.
    bool start(RunJobConfig config);
    void cancel();
    bool isRunning() const { return m_run.isRunning(); }
    // GET {endpoint}/models on a worker thread: modelsListed() answers (the newest request, when asked again
    // while one is on its way).
    void listModels(const QString& endpoint, const QString& apiKey, bool allowInsecure = false);

Q_SIGNALS:
    void callFinished(const costdash::api::RunCallResult& call);
    void statsChanged(const QList<costdash::api::ModelStats>& models);
    void progress(int done, int total);
    void finished(const costdash::api::RunSummary& summary);
    void failed(const QString& message);
    void modelsListed(const QStringList& models, const QString& error);

private:
    struct Outcome {
        std::optional<api::RunSummary> summary;
        QString storeError; // the store would not open: no run
    };
    struct Listing {
        QUrl url;
        QString apiKey;
    };
    void startListing(Listing listing);

    std::optional<Listing> m_nextListing;
    Job<api::ModelList> m_listing;
    Job<Outcome> m_run;
};

} // namespace costdash::services
