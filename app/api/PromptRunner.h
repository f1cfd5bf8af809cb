#pragma once
// A test-prompt run: models x prompts x repeats sent through a ChatClient under a global concurrency limit, a
// per-model requests-per-minute limit and a budget cap, every finished call written to the store like an imported
// call (tag = run id) with its answer. One service object per run (start via run(), cancel()); it lives on one
// thread (the CLI's, or a worker thread under the window) with its client and its store connection.
#include "api/ChatClient.h"
#include "api/PromptSuite.h"
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
    int requestsPerMinute = 0;           // per model; 0: no limit
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
};

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
    QCoro::Task<void> worker(State& state);
    QCoro::Task<bool> waitForRateSlot(State& state, int model);
    void record(State& state, int planIndex, const ChatResult& result, money::Nanos reserved);
    void judgeByReference(State& state);

    ChatClient* m_client;
    store::CallStore* m_store;
    pricing::PriceCatalog m_catalog;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace costdash::api
