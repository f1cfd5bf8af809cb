#pragma once
// Every figure of the savings report (issue 14), computed from the store and the what-if replay through the same
// code paths as `costdash summary` and `costdash whatif`: the PDF (ui/report) only lays these values out.
#include "store/CallStore.h"
#include "whatif/Projection.h"
#include "whatif/Scenario.h"
#include "whatif/Snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>

namespace costdash::report {

// The TTLs of the cache sweep: 0 s, 1 min, 10 min, 1 h, 6 h, 1 d, 7 d.
const QList<std::int64_t>& ttlSweepSeconds();

struct ScenarioFile {
    QString path;
    QByteArray json; // as read, for the appendix
};

struct ReportRequest {
    QString dbPath;
    QList<ScenarioFile> scenarios; // the first is the one the summary and the tables describe
    whatif::DayRange period;
};

struct ScenarioResult {
    ScenarioFile file;
    whatif::Scenario scenario;
    whatif::Projection projection;
    QStringList moveEvidence; // per projection.moves entry: api::describeEvidence ("tested: 12 calls, pass 83 %")
};

struct TtlPoint {
    std::int64_t ttlSeconds = 0;
    whatif::Projection projection;
};

// Logged spend per day and model (the chart "spend per day by model"): the baseline column of the replay's snapshot
// summed, so each day adds up to by_day's baseline. The biggest models, the rest folded into "other".
struct DayModelSpend {
    QStringList days;                    // "YYYY-MM-DD", every day of the period with calls
    QStringList models;                  // catalog id (or logged name), biggest first; "other" last when folded
    QList<QList<money::Nanos>> amounts;  // [model][day]
};

struct ReportData {
    QString storePath;
    QList<store::ImportRecord> sources;
    QString catalogDate;            // the bundled snapshot's date
    qsizetype priceOverrides = 0;   // entries the user added to this store
    QDateTime generatedUtc;
    whatif::DayRange period;        // as asked (empty: the whole store)
    store::Summary byModel, byTask, byDay; // `costdash summary --by ...` for the period
    DayModelSpend dayModel;
    // Per task type ("(none)" for calls without one): the logged models' shares of its calls, biggest first, one
    // per line: "gpt-4o 72.4 %\ngpt-4o-mini 27.6 %".
    QHash<QString, QString> currentModels;
    QList<ScenarioResult> scenarios;
    QList<TtlPoint> ttlSweep;       // the first scenario with each TTL of ttlSweepSeconds()
    bool sweepAssumedExact = false; // the first scenario has no cache: the sweep uses an exact, global one

    const ScenarioResult& main() const { return scenarios.front(); }
    QString periodText() const;     // "2025-11-01 to 2025-11-30"
    // whatif::aggregatesLeftOut's sentence (with its stop) when the period holds aggregate rows, else empty.
    QString aggregatesNote() const;
};

// Reads the store (never creating it), loads the scenarios, runs the summaries, replays and the TTL sweep.
// nullopt with a one-sentence *error on bad input (missing store, empty store or period, a scenario that does not
// load) or when `cancel` is set. `progress` gets 0..100.
std::optional<ReportData> buildReport(const ReportRequest& request, QString* error,
                                      const std::atomic<bool>* cancel = nullptr,
                                      const std::function<void(int)>& progress = {});

} // namespace costdash::report
