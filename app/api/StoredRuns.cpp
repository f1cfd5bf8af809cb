#include "api/StoredRuns.h"

namespace costdash::api {
namespace {

// The ChatResult a stored call stands for: enough for the answers side by side and the per-model figures.
ChatResult resultOf(const store::StoredRunCall& row)
{
    ChatResult r;
    const CallRecord& c = row.call;
    if (!c.success) {
        r.failure = c.error == kCancelledInFlight ? FailureKind::Cancelled
            : c.httpStatus >= 300                 ? FailureKind::Http
                                                  : FailureKind::Network;
    }
    r.httpStatus = c.httpStatus;
    r.content = row.extra.response;
    r.requestId = c.requestId;
    if (row.extra.usageKnown)
        r.usage = Usage{c.inputTokens, c.cachedInputTokens, c.outputTokens, c.reasoningTokens};
    r.startedMs = c.timestampMs;
    r.latencyMs = c.latencyMs.value_or(0);
    r.ttftMs = row.extra.ttftMs;
    r.attempts = row.extra.attempts;
    return r;
}

// Counts one stored call into its model's figures, as PromptRunner::record did when it finished.
void addTo(ModelStats& st, const RunCallResult& call, const pricing::PriceCatalog& catalog)
{
    const ChatResult& r = call.result;
    if (r.failure == FailureKind::Cancelled) {
        ++st.cancelled;
    } else {
        ++st.calls;
        st.retries += r.retries();
        r.ok() ? ++st.ok : ++st.failed;
        if (r.ok())
            st.latenciesMs.push_back(r.latencyMs);
        if (r.ok() && r.ttftMs)
            st.ttftsMs.push_back(*r.ttftMs);
    }
    if (call.passed) {
        ++st.judged;
        st.passed += *call.passed ? 1 : 0;
    }
    if (!r.usage) {
        ++st.usageUnknown;
        return;
    }
    addUsage(st, *r.usage, r.startedMs, catalog);
}

} // namespace

std::optional<StoredRun> loadStoredRun(const store::CallStore& store, const QString& runId, QString* error)
{
    const auto header = store.runHeader(runId);
    if (!header) {
        if (error)
            *error = QStringLiteral("the store holds no run %1 (`costdash runs` lists them)").arg(runId);
        return std::nullopt;
    }
    StoredRun run;
    run.endpoint = header->endpoint;
    RunSummary& s = run.summary;
    s.runId = header->runId;
    s.suite = header->suite;
    s.estimatedWorstCase = header->estimatedWorstCase;
    s.spent = header->spent;
    s.cancelled = header->cancelled;
    QStringList models = header->models;
    const QList<store::StoredRunCall> rows = store.runCalls(runId);
    for (const store::StoredRunCall& row : rows) {
        if (!models.contains(row.call.model))
            models.append(row.call.model); // a run recorded before the runs table
    }
    for (const QString& model : std::as_const(models)) {
        ModelStats st;
        st.model = model;
        st.skipped = header->skipped.value(model);
        s.models.append(st);
    }
    QStringList prompts = header->prompts; // the answers' rows in suite order (older runs: as first stored)
    const pricing::PriceCatalog catalog = store.catalog();
    for (const store::StoredRunCall& row : rows) {
        if (!prompts.contains(row.extra.promptKey))
            prompts.append(row.extra.promptKey);
        RunCallResult call{int(prompts.indexOf(row.extra.promptKey)), row.extra.promptKey, row.call.model,
                           row.extra.repeat, resultOf(row), {}, row.extra.passed, false, row.call.error};
        addTo(s.models[models.indexOf(row.call.model)], call, catalog);
        run.calls.append(call);
    }
    return run;
}

} // namespace costdash::api
