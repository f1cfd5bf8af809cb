#include "report/ReportData.h"

#include "api/MoveEvidence.h"
#include "money/Share.h"
#include "whatif/LeftOut.h"
#include "whatif/Replay.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <numeric>

namespace costdash::report {
namespace {

std::optional<ScenarioResult> loadScenario(const ScenarioFile& file, const pricing::PriceCatalog& catalog,
                                           QString* error)
{
    QString why;
    const auto scenario = whatif::parseScenario(file.json, catalog, &why);
    if (!scenario) {
        *error = QStringLiteral("the scenario %1 does not load: %2").arg(file.path, why);
        return std::nullopt;
    }
    ScenarioResult result;
    result.file = file;
    result.scenario = *scenario;
    return result;
}

// The three summaries of the period, as `costdash summary --by model|task|day` computes them.
bool summarize(const store::CallStore& store, const pricing::PriceCatalog& catalog, ReportData& data, QString* error)
{
    const std::pair<store::GroupBy, store::Summary*> groupings[] = {
        {store::GroupBy::Model, &data.byModel}, {store::GroupBy::Task, &data.byTask}, {store::GroupBy::Day, &data.byDay}};
    for (const auto& [by, out] : groupings) {
        *out = store.summarize({by, data.period.fromDay, data.period.toDay}, catalog);
        if (out->outOfRange) {
            *error = money::totalOutOfRange();
            return false;
        }
    }
    if (data.byModel.calls > 0)
        return true;
    *error = data.period.fromDay || data.period.toDay
        ? QStringLiteral("the store %1 holds no calls from %2").arg(data.storePath, data.periodText())
        : QStringLiteral("the store %1 holds no calls: import a month first (costdash import FILE)").arg(data.storePath);
    return false;
}

DayModelSpend spendByDayAndModel(const whatif::Snapshot& snapshot, int keep = 5)
{
    const whatif::SnapshotData& d = snapshot.data();
    const auto models = std::size_t(d.displayModels.size());
    std::vector<money::Nanos> cells(models * std::size_t(d.dayCount), 0), totals(models, 0);
    for (std::size_t i = 0; i < snapshot.size(); ++i) {
        cells[std::size_t(d.loggedDisplay[i]) * std::size_t(d.dayCount) + std::size_t(d.day[i])] += d.baseline[i];
        totals[d.loggedDisplay[i]] += d.baseline[i];
    }
    std::vector<std::size_t> order;
    for (std::size_t m = 0; m < models; ++m) {
        if (totals[m] > 0)
            order.push_back(m);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return totals[a] > totals[b]; });
    DayModelSpend out;
    std::vector<int> dayColumn(std::size_t(d.dayCount), -1);
    for (std::int32_t day = 0; day < d.dayCount; ++day) {
        if (d.callsByDay[std::size_t(day)] > 0) {
            dayColumn[std::size_t(day)] = int(out.days.size());
            out.days.append(timeutil::formatDay(d.firstDay + day));
        }
    }
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const bool folded = rank >= std::size_t(keep);
        if (!folded || rank == std::size_t(keep)) {
            out.models.append(folded ? QStringLiteral("other") : d.displayModels.at(qsizetype(order[rank])));
            out.amounts.append(QList<money::Nanos>(out.days.size(), 0));
        }
        for (std::int32_t day = 0; day < d.dayCount; ++day) {
            if (dayColumn[std::size_t(day)] >= 0)
                out.amounts.last()[dayColumn[std::size_t(day)]] += cells[order[rank] * std::size_t(d.dayCount) + std::size_t(day)];
        }
    }
    return out;
}

QHash<QString, QString> modelSharesByTask(const whatif::Snapshot& snapshot)
{
    const whatif::SnapshotData& d = snapshot.data();
    const auto models = std::size_t(d.displayModels.size());
    std::vector<std::int64_t> calls(std::size_t(d.tasks.size()) * models, 0);
    for (std::size_t i = 0; i < snapshot.size(); ++i)
        ++calls[std::size_t(d.task[i]) * models + d.loggedDisplay[i]];
    QHash<QString, QString> out;
    for (qsizetype t = 0; t < d.tasks.size(); ++t) {
        const std::int64_t* row = calls.data() + std::size_t(t) * models;
        std::vector<std::size_t> order;
        for (std::size_t m = 0; m < models; ++m) {
            if (row[m] > 0)
                order.push_back(m);
        }
        std::sort(order.begin(), order.end(), [row](std::size_t a, std::size_t b) { return row[a] > row[b]; });
        const std::int64_t total = std::accumulate(row, row + models, std::int64_t(0));
        QStringList parts;
        for (const std::size_t m : order)
            parts.append(QString(d.displayModels.at(qsizetype(m)) + u' ' + money::formatShare(row[m], total))
                             .replace(u' ', QChar(0x00A0))); // one unbreakable line per model
        if (!parts.isEmpty())
            out.insert(d.tasks.at(t).isEmpty() ? QStringLiteral("(none)") : d.tasks.at(t), parts.join(u'\n'));
    }
    return out;
}

bool replayAll(const whatif::Snapshot& snapshot, ReportData& data, const store::CallStore& store,
               const std::atomic<bool>* cancel, const std::function<void(int)>& progress)
{
    static const std::atomic<bool> never{false};
    const std::atomic<bool>& stop = cancel ? *cancel : never;
    const QList<store::RunEvidence> evidence = store.runEvidence();
    const int steps = int(data.scenarios.size() + ttlSweepSeconds().size());
    int done = 0;
    auto step = [&] {
        if (progress)
            progress(50 + 50 * ++done / steps);
    };
    for (ScenarioResult& result : data.scenarios) {
        auto projection = whatif::replay(snapshot, result.scenario, stop, whatif::ReplayDetail::CacheTokens);
        if (!projection)
            return false;
        result.projection = std::move(*projection);
        for (const whatif::Move& m : result.projection.moves)
            result.moveEvidence.append(api::describeEvidence(
                m.tested, api::evidenceFor(evidence, m.taskType, m.model, snapshot.catalog())));
        step();
    }
    whatif::Scenario swept = data.main().scenario;
    data.sweepAssumedExact = swept.cache.mode == whatif::CacheMode::Off;
    if (data.sweepAssumedExact)
        swept.cache = {whatif::CacheMode::Exact, 0, whatif::CacheScope::Global, swept.cache.similarity};
    for (const std::int64_t ttl : ttlSweepSeconds()) {
        swept.cache.ttlSeconds = ttl;
        auto projection = whatif::replay(snapshot, swept, stop);
        if (!projection)
            return false;
        data.ttlSweep.append({ttl, std::move(*projection)});
        step();
    }
    return true;
}

// Aggregate rows are kept as logged beside each projection (the By-model table adds them to both sides).
bool anyOutOfRange(const ReportData& data)
{
    return std::any_of(data.scenarios.cbegin(), data.scenarios.cend(),
                       [&](const ScenarioResult& r) {
                           money::Nanos withAggregates = r.projection.projected;
                           return r.projection.outOfRange || money::addOverflows(withAggregates, data.byModel.aggregateCost);
                       })
        || std::any_of(data.ttlSweep.cbegin(), data.ttlSweep.cend(),
                       [](const TtlPoint& p) { return p.projection.outOfRange; });
}

} // namespace

const QList<std::int64_t>& ttlSweepSeconds()
{
    static const QList<std::int64_t> ttls{0, 60, 600, 3600, 6 * 3600, 86400, 7 * 86400};
    return ttls;
}

QString ReportData::periodText() const
{
    const QString first = period.fromDay ? timeutil::formatDay(*period.fromDay)
                                         : byDay.groups.isEmpty() ? QStringLiteral("the start") : byDay.groups.first().key;
    const QString last = period.toDay ? timeutil::formatDay(*period.toDay)
                                      : byDay.groups.isEmpty() ? QStringLiteral("the end") : byDay.groups.last().key;
    return first + QStringLiteral(" to ") + last;
}

QString ReportData::aggregatesNote() const
{
    if (!byModel.aggregateCalls && !byModel.spendRows)
        return {};
    return whatif::aggregatesLeftOut(byModel.aggregateCalls, byModel.spendRows, byModel.aggregateCost) + u'.';
}

std::optional<ReportData> buildReport(const ReportRequest& request, QString* error, const std::atomic<bool>* cancel,
                                      const std::function<void(int)>& progress)
{
    if (request.scenarios.isEmpty()) {
        *error = QStringLiteral("the report needs a scenario");
        return std::nullopt;
    }
    QString why;
    const auto store = store::CallStore::open(request.dbPath, &why, store::CallStore::Access::Read);
    if (!store) {
        *error = QStringLiteral("cannot open the store %1: %2").arg(request.dbPath, why);
        return std::nullopt;
    }
    const pricing::PriceCatalog catalog = store->catalog();
    ReportData data;
    data.storePath = QFileInfo(request.dbPath).absoluteFilePath();
    data.sources = store->imports();
    data.catalogDate = catalog.snapshotDate();
    data.priceOverrides = store->priceOverrides().size();
    data.generatedUtc = QDateTime::currentDateTimeUtc();
    data.period = request.period;
    for (const ScenarioFile& file : request.scenarios) {
        auto loaded = loadScenario(file, catalog, error);
        if (!loaded)
            return std::nullopt;
        data.scenarios.append(std::move(*loaded));
    }
    if (!summarize(*store, catalog, data, error))
        return std::nullopt;
    const auto snapshot = whatif::loadSnapshot(*store, catalog, &why, request.period);
    if (!snapshot) {
        *error = QStringLiteral("cannot read the calls: %1").arg(why);
        return std::nullopt;
    }
    if (progress)
        progress(50);
    data.dayModel = spendByDayAndModel(*snapshot);
    data.currentModels = modelSharesByTask(*snapshot);
    if (!replayAll(*snapshot, data, *store, cancel, progress)) {
        *error = QStringLiteral("cancelled");
        return std::nullopt;
    }
    if (anyOutOfRange(data)) {
        *error = money::totalOutOfRange();
        return std::nullopt;
    }
    return data;
}

} // namespace costdash::report
