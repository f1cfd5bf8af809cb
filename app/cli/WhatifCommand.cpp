#include "cli/Commands.h"

#include "api/MoveEvidence.h"
#include "money/Share.h"
#include "whatif/LeftOut.h"
#include "whatif/ProjectionJson.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

namespace costdash::cli {
namespace {

using whatif::Projection;
using whatif::Scenario;

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Replay the month in the store under a scenario and print what it would have cost.\n\n"
        "A scenario is a JSON file (presets in resources/scenarios/):\n"
        "  {\"name\": \"...\",\n"
        "   \"router\": {\"rules\": [{\"when\": {\"task_type\": [...], \"model\": [...], \"prompt_contains\": [...],\n"
        "                                 \"prompt_matches\": \"regex\", \"input_tokens_at_least\": N,\n"
        "                                 \"input_tokens_below\": N}, \"tier\": \"trivial\"}, ...],\n"
        "              \"default_tier\": \"standard\", \"tiers\": {\"trivial\": \"Qwen/Qwen3-8B\", \"standard\": \"original\"}},\n"
        "   \"cache\": {\"mode\": \"off|exact|near\", \"ttl_seconds\": 86400, \"scope\": \"global|model\", \"similarity\": 0.92},\n"
        "   \"batch\": {\"task_types\": [\"summarization\"], \"discount\": 0.5}}\n"
        "Rules are tried in order, the first match wins; all conditions of a `when` must hold. Calls replay in time\n"
        "order; a cache hit costs $0; routed calls are priced at the new model's catalog price with the logged token\n"
        "counts. The exact rules are in README.md (\"What-if scenarios and replay rules\").\n"
        "Errors in the scenario name their JSON path and exit 1."));
    parser.addOption({QStringLiteral("scenario"), QStringLiteral("The scenario JSON file."), QStringLiteral("FILE")});
    addDbOption(parser);
    addPeriodOptions(parser);
    addJsonOption(parser);
    parser.addOption({QStringLiteral("repeat"),
                      QStringLiteral("Replay N times and report the median time (loading excluded)."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("sweep"),
                      QStringLiteral("One projection per value: ttl_seconds=0,60,3600, similarity=0.8,0.9 or "
                                     "discount=0.25,0.5."),
                      QStringLiteral("KEY=V1,V2,...")});
}

struct Sweep {
    QString key;
    QList<double> values;
};

// Applies one sweep value; the values were validated by parseSweep.
Scenario withValue(Scenario s, const QString& key, double value)
{
    if (key == u"ttl_seconds")
        s.cache.ttlSeconds = std::int64_t(value);
    else if (key == u"similarity")
        s.cache.similarity = value;
    else
        s.batch.discountPpm = whatif::fractionToPpm(value);
    return s;
}

std::optional<Sweep> parseSweep(const QString& text, const Scenario& scenario, QString* error)
{
    const qsizetype eq = text.indexOf(u'=');
    Sweep sweep{text.left(eq), {}};
    if (eq < 0 || !QStringList{QStringLiteral("ttl_seconds"), QStringLiteral("similarity"), QStringLiteral("discount")}
                       .contains(sweep.key)) {
        *error = QStringLiteral("--sweep wants ttl_seconds=..., similarity=... or discount=...");
        return std::nullopt;
    }
    if (sweep.key != u"discount" && scenario.cache.mode == whatif::CacheMode::Off) {
        *error = QStringLiteral("--sweep %1: the scenario's cache mode is off").arg(sweep.key);
        return std::nullopt;
    }
    const bool integer = sweep.key == u"ttl_seconds";
    for (const QString& part : text.mid(eq + 1).split(u',')) {
        bool ok = false;
        const double v = integer ? double(part.trimmed().toLongLong(&ok)) : part.trimmed().toDouble(&ok);
        if (!ok || v < 0 || (!integer && v > 1)) {
            *error = QStringLiteral("--sweep %1: bad value \"%2\"").arg(sweep.key, part);
            return std::nullopt;
        }
        sweep.values.append(v);
    }
    return sweep;
}

struct Timed {
    Projection projection;
    double medianMs = 0;
};

// replay_ms times the replay the window runs at each knob change; the figures printed come from one more replay
// that also counts the tokens the cache avoids (the same figures, plus those counts).
Timed replayTimed(const whatif::Snapshot& snapshot, const Scenario& scenario, int repeat)
{
    Timed out;
    QList<double> ms;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        whatif::replay(snapshot, scenario);
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    }
    out.projection = whatif::replay(snapshot, scenario, whatif::ReplayDetail::CacheTokens);
    std::sort(ms.begin(), ms.end());
    out.medianMs = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    return out;
}

QString row(const QString& label, money::Nanos amount, money::Nanos baseline)
{
    return QStringLiteral("  %1 %2 %3\n").arg(label.leftJustified(12), money::formatUsdReadable(amount).rightJustified(16),
                                              money::formatShare(amount, baseline).rightJustified(8));
}

// What test-prompt runs say of each move (filled by execute()).
struct MoveEvidence {
    QList<store::RunEvidence> evidence;
    pricing::PriceCatalog catalog;
};

// "; 1234567 tokens avoided (1000000 in, 234567 out)" after the cache hits, or nothing without hits.
QString cacheTokensText(const Projection& p)
{
    if (!p.cacheHits || !p.cacheTokens)
        return {};
    const whatif::CacheTokens& t = *p.cacheTokens;
    if (t.outOfRange)
        return QStringLiteral("; tokens avoided beyond the range this tool counts");
    std::int64_t total = t.input;
    QString text = money::addOverflows(total, t.output)
        ? QStringLiteral("; tokens avoided: %1 in, %2 out").arg(t.input).arg(t.output)
        : QStringLiteral("; %1 tokens avoided (%2 in, %3 out)").arg(total).arg(t.input).arg(t.output);
    if (t.usageUnknownHits)
        text += QStringLiteral(", not counting %1 hits whose usage the log does not hold").arg(t.usageUnknownHits);
    return text;
}

QString textReport(const Scenario& scenario, const Timed& t, const MoveEvidence& runs)
{
    const Projection& p = t.projection;
    QString out = QStringLiteral("What-if: %1 (%2 calls, replay %3 ms)\n")
                      .arg(scenario.name.isEmpty() ? QStringLiteral("(unnamed scenario)") : scenario.name)
                      .arg(p.calls)
                      .arg(t.medianMs, 0, 'f', 2);
    out += row(QStringLiteral("baseline"), p.baseline, p.baseline) + row(QStringLiteral("projected"), p.projected, p.baseline)
        + row(QStringLiteral("savings"), p.savings(), p.baseline) + row(QStringLiteral(" cache"), p.cacheSavings, p.baseline)
        + row(QStringLiteral(" routing"), p.routingSavings, p.baseline) + row(QStringLiteral(" batch"), p.batchSavings, p.baseline);
    out += QStringLiteral("  cache hits   %1").arg(p.cacheHits);
    out += p.nearHits ? QStringLiteral(" (%1 near, approximate)").arg(p.nearHits) : QString();
    out += cacheTokensText(p);
    out += p.nearCappedCalls ? QStringLiteral("; %1 near lookups had their candidates capped (near hits may be "
                                              "undercounted)\n").arg(p.nearCappedCalls)
                             : QStringLiteral("\n");
    if (!p.tiers.isEmpty()) {
        out += QStringLiteral("  tiers       ");
        for (auto it = p.tiers.begin(); it != p.tiers.end(); ++it)
            out += QStringLiteral(" %1 %2").arg(it.key()).arg(it.value());
        out += u'\n';
    }
    out += QStringLiteral("Models after the scenario:\n");
    for (const whatif::ModelCost& m : p.byModel.mid(0, 8))
        out += QStringLiteral("  %1 %2 calls %3%4\n").arg(m.model.leftJustified(24)).arg(m.calls, 9)
                   .arg((m.whollyUnpriced() ? QStringLiteral("unpriced") : money::formatUsdReadable(m.cost)).rightJustified(14))
                   .arg(m.unpricedCalls && !m.whollyUnpriced() ? QStringLiteral(" + %1 unpriced calls").arg(m.unpricedCalls) : QString());
    for (const whatif::Move& m : p.moves)
        out += QStringLiteral("  move %1 -> %2: %3 calls (%4)\n").arg(m.taskType, m.model).arg(m.calls)
                   .arg(api::describeEvidence(m.tested, api::evidenceFor(runs.evidence, m.taskType, m.model, runs.catalog)));
    if (p.unpricedCalls)
        out += QStringLiteral("Unpriced calls: %1 (neither a logged cost nor a catalog price: left out of both sides)\n")
                   .arg(p.unpricedCalls);
    if (p.usageUnknownCalls)
        out += QStringLiteral("Usage unknown: %1 calls without tokens in the log, left out of the replay (kept at "
                              "their logged cost, else unpriced; never routed or batched)\n")
                   .arg(p.usageUnknownCalls);
    return out;
}

QJsonObject pointJson(const Timed& t, const MoveEvidence& runs)
{
    QJsonObject o = whatif::projectionToJson(t.projection);
    // Each move also says what test-prompt runs found: tested_calls, pass_rate (null when none judged).
    QJsonArray moves = o.value(QStringLiteral("moves")).toArray();
    for (qsizetype i = 0; i < moves.size() && i < t.projection.moves.size(); ++i) {
        const whatif::Move& m = t.projection.moves[i];
        const auto e = api::evidenceFor(runs.evidence, m.taskType, m.model, runs.catalog);
        QJsonObject move = moves[i].toObject();
        move.insert(QStringLiteral("tested_calls"), qint64(e ? e->calls : 0));
        move.insert(QStringLiteral("pass_rate"), e && e->judged ? QJsonValue(double(e->passed) / double(e->judged)) : QJsonValue());
        move.insert(QStringLiteral("evidence"), api::describeEvidence(m.tested, e));
        moves[i] = move;
    }
    o.insert(QStringLiteral("moves"), moves);
    o.insert(QStringLiteral("replay_ms"), t.medianMs);
    return o;
}

int runSweep(const whatif::Snapshot& snapshot, const Scenario& scenario, const Sweep& sweep, int repeat, bool json,
             const MoveEvidence& runs)
{
    QJsonArray points;
    QString text = QStringLiteral("%1 %2 %3 %4\n").arg(sweep.key.leftJustified(12), QStringLiteral("projected").rightJustified(16),
                                                      QStringLiteral("savings").rightJustified(16), QStringLiteral("hits").rightJustified(9));
    for (const double v : sweep.values) {
        const Timed t = replayTimed(snapshot, withValue(scenario, sweep.key, v), repeat);
        if (t.projection.outOfRange)
            return fail(money::totalOutOfRange());
        QJsonObject point = pointJson(t, runs);
        point.insert(QStringLiteral("value"), sweep.key == u"ttl_seconds" ? QJsonValue(qint64(v)) : QJsonValue(v));
        points.append(point);
        text += QStringLiteral("%1 %2 %3 %4\n").arg(QString::number(v).leftJustified(12),
                                                  money::formatUsdReadable(t.projection.projected).rightJustified(16),
                                                  money::formatUsdReadable(t.projection.savings()).rightJustified(16))
                    .arg(t.projection.cacheHits, 9);
    }
    if (json)
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("scenario"), scenario.name},
                                            {QStringLiteral("sweep"), QJsonObject{{QStringLiteral("key"), sweep.key},
                                                                                  {QStringLiteral("points"), points}}}}));
    else
        printText(text);
    return Done;
}

int execute(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("scenario")))
        return usage(QStringLiteral("--scenario FILE is required"));
    bool ok = false;
    const int repeat = parser.value(QStringLiteral("repeat")).toInt(&ok);
    if (!ok || repeat < 1)
        return usage(QStringLiteral("--repeat wants a positive number"));
    whatif::DayRange period;
    QString error;
    if (!parsePeriod(parser, &period.fromDay, &period.toDay, &error))
        return usage(error);
    QFile file(parser.value(QStringLiteral("scenario")));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the scenario %1: %2").arg(file.fileName(), file.errorString()));
    const auto store = openStore(parser, store::CallStore::Access::Read);
    if (!store)
        return Failed;
    const pricing::PriceCatalog catalog = store->catalog();
    const auto scenario = whatif::parseScenario(file.readAll(), catalog, &error);
    if (!scenario)
        return fail(error);
    std::optional<Sweep> sweep;
    if (parser.isSet(QStringLiteral("sweep")) && !(sweep = parseSweep(parser.value(QStringLiteral("sweep")), *scenario, &error)))
        return usage(error);
    QElapsedTimer loading;
    loading.start();
    const auto snapshot = whatif::loadSnapshot(*store, catalog, &error, period);
    if (!snapshot)
        return fail(QStringLiteral("cannot read the calls: %1").arg(error));
    const double loadMs = double(loading.nsecsElapsed()) / 1e6;
    const bool json = parser.isSet(QStringLiteral("json"));
    const MoveEvidence runs{store->runEvidence(), catalog};
    if (sweep)
        return runSweep(*snapshot, *scenario, *sweep, repeat, json, runs);
    const Timed t = replayTimed(*snapshot, *scenario, repeat);
    // Aggregate rows (usage buckets, spend lines) are not in the snapshot: said beside the replay, never silently dropped.
    const store::Summary all = store->summarize({store::GroupBy::Model, period.fromDay, period.toDay}, catalog);
    if (t.projection.outOfRange || all.outOfRange)
        return fail(money::totalOutOfRange());
    if (!json) {
        QString text = textReport(*scenario, t, runs);
        if (all.aggregateCalls || all.spendRows)
            text += whatif::aggregatesLeftOut(all.aggregateCalls, all.spendRows, all.aggregateCost) + u'\n';
        printText(text);
        return Done;
    }
    QJsonObject o = pointJson(t, runs);
    o.insert(QStringLiteral("aggregate_calls_left_out"), qint64(all.aggregateCalls));
    o.insert(QStringLiteral("spend_rows_left_out"), qint64(all.spendRows));
    o.insert(QStringLiteral("aggregate_cost_left_out_nusd"), qint64(all.aggregateCost));
    o.insert(QStringLiteral("scenario"), scenario->name);
    o.insert(QStringLiteral("load_ms"), loadMs);
    printJson(QJsonDocument(o));
    return Done;
}

} // namespace

Command whatifCommand()
{
    return {QStringLiteral("whatif"), QStringLiteral("replay the month under a scenario (router, cache, batch)"),
            configure, execute};
}

} // namespace costdash::cli
