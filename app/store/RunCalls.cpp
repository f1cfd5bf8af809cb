// CallStore's test-prompt run calls (issue 11): the call through the import path, its extras in run_calls.
#include "store/StoreImpl.h"

#include "store/Sqlite.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace costdash::store {

using detail::exec;
using detail::Statement;

namespace {

bool failWith(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

QString jsonText(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

} // namespace

std::optional<std::int64_t> CallStore::beginRun(const RunHeader& run, QString* error)
{
    const QByteArray id = run.runId.toUtf8();
    const ImportSource source{QStringLiteral("run %1 (%2)").arg(run.runId, run.suite), 0,
                              QCryptographicHash::hash(id, QCryptographicHash::Sha256).toHex(), QStringLiteral("run")};
    QString why;
    if (!exec(d->handle, "BEGIN IMMEDIATE", &why))
        return failWith(error, why), std::nullopt;
    const auto importId = detail::insertImport(d->handle, source, &why);
    bool ok = importId.has_value();
    if (ok) {
        Statement s(d->handle, "INSERT INTO runs(run_id, import_id, suite, endpoint, models, prompts, started_ms) "
                               "VALUES(?, ?, ?, ?, ?, ?, ?)");
        s.bindText(1, run.runId);
        s.bind(2, *importId);
        s.bindText(3, run.suite);
        s.bindText(4, run.endpoint);
        s.bindText(5, jsonText(run.models));
        s.bindText(6, jsonText(run.prompts));
        s.bind(7, run.startedMs);
        ok = s.run(&why);
    }
    if (ok && exec(d->handle, "COMMIT", &why))
        return importId;
    exec(d->handle, "ROLLBACK", nullptr);
    return failWith(error, why), std::nullopt;
}

bool CallStore::finishRun(std::int64_t runImportId, const ImportCounts& counts, const RunHeader& run, QString* error)
{
    if (!detail::finishImport(d->handle, runImportId, counts, error))
        return false;
    QJsonObject skipped;
    for (auto it = run.skipped.cbegin(); it != run.skipped.cend(); ++it)
        skipped.insert(it.key(), qint64(it.value()));
    Statement s(d->handle, "UPDATE runs SET finished_ms = ?, cancelled = ?, estimated_nusd = ?, spent_nusd = ?, "
                           "skipped = ? WHERE import_id = ?");
    s.bind(1, run.finishedMs);
    s.bind(2, std::int64_t(run.cancelled ? 1 : 0));
    s.bind(3, run.estimatedWorstCase);
    s.bind(4, run.spent);
    s.bindText(5, QString::fromUtf8(QJsonDocument(skipped).toJson(QJsonDocument::Compact)));
    s.bind(6, runImportId);
    return s.run(error);
}

bool CallStore::appendRunCall(std::int64_t importId, const CallRecord& call, const RunCallExtra& extra,
                              const ImportCounts& countsSoFar, QString* error, std::int64_t* callIdOut)
{
    QString why;
    detail::Writer& writer = d->writerOrNew(*this);
    if (!exec(d->handle, "BEGIN IMMEDIATE", &why))
        return failWith(error, why);
    writer.holdTransaction(true);
    // Usage unknown: NULL tokens, unpriced unless the call has a logged cost (the import's own path).
    CallRecord stored = call;
    stored.usageKnown = call.usageKnown && extra.usageKnown;
    // On failure appendBatch rolls the transaction back and lets it go.
    if (!writer.appendBatch(importId, std::span<const CallRecord>(&stored, 1), {}, nullptr, countsSoFar,
                            countsSoFar.read, &why))
        return failWith(error, why);
    const std::int64_t callId = sqlite3_last_insert_rowid(d->handle);
    bool ok = true;
    {
        Statement s(d->handle, "INSERT INTO run_calls(call_id, run_id, prompt_key, repeat, attempts, ttft_ms, "
                               "usage_known, passed, response) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, callId);
        s.bindText(2, extra.runId);
        s.bindText(3, extra.promptKey);
        s.bind(4, std::int64_t(extra.repeat));
        s.bind(5, std::int64_t(extra.attempts));
        s.bind(6, extra.ttftMs);
        s.bind(7, std::int64_t(extra.usageKnown ? 1 : 0));
        s.bind(8, extra.passed ? std::optional<std::int64_t>(*extra.passed ? 1 : 0) : std::nullopt);
        if (extra.response.isEmpty())
            s.bindNull(9);
        else
            s.bindText(9, extra.response);
        ok = s.run(&why);
    }
    ok = ok && exec(d->handle, "COMMIT", &why);
    if (!ok) {
        exec(d->handle, "ROLLBACK", nullptr);
        writer.forgetCache();
    }
    writer.holdTransaction(false);
    // An import checkpoints on a thread of its own (enterImport); a run commits once per call, so its WAL would grow
    // by every page each call touched: fold it back now and then.
    constexpr std::int64_t kCheckpointEvery = 256;
    if (ok && callId % kCheckpointEvery == 0)
        exec(d->handle, "PRAGMA wal_checkpoint(PASSIVE)", nullptr);
    if (ok && callIdOut)
        *callIdOut = callId;
    return ok || failWith(error, why);
}

bool CallStore::setRunCallsPassed(const QList<QPair<std::int64_t, bool>>& verdicts, QString* error)
{
    QString why;
    if (!exec(d->handle, "BEGIN IMMEDIATE", &why))
        return failWith(error, why);
    Statement s(d->handle, "UPDATE run_calls SET passed = ? WHERE call_id = ?");
    bool ok = s.ok();
    if (!ok)
        why = s.error();
    for (const auto& [callId, passed] : verdicts) {
        if (!ok)
            break;
        s.bind(1, std::int64_t(passed ? 1 : 0));
        s.bind(2, callId);
        ok = s.run(&why);
    }
    if (ok && exec(d->handle, "COMMIT", &why))
        return true;
    exec(d->handle, "ROLLBACK", nullptr);
    return failWith(error, why);
}

QList<StoredRunCall> CallStore::runCalls(const QString& runId) const
{
    QList<StoredRunCall> out;
    Statement s(d->handle,
                "SELECT c.timestamp_ms, m.name, c.input_tokens, c.cached_tokens, c.output_tokens, c.reasoning_tokens, "
                "c.latency_ms, c.cost_nusd, t.name, g.name, p.text, c.success, c.http_status, c.error, c.request_id, "
                "r.prompt_key, r.repeat, r.attempts, r.ttft_ms, r.usage_known, r.passed, r.response, pr.name "
                "FROM run_calls r JOIN calls c ON c.id = r.call_id "
                "LEFT JOIN models m ON m.id = c.model_id LEFT JOIN tasks t ON t.id = c.task_id "
                "LEFT JOIN tags g ON g.id = c.tag_id LEFT JOIN prompts p ON p.id = c.prompt_id "
                "LEFT JOIN providers pr ON pr.id = c.provider_id "
                "WHERE r.run_id = ? ORDER BY r.call_id");
    s.bindText(1, runId);
    while (s.next()) {
        StoredRunCall row;
        CallRecord& c = row.call;
        c.timestampMs = s.integer(0);
        c.model = s.text(1);
        c.inputTokens = s.integer(2);
        c.cachedInputTokens = s.integer(3);
        c.outputTokens = s.integer(4);
        c.reasoningTokens = s.integer(5);
        if (!s.isNull(6))
            c.latencyMs = s.integer(6);
        if (!s.isNull(7))
            c.loggedCost = s.integer(7);
        c.taskType = s.text(8);
        c.tag = s.text(9);
        c.prompt = s.text(10);
        c.success = s.integer(11) != 0;
        c.httpStatus = int(s.integer(12));
        c.error = s.text(13);
        c.requestId = s.text(14);
        c.provider = s.text(22);
        RunCallExtra& e = row.extra;
        e.runId = runId;
        e.promptKey = s.text(15);
        e.repeat = int(s.integer(16));
        e.attempts = int(s.integer(17));
        if (!s.isNull(18))
            e.ttftMs = s.integer(18);
        e.usageKnown = s.integer(19) != 0;
        if (!s.isNull(20))
            e.passed = s.integer(20) != 0;
        e.response = s.text(21);
        out.append(row);
    }
    return out;
}

QList<RunEvidence> CallStore::runEvidence() const
{
    QList<RunEvidence> out;
    Statement s(d->handle, "SELECT t.name, m.name, COUNT(*), COUNT(r.passed), COALESCE(SUM(r.passed), 0) "
                           "FROM run_calls r JOIN calls c ON c.id = r.call_id "
                           "JOIN models m ON m.id = c.model_id JOIN tasks t ON t.id = c.task_id "
                           "WHERE c.success = 1 GROUP BY t.name, m.name ORDER BY t.name, m.name");
    while (s.next())
        out.append({s.text(0), s.text(1), s.integer(2), s.integer(3), s.integer(4)});
    return out;
}

} // namespace costdash::store
