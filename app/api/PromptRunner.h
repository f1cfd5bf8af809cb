#pragma once
// A test-prompt run: models x prompts x repeats sent through a ChatClient under a global concurrency limit,
// per-model requests-per-minute limits and a budget cap, every finished call written to the store like an imported
// call (tag = run id) with its answer. One service object per run (start via run(), cancel()); it lives on one
// thread (the CLI's, or a worker thread under the window) with its client and its store connection.
#include "api/ChatClient.h"
#include "api/PromptSuite.h"
#include "api/RateLimits.h"
#include "api/RunStats.h"
#include "pricing/PriceCatalog.h"

#include <QCoro/QCoroTask>
#include <QHash>
#include <QObject>
#include <deque>

namespace costdash::store {
class CallStore;
}

namespace costdash::api {

struct RunOptions {
    QStringList models;
    int repeat = 1;
    int concurrency = 8;
    bool stream = false;
    std::optional<money::Nanos> budget;  // no request starts that could take the run past it
    RpmLimits requestsPerMinute;         // per model; none: no limit
    int rateWindowMs = 60'000;           // the "minute" of requestsPerMinute (tests shorten it)
    QString referenceModel;              // judges prompts without an expectation by agreement with this model
    int defaultMaxTokens = 512;          // for prompts without max_tokens: what bounds the worst case
    QString runId;                       // empty: made up ("run-20250301-101500-3fa2")
};

// One call's worst case before it is sent: estimated input tokens (a generous bound: a token per 3 characters
// plus 4 per message) and all of max_tokens as output, at the catalog price of now.
std::int64_t estimatedInputTokens(const SuitePrompt& prompt);

struct RunEstimate {
    std::int64_t calls = 0;
    money::Nanos worstCase = 0;  // over the priced models
    QList<QPair<QString, money::Nanos>> byModel;
    QStringList unpricedModels;  // the catalog has no price: their cost cannot be bounded
};
RunEstimate estimateRun(const PromptSuite& suite, const RunOptions& options, const pricing::PriceCatalog& catalog,
                        std::int64_t nowMs);

// Adds a call's known usage to its model's figures and prices it at the catalog's price of `atMs`: its cost, or
// nullopt (counted as unpriced) when the catalog has no price.
std::optional<money::Nanos> addUsage(ModelStats& stats, const Usage& usage, std::int64_t atMs,
                                     const pricing::PriceCatalog& catalog);

// One finished (or skipped) call, as the run reports it while going.
struct RunCallResult {
    int promptIndex = 0;
    QString promptId;
    QString model;
    int repeat = 0;
    ChatResult result;
    std::optional<money::Nanos> cost; // nullopt: unpriced or usage unknown
    std::optional<bool> passed;
    bool skipped = false;             // not sent (budget)
    QString storedError;              // a past run's call: its error as stored (result.errorText() is not kept)

    QString errorText() const { return storedError.isEmpty() ? result.errorText() : storedError; }
};

// The error text of a call that was sent and then cancelled (Cancel, Ctrl+C): stored with its usage unknown.
inline const QString kCancelledInFlight = QStringLiteral("cancelled in flight");

class PromptRunner final : public QObject {
    Q_OBJECT
public:
    // `store` may be null (a dry run, or a benchmark that keeps nothing).
    PromptRunner(ChatClient* client, store::CallStore* store, pricing::PriceCatalog catalog, QObject* parent = nullptr);
    ~PromptRunner() override;

    // Checks the options against the suite and the catalog; an error text, empty when it can run.
    QString validate(const PromptSuite& suite, const RunOptions& options) const;
    QCoro::Task<RunSummary> run(PromptSuite suite, RunOptions options);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void callFinished(const costdash::api::RunCallResult& call);
    void progress(int done, int total);
    void statsChanged(const QList<costdash::api::ModelStats>& models);

private:
    struct State;
    struct PlannedCall;
    bool beginRecording(State& state, QString* error);
    void finishRecording(State& state, const RunSummary& summary);
    QCoro::Task<void> worker(State& state);
    QCoro::Task<bool> waitForRateSlot(State& state, int model);
    void record(State& state, int planIndex, const ChatResult& result, money::Nanos reserved);
    std::optional<bool> judgeCall(State& state, ModelStats& stats, const PlannedCall& call, const SuitePrompt& prompt,
                                  const ChatResult& result);
    void storeCall(State& state, const PlannedCall& call, const SuitePrompt& prompt, const ChatResult& result,
                   bool usageKnown, std::optional<bool> passed);
    void judgeByReference(State& state);

    ChatClient* m_client;
    store::CallStore* m_store;
    pricing::PriceCatalog m_catalog;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace costdash::api
