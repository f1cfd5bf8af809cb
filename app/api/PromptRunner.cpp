#include "api/PromptRunner.h"

#include "store/CallStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>

namespace costdash::api {

struct PromptRunner::PlannedCall {
    int prompt = 0;
    int model = 0;
    int repeat = 0;
    money::Nanos worstCase = 0;
};

namespace {

QString newRunId()
{
    return QStringLiteral("run-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")) + u'-'
        + QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0');
}

std::optional<money::Nanos> worstCaseOf(const SuitePrompt& prompt, const QString& model, const RunOptions& options,
                                        const pricing::PriceCatalog& catalog, std::int64_t nowMs)
{
    const pricing::TokenCounts tokens{estimatedInputTokens(prompt), 0, 0,
                                      std::int64_t(prompt.maxTokens.value_or(options.defaultMaxTokens))};
    return catalog.cost(model, nowMs, tokens);
}

// Usage is known when the server reported it, or when nothing was billed: an error status, or never sent.
bool usageKnown(const ChatResult& r)
{
    return r.usage || r.failure == FailureKind::Http || r.failure == FailureKind::Refused
        || r.failure == FailureKind::ConnectTimeout || r.failure == FailureKind::Tls;
}

} // namespace

std::optional<money::Nanos> addUsage(ModelStats& stats, const Usage& usage, std::int64_t atMs,
                                     const pricing::PriceCatalog& catalog)
{
    stats.inputTokens += usage.inputTokens;
    stats.cachedInputTokens += usage.cachedInputTokens;
    stats.outputTokens += usage.outputTokens;
    stats.reasoningTokens += usage.reasoningTokens;
    const auto cost = catalog.cost(stats.model, atMs, {usage.inputTokens, usage.cachedInputTokens, 0, usage.outputTokens});
    cost ? void(stats.cost += *cost) : void(++stats.unpriced);
    return cost;
}

std::int64_t estimatedInputTokens(const SuitePrompt& prompt)
{
    std::int64_t chars = 0;
    for (const QJsonValue& m : prompt.messages)
        chars += m.toObject().value(QLatin1StringView("content")).toString().size();
    return (chars + 2) / 3 + 4 * std::int64_t(prompt.messages.size()) + 3;
}

RunEstimate estimateRun(const PromptSuite& suite, const RunOptions& options, const pricing::PriceCatalog& catalog,
                        std::int64_t nowMs)
{
    RunEstimate e;
    for (const QString& model : options.models) {
        money::Nanos perModel = 0;
        bool priced = true;
        for (const SuitePrompt& p : suite.prompts) {
            const auto cost = worstCaseOf(p, model, options, catalog, nowMs);
            priced = priced && cost;
            perModel += cost.value_or(0) * options.repeat;
        }
        e.calls += std::int64_t(suite.prompts.size()) * options.repeat;
        if (!priced) {
            e.unpricedModels.append(model);
            continue;
        }
        e.byModel.append({model, perModel});
        e.worstCase += perModel;
    }
    return e;
}

struct PromptRunner::State {
    PromptSuite suite;
    RunOptions options;
    std::vector<PlannedCall> plan;
    std::size_t next = 0;
    int done = 0;
    money::Nanos spent = 0;
    money::Nanos reserved = 0;
    int inFlight = 0;
    std::vector<std::deque<std::int64_t>> starts; // per model: request starts within the last minute
    QElapsedTimer clock;
    QList<ModelStats> stats;
    std::int64_t importId = 0;
    store::ImportCounts counts;
    QString storeError;
    // Normalized answers of ok calls by (prompt, repeat), then model, with the store's id of each call (0 when
    // none): for agreement with the reference model.
    struct Answer {
        QString normalized;
        std::int64_t callId = 0;
    };
    QHash<QPair<int, int>, QHash<int, Answer>> answers;
    std::int64_t statsEmittedMs = -1'000'000;
};

PromptRunner::PromptRunner(ChatClient* client, store::CallStore* store, pricing::PriceCatalog catalog, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_catalog(std::move(catalog))
{
}

PromptRunner::~PromptRunner() = default;

QString PromptRunner::validate(const PromptSuite& suite, const RunOptions& options) const
{
    if (options.models.isEmpty())
        return QStringLiteral("no model to run (--models a,b)");
    if (options.repeat < 1 || options.concurrency < 1 || options.concurrency > 1024)
        return QStringLiteral("repeat wants 1 or more, concurrency 1 to 1024");
    if (!options.referenceModel.isEmpty() && !options.models.contains(options.referenceModel))
        return QStringLiteral("the reference model %1 is not among the models run").arg(options.referenceModel);
    if (suite.prompts.isEmpty())
        return QStringLiteral("the suite holds no prompt");

    if (options.budget) {
        const RunEstimate e = estimateRun(suite, options, m_catalog, QDateTime::currentMSecsSinceEpoch());
        if (!e.unpricedModels.isEmpty())
            return QStringLiteral("a budget cannot bound models the catalog does not price: %1 (add a price with "
                                  "`costdash prices set`, or run without --budget)")
                .arg(e.unpricedModels.join(QStringLiteral(", ")));
    }
    return {};
}

void PromptRunner::cancel()
{
    m_cancelled = true;
    m_client->cancel();
}

QCoro::Task<RunSummary> PromptRunner::run(PromptSuite suite, RunOptions options)
{
    RunSummary summary;
    summary.suite = suite.name;
    if (m_running) {
        summary.error = QStringLiteral("a run is going on already");
        co_return summary;
    }
    if (const QString why = validate(suite, options); !why.isEmpty()) {
        summary.error = why;
        co_return summary;
    }
    m_running = true;
    m_cancelled = false;
    m_client->resetCancel();
    State s;
    s.suite = std::move(suite);
    s.options = std::move(options);
    if (s.options.runId.isEmpty())
        s.options.runId = newRunId();
    summary.runId = s.options.runId;
    s.clock.start();
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (int r = 0; r < s.options.repeat; ++r) {
        for (int p = 0; p < int(s.suite.prompts.size()); ++p) {
            for (int m = 0; m < int(s.options.models.size()); ++m) {
                const auto worst = worstCaseOf(s.suite.prompts[p], s.options.models[m], s.options, m_catalog, now);
                s.plan.push_back({p, m, r, worst.value_or(0)});
                summary.estimatedWorstCase += worst.value_or(0);
            }
        }
    }
    s.starts.resize(std::size_t(s.options.models.size()));
    for (const QString& model : std::as_const(s.options.models)) {
        ModelStats stats;
        stats.model = model;
        s.stats.append(stats);
    }
    if (m_store && !beginRecording(s, &summary.error)) {
        m_running = false;
        co_return summary;
    }
    Q_EMIT progress(0, int(s.plan.size()));
    const int workers = std::min<int>(s.options.concurrency, int(s.plan.size()));
    std::vector<QCoro::Task<void>> tasks;
    tasks.reserve(std::size_t(workers));
    for (int i = 0; i < workers; ++i)
        tasks.push_back(worker(s));
    for (auto& task : tasks)
        co_await task;
    judgeByReference(s);
    summary.models = s.stats;
    summary.spent = s.spent;
    summary.cancelled = m_cancelled;
    if (m_store)
        finishRecording(s, summary);
    summary.error = s.storeError;
    m_running = false;
    Q_EMIT statsChanged(summary.models);
    co_return summary;
}

bool PromptRunner::beginRecording(State& s, QString* error)
{
    store::RunHeader header;
    header.runId = s.options.runId;
    header.suite = s.suite.name;
    header.endpoint = m_client->endpoint().toString(QUrl::RemoveUserInfo);
    header.models = s.options.models;
    for (const SuitePrompt& p : std::as_const(s.suite.prompts))
        header.prompts.append(p.id);
    header.startedMs = QDateTime::currentMSecsSinceEpoch();
    QString why;
    const auto importId = m_store->beginRun(header, &why);
    if (!importId)
        *error = QStringLiteral("cannot record the run in the store: %1").arg(why);
    s.importId = importId.value_or(0);
    return importId.has_value();
}

// The run's end in the store: how it ended, so that `costdash runs show` tells it as the run did.
void PromptRunner::finishRecording(State& s, const RunSummary& summary)
{
    store::RunHeader header;
    header.finishedMs = QDateTime::currentMSecsSinceEpoch();
    header.cancelled = summary.cancelled;
    header.estimatedWorstCase = summary.estimatedWorstCase;
    header.spent = summary.spent;
    for (const ModelStats& m : summary.models) {
        if (m.skipped)
            header.skipped.insert(m.model, m.skipped);
    }
    QString error;
    if (!m_store->finishRun(s.importId, s.counts, header, &error) && s.storeError.isEmpty())
        s.storeError = error;
}

QCoro::Task<void> PromptRunner::worker(State& s)
{
    while (!m_cancelled && s.storeError.isEmpty() && s.next < s.plan.size()) {
        const int index = int(s.next++);
        const PlannedCall call = s.plan[std::size_t(index)];
        if (s.options.budget) {
            // Wait while calls in flight hold the room this one needs; with none in flight it never fits.
            constexpr std::chrono::milliseconds kLook{20};
            while (s.spent + s.reserved + call.worstCase > *s.options.budget && s.inFlight > 0 && !m_cancelled)
                co_await sleepUnlessCancelled(kLook, m_cancelled);
            if (m_cancelled)
                break;
            if (s.spent + s.reserved + call.worstCase > *s.options.budget) {
                ModelStats& st = s.stats[call.model];
                ++st.skipped;
                ++s.done;
                RunCallResult skipped{call.prompt, s.suite.prompts[call.prompt].id, st.model, call.repeat, {}, {}, {}, true, {}};
                Q_EMIT callFinished(skipped);
                Q_EMIT progress(s.done, int(s.plan.size()));
                continue;
            }
        }
        s.reserved += call.worstCase;
        ++s.inFlight;
        if (!co_await waitForRateSlot(s, call.model)) {
            s.reserved -= call.worstCase;
            --s.inFlight;
            break;
        }
        const SuitePrompt& prompt = s.suite.prompts[call.prompt];
        ChatRequest request{s.options.models[call.model], prompt.messages,
                            prompt.maxTokens.value_or(s.options.defaultMaxTokens), prompt.temperature, s.options.stream};
        const ChatResult result = co_await m_client->complete(std::move(request));
        s.reserved -= call.worstCase;
        --s.inFlight;
        record(s, index, result, call.worstCase);
    }
}

QCoro::Task<bool> PromptRunner::waitForRateSlot(State& s, int model)
{
    const int limit = s.options.requestsPerMinute.forModel(s.options.models[model]);
    if (limit <= 0)
        co_return true;
    std::deque<std::int64_t>& starts = s.starts[std::size_t(model)];
    while (!m_cancelled) {
        const std::int64_t now = s.clock.elapsed();
        while (!starts.empty() && starts.front() <= now - s.options.rateWindowMs)
            starts.pop_front();
        if (int(starts.size()) < limit) {
            starts.push_back(now);
            co_return true;
        }
        co_await sleepUnlessCancelled(std::chrono::milliseconds(starts.front() + s.options.rateWindowMs - now + 1),
                                      m_cancelled);
    }
    co_return false;
}

void PromptRunner::record(State& s, int planIndex, const ChatResult& result, money::Nanos reserved)
{
    const PlannedCall& call = s.plan[std::size_t(planIndex)];
    const SuitePrompt& prompt = s.suite.prompts[call.prompt];
    ModelStats& st = s.stats[call.model];
    RunCallResult out{call.prompt, prompt.id, st.model, call.repeat, result, {}, {}, false, {}};
    ++s.done;
    const bool cancelled = result.failure == FailureKind::Cancelled;
    const bool known = usageKnown(result);
    const Usage usage = result.usage.value_or(Usage{});
    if (cancelled) {
        ++st.cancelled; // not judged: a cut answer says nothing of the model's quality
    } else {
        ++st.calls;
        st.retries += result.retries();
        out.passed = judgeCall(s, st, call, prompt, result);
    }
    if (!known) {
        ++st.usageUnknown;
        s.spent += reserved; // the budget counts what it might have cost
    } else {
        out.cost = addUsage(st, usage, result.startedMs, m_catalog);
        s.spent += out.cost.value_or(0);
    }
    // A call cancelled before its first attempt was never sent: nothing to keep. One cancelled in flight was
    // (and may be billed): it is kept with its usage unknown.
    if (m_store && s.storeError.isEmpty() && result.attempts > 0)
        storeCall(s, call, prompt, result, known, out.passed);
    Q_EMIT callFinished(out);
    Q_EMIT progress(s.done, int(s.plan.size()));
    // The stats carry every latency: a live table wants them a few times a second, not per call.
    constexpr std::int64_t kStatsEveryMs = 200;
    if (s.clock.elapsed() - s.statsEmittedMs >= kStatsEveryMs) {
        s.statsEmittedMs = s.clock.elapsed();
        Q_EMIT statsChanged(s.stats);
    }
}

std::optional<bool> PromptRunner::judgeCall(State& s, ModelStats& st, const PlannedCall& call, const SuitePrompt& prompt,
                                            const ChatResult& result)
{
    std::optional<bool> passed;
    if (result.ok()) {
        ++st.ok;
        st.latenciesMs.push_back(result.latencyMs);
        if (result.ttftMs)
            st.ttftsMs.push_back(*result.ttftMs);
        passed = judge(prompt.expected, result.content);
        if (!passed && !s.options.referenceModel.isEmpty())
            s.answers[{call.prompt, call.repeat}].insert(call.model, {normalizeAnswer(result.content), 0});
    } else {
        ++st.failed;
        if (prompt.expected.kind != Expectation::Kind::None)
            passed = false; // a failed call does not meet its expectation
    }
    if (passed) {
        ++st.judged;
        st.passed += *passed ? 1 : 0;
    }
    return passed;
}

void PromptRunner::storeCall(State& s, const PlannedCall& call, const SuitePrompt& prompt, const ChatResult& result,
                             bool usageKnown, std::optional<bool> passed)
{
    const Usage usage = result.usage.value_or(Usage{});
    CallRecord c;
    c.timestampMs = result.startedMs;
    c.model = s.options.models[call.model];
    c.inputTokens = usage.inputTokens;
    c.cachedInputTokens = usage.cachedInputTokens;
    c.outputTokens = usage.outputTokens;
    c.reasoningTokens = usage.reasoningTokens;
    c.latencyMs = result.latencyMs; // a call cancelled in flight: its time so far
    c.taskType = prompt.taskType;
    c.tag = s.options.runId;
    c.prompt = prompt.promptText();
    c.success = result.ok();
    c.httpStatus = result.httpStatus;
    c.error = result.failure == FailureKind::Cancelled ? kCancelledInFlight : result.errorText();
    c.requestId = result.requestId;
    store::RunCallExtra extra{s.options.runId, prompt.id, call.repeat, result.attempts, result.ttftMs, usageKnown,
                              passed, result.content};
    ++s.counts.read;
    ++s.counts.imported;
    QString error;
    std::int64_t callId = 0;
    if (m_store->appendRunCall(s.importId, c, extra, s.counts, &error, &callId)) {
        if (const auto a = s.answers.find({call.prompt, call.repeat}); a != s.answers.end() && a->contains(call.model))
            (*a)[call.model].callId = callId;
    } else {
        s.storeError = QStringLiteral("the store refused a call: %1").arg(error);
        m_cancelled = true;
        m_client->cancel();
    }
}

void PromptRunner::judgeByReference(State& s)
{
    const int reference = int(s.options.models.indexOf(s.options.referenceModel));
    if (reference < 0)
        return;
    QList<QPair<std::int64_t, bool>> judged; // the store's call id, agreed
    for (auto it = s.answers.cbegin(); it != s.answers.cend(); ++it) {
        const auto ref = it.value().constFind(reference);
        if (ref == it.value().cend())
            continue;
        for (auto a = it.value().cbegin(); a != it.value().cend(); ++a) {
            if (a.key() == reference)
                continue;
            const bool agreed = a.value().normalized == ref.value().normalized;
            ModelStats& st = s.stats[a.key()];
            ++st.judged;
            st.passed += agreed ? 1 : 0;
            if (a.value().callId > 0)
                judged.append({a.value().callId, agreed});
        }
    }
    // The store keeps the verdicts too: the what-if's "pass P %" then counts them like the others.
    QString error;
    if (m_store && !judged.isEmpty() && !m_store->setRunCallsPassed(judged, &error) && s.storeError.isEmpty())
        s.storeError = QStringLiteral("the store refused the reference verdicts: %1").arg(error);
}

} // namespace costdash::api
