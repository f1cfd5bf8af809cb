// The interactive what-if in the real window, on a `costdash demo` month of COSTDASH_BENCH_ROWS calls (default
// 1,000,000; generated once next to the binary as tst_whatif_bench does, or COSTDASH_BENCH_DB): the first replay
// after the month is open, then knob and rule edits to painted charts (medians per kind of edit and per stage),
// with a watchdog timer on the UI thread that records its longest stall. Run from the release build (CTest label
// `bench`). Targets (issue 12): first replay <= 150 ms, edit to charts <= 100 ms, no UI stall over 50 ms; printed;
// the stall while opening is asserted at 50 ms, while editing at 4 times that.
#include "BenchMonth.h"
#include "Watchdog.h"
#include "MainWindow.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "WhatIfPage.h"
#include "services/ReplayRunner.h"
#include "services/StoreService.h"
#include "whatif/RouterEditor.h"
#include "whatif/ScenarioEditor.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"
#include "whatif/TierTable.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <algorithm>
#include <array>
#include <functional>
#include <mutex>

using namespace costdash;
using namespace costdash::ui;

namespace {

using bench::Watchdog;

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

// Where one edit's time goes, in ms from the edit: the worker's start, the router's compilation (zero when the
// snapshot had it), the replay, the result's arrival on the UI thread, the page showing it (charts, tables, rule
// counts filled) and the next paint. `handled`: when the edit's own slots returned on the UI thread (the worker
// starts during them).
struct EditStages {
    double handled = 0, started = 0, compiled = 0, replayed = 0, delivered = 0, shown = 0, painted = 0;
};
constexpr int kStageCount = 6;
constexpr const char* kStageNames[kStageCount] = {"to worker", "compile", "replay", "delivery", "page", "paint"};

// Stage lengths (each from the one before), so they add up to `painted`.
std::array<double, kStageCount> lengths(const EditStages& s)
{
    return {s.started, s.compiled - s.started, s.replayed - s.compiled, s.delivered - s.replayed,
            s.shown - s.delivered, s.painted - s.shown};
}

// The window runner's replay, timed in two steps: the router's compilation (memoized in the snapshot, so the replay
// that follows finds it) and the replay. The times of the last run are kept: the one whose result is shown.
class TimedReplay {
public:
    void start() { m_clock.start(); }
    double nowMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }
    services::ReplayRunner::ReplayFunction function()
    {
        return [this](const whatif::Snapshot& snapshot, const whatif::Scenario& scenario, const std::atomic<bool>& cancel) {
            const double started = nowMs();
            if (scenario.router)
                snapshot.compiledRouter(*scenario.router);
            const double compiled = nowMs();
            auto projection = whatif::replay(snapshot, scenario, cancel);
            const std::lock_guard lock(m_mutex);
            m_worker = {started, compiled, nowMs()};
            return projection;
        };
    }
    std::array<double, 3> worker() const
    {
        const std::lock_guard lock(m_mutex);
        return m_worker;
    }

private:
    QElapsedTimer m_clock;
    mutable std::mutex m_mutex;
    std::array<double, 3> m_worker{};
};

} // namespace

class BenchWhatifEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void openThenEdit();

private:
    // Runs `edit`; returns its stages until the page has shown and painted the projection of the new scenario.
    EditStages timeEdit(WhatIfPage& page, const std::function<void()>& edit);
    void report(const char* what, const QList<EditStages>& edits) const;

    QString m_db;
    QTemporaryDir m_settings;
    TimedReplay m_replay;
};

void BenchWhatifEditor::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QString why;
    m_db = bench::benchMonth(&why);
    QVERIFY2(!m_db.isEmpty(), qPrintable(why));
}

EditStages BenchWhatifEditor::timeEdit(WhatIfPage& page, const std::function<void()>& edit)
{
    // The window's runner (the page's pinned scenarios have their own).
    auto* runner = page.window()->findChild<services::ReplayRunner*>(QString(), Qt::FindDirectChildrenOnly);
    EditStages s;
    // runningChanged(false) comes just before projectionReady: the result has reached the UI thread.
    const auto delivered = connect(runner, &services::ReplayRunner::runningChanged, this,
                                   [&](bool running) { s.delivered = running ? s.delivered : m_replay.nowMs(); });
    QSignalSpy shown(runner, &services::ReplayRunner::projectionReady); // connected after the page: runs after it
    m_replay.start();
    edit();
    s.handled = m_replay.nowMs();
    while (!(page.requestedScenario() == page.scenarioPanel()->scenario() && !runner->isRunning()
             && !shown.isEmpty())) {
        if (!shown.wait(10'000))
            break;
    }
    s.shown = m_replay.nowMs();
    QCoreApplication::processEvents(); // the paint the page's update asked for
    s.painted = m_replay.nowMs();
    disconnect(delivered);
    const auto [started, compiled, replayed] = m_replay.worker();
    s.started = started;
    s.compiled = compiled;
    s.replayed = replayed;
    return s;
}

void BenchWhatifEditor::report(const char* what, const QList<EditStages>& edits) const
{
    QList<double> total, handled;
    std::array<QList<double>, kStageCount> stages;
    for (const EditStages& e : edits) {
        total << e.painted;
        handled << e.handled;
        const auto l = lengths(e);
        for (int k = 0; k < kStageCount; ++k)
            stages[std::size_t(k)] << l[std::size_t(k)];
    }
    QString line = QStringLiteral("%1 median %2 ms, max %3 ms (%4 edits); medians:")
                       .arg(QString::fromLatin1(what), -28)
                       .arg(median(total), 6, 'f', 1)
                       .arg(*std::max_element(total.begin(), total.end()), 6, 'f', 1)
                       .arg(edits.size(), 2);
    for (int k = 0; k < kStageCount; ++k)
        line += QStringLiteral(" %1 %2").arg(QString::fromLatin1(kStageNames[k])).arg(median(stages[std::size_t(k)]), 0, 'f', 1);
    line += QStringLiteral(" (edit slots %1)").arg(median(handled), 0, 'f', 1);
    qInfo("%s", qPrintable(line));
}

void BenchWhatifEditor::openThenEdit()
{
    Watchdog watchdog;
    MainWindow window;
    window.pages()->setCurrentWidget(window.whatIfPage()); // the page the user edits: its charts are drawn
    window.show();
    WhatIfPage& page = *window.whatIfPage();
    QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
    auto* runner = window.findChild<services::ReplayRunner*>(QString(), Qt::FindDirectChildrenOnly);
    runner->setReplayFunction(m_replay.function());
    QSignalSpy snapshot(window.storeService(), &services::StoreService::snapshotReady);
    QSignalSpy projection(runner, &services::ReplayRunner::projectionReady);
    watchdog.start();
    QElapsedTimer clock;
    clock.start();
    window.openStore(m_db);
    QVERIFY(snapshot.wait(120'000));
    const double loadedMs = double(clock.nsecsElapsed()) / 1e6;
    QVERIFY(projection.wait(60'000));
    const double firstReplayMs = double(clock.nsecsElapsed()) / 1e6 - loadedMs;
    const double openStallMs = watchdog.longestMs();
    const double openBusyMs = watchdog.longestBusyMs();

    watchdog.start();
    QList<EditStages> knob, add, words, tokens, move, tier, undo;
    const std::int64_t ttls[] = {3600, 604800, 60, 86400};
    const QString newWords[] = {QStringLiteral("report"), QStringLiteral("email"), QStringLiteral("table")};
    auto* rules = page.findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    for (int round = 0; round < 3; ++round) {
        QTRY_COMPARE(rules->topLevelItemCount(), 5); // each round starts from the preset's rules
        for (const std::int64_t ttl : ttls)
            knob << timeEdit(page, [&] { page.scenarioPanel()->setTtlSeconds(ttl); });
        // A new rule below rule `round`: every round's routers differ, so none is memoized from an earlier round.
        rules->setCurrentItem(rules->topLevelItem(round));
        add << timeEdit(page, [&] { page.findChild<QPushButton*>(QStringLiteral("addRuleButton"))->click(); });
        QTRY_COMPARE(rules->topLevelItemCount(), 6);
        QTRY_COMPARE(rules->currentIndex().row(), round + 1); // the new rule, shown in the rule form
        auto* contains = page.findChild<QLineEdit*>(QStringLiteral("rulePromptContains"));
        words << timeEdit(page, [&] {
            contains->setText(newWords[round]);
            Q_EMIT contains->textEdited(contains->text());
        });
        auto* atLeast = page.findChild<QSpinBox*>(QStringLiteral("ruleInputAtLeast"));
        tokens << timeEdit(page, [&] { atLeast->setValue(1000 + 500 * round); });
        move << timeEdit(page, [&] { page.findChild<QPushButton*>(QStringLiteral("moveRuleUpButton"))->click(); });
        QTRY_VERIFY(page.findChild<TierTable*>()->modelPicker(QStringLiteral("trivial")));
        QComboBox* picker = page.findChild<TierTable*>()->modelPicker(QStringLiteral("trivial"));
        const int model = picker->findData(round % 2 ? QStringLiteral("gpt-4o-mini") : QStringLiteral("deepseek-v4-flash"));
        tier << timeEdit(page, [&] { Q_EMIT picker->activated(model); });
        QUndoStack* stack = page.scenarioPanel()->editor()->undoStack();
        for (int i = 0; i < 5; ++i) // the tier, the move, both conditions and the rule
            undo << timeEdit(page, [&] { stack->undo(); });
    }
    const double editStallMs = watchdog.longestMs();
    const double editBusyMs = watchdog.longestBusyMs();
    qInfo("month: %s calls", qPrintable(QString::number(page.projectionPanel()->shownProjection().calls)));
    qInfo("%-44s %8.1f ms", "open: snapshot loaded (store thread)", loadedMs);
    qInfo("%-44s %8.1f ms   (target 150)", "first replay after the load, to charts", firstReplayMs);
    qInfo("%-44s %8.1f ms   (target 50; UI thread busy %.1f ms)", "longest UI stall while opening", openStallMs, openBusyMs);
    qInfo("edit -> painted charts (target 100 ms), then the median of each stage:");
    report("TTL knob", knob);
    report("add a rule", add);
    report("condition: prompt words", words);
    report("condition: input tokens", tokens);
    report("move a rule up", move);
    report("tier model", tier);
    report("undo", undo);
    qInfo("%-44s %8.1f ms   (target 50; UI thread busy %.1f ms)", "longest UI stall while editing", editStallMs, editBusyMs);
    QVERIFY2(openStallMs <= 50, "the UI thread stalled over 50 ms while the month opened");
    QVERIFY2(editStallMs <= 50 * 4, "the UI thread stalled for a long time while editing"); // a shared machine: 4x
}

QTEST_MAIN(BenchWhatifEditor)
#include "tst_whatif_editor_bench.moc"
