// CallStore's past test-prompt runs (issue 11): the runs table and the figures of each run, for the runs browser
// and `costdash runs`.
#include "store/StoreImpl.h"

#include "store/Sqlite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace costdash::store {

using detail::Statement;

namespace {

constexpr const char* kHeaderColumns = "run_id, suite, endpoint, models, started_ms, finished_ms, cancelled, "
                                       "estimated_nusd, spent_nusd, skipped, prompts";

RunHeader readHeader(const Statement& s)
{
    RunHeader h;
    h.runId = s.text(0);
    h.suite = s.text(1);
    h.endpoint = s.text(2);
    for (const QJsonValue& m : QJsonDocument::fromJson(s.text(3).toUtf8()).array())
        h.models.append(m.toString());
    h.startedMs = s.integer(4);
    if (!s.isNull(5))
        h.finishedMs = s.integer(5);
    h.cancelled = s.integer(6) != 0;
    h.estimatedWorstCase = s.integer(7);
    h.spent = s.integer(8);
    const QJsonObject skipped = QJsonDocument::fromJson(s.text(9).toUtf8()).object();
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        h.skipped.insert(it.key(), it.value().toInteger());
    for (const QJsonValue& p : QJsonDocument::fromJson(s.text(10).toUtf8()).array())
        h.prompts.append(p.toString());
    return h;
}

} // namespace

QList<RunListing> CallStore::runs() const
{
    QList<RunListing> out;
    QHash<QString, qsizetype> byId;
    const QByteArray sql = QByteArray("SELECT ") + kHeaderColumns + " FROM runs ORDER BY started_ms DESC, run_id DESC";
    Statement headers(d->handle, sql.constData());
    while (headers.next()) {
        byId.insert(headers.text(0), out.size());
        out.append({readHeader(headers)});
    }
    // Each call priced like the run priced it: the catalog at the call's time, NULL tokens unknown.
    const pricing::PriceCatalog prices = catalog();
    Statement calls(d->handle, "SELECT r.run_id, m.name, c.timestamp_ms, c.input_tokens, c.cached_tokens, "
                               "c.output_tokens, r.passed FROM run_calls r JOIN calls c ON c.id = r.call_id "
                               "LEFT JOIN models m ON m.id = c.model_id ORDER BY r.call_id");
    while (calls.next()) {
        const auto at = byId.constFind(calls.text(0));
        if (at == byId.cend())
            continue;
        RunListing& run = out[*at];
        const QString model = calls.text(1);
        ++run.calls;
        if (!run.header.models.contains(model))
            run.header.models.append(model); // a run recorded before the runs table: its models as called
        const auto cost = calls.isNull(3) ? std::nullopt
                                          : prices.cost(model, calls.integer(2),
                                                        {calls.integer(3), calls.integer(4), 0, calls.integer(5)});
        cost ? void(run.cost += *cost) : void(++run.unpricedCalls);
        if (!calls.isNull(6)) {
            ++run.judged;
            run.passed += calls.integer(6);
        }
    }
    return out;
}

std::optional<RunHeader> CallStore::runHeader(const QString& runId) const
{
    const QByteArray sql = QByteArray("SELECT ") + kHeaderColumns + " FROM runs WHERE run_id = ?";
    Statement s(d->handle, sql.constData());
    s.bindText(1, runId);
    if (!s.next())
        return std::nullopt;
    return readHeader(s);
}

} // namespace costdash::store
