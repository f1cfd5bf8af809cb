// The router's compilation after each kind of rule or tier edit (issue 12), engine only: on the benchmarks' month
// (BenchMonth.h), the tiered-router preset edited as the What-if page edits it, each edit compiled with
// compileRouter() after the preset, as the window compiles it (the snapshot's memo of compiled routers is
// bypassed; its memo of rule conditions is not). Prints medians of wall and process CPU time per kind of edit; asserts nothing about time (CTest label
// `bench`). Run it from the release build.
#include "BenchMonth.h"
#include "store/CallStore.h"
#include "whatif/CompiledRouter.h"
#include "whatif/Replay.h"
#include "whatif/RouterEdits.h"
#include "whatif/Snapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <algorithm>
#include <ctime>
#include <functional>

using namespace costdash;
using namespace costdash::whatif;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

} // namespace

class BenchRouterCompile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void editsToCompiledRouter();

private:
    // Compiles the router `edit(round)` gives, for 9 rounds; prints the medians.
    void timeEdits(const char* what, const std::function<Router(int round)>& edit);

    std::shared_ptr<const Snapshot> m_snapshot;
    Router m_tiered;
    std::shared_ptr<const CompiledRouter> m_before; // the preset's, the router before each edit
};

void BenchRouterCompile::initTestCase()
{
    QString why;
    const QString db = bench::benchMonth(&why);
    QVERIFY2(!db.isEmpty(), qPrintable(why));
    auto store = store::CallStore::open(db, &why);
    QVERIFY2(store, qPrintable(why));
    m_snapshot = loadSnapshot(*store, store->catalog(), &why);
    QVERIFY2(m_snapshot, qPrintable(why));
    QFile preset(QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/tiered-router.json"));
    QVERIFY(preset.open(QIODevice::ReadOnly));
    const auto tiered = parseScenario(preset.readAll(), m_snapshot->catalog(), &why);
    QVERIFY2(tiered && tiered->router, qPrintable(why));
    m_tiered = *tiered->router;
}

void BenchRouterCompile::timeEdits(const char* what, const std::function<Router(int round)>& edit)
{
    QList<double> wall, cpu;
    for (int round = 0; round < 9; ++round) {
        const Router router = edit(round);
        const double cpuBefore = cpuMs();
        QElapsedTimer clock;
        clock.start();
        const CompiledRouter compiled = compileRouter(*m_snapshot, router, m_before.get());
        wall << double(clock.nsecsElapsed()) / 1e6;
        cpu << cpuMs() - cpuBefore;
        QVERIFY(compiled.cost.size() == m_snapshot->size());
    }
    qInfo("%-40s median %6.1f ms wall, %6.1f ms CPU (9 edits; max %.1f ms wall)", what, median(wall), median(cpu),
          *std::max_element(wall.begin(), wall.end()));
}

void BenchRouterCompile::editsToCompiledRouter()
{
    qInfo("%zu calls", m_snapshot->size());
    timeEdits("the preset, first compilation", [&](int) { return m_tiered; });
    m_before = m_snapshot->compiledRouter(m_tiered);
    timeEdits("add a rule (matches every call)", [&](int round) { return *edits::addRule(m_tiered, round % 5); });
    const auto withRule = [&](const std::function<void(RuleCondition&)>& change) {
        Router r = *edits::addRule(m_tiered, 1);
        change(r.rules[1].when);
        return r;
    };
    timeEdits("condition: input tokens (a new bound)", [&](int round) {
        return withRule([round](RuleCondition& c) { c.inputTokensAtLeast = 1000 + 100 * round; });
    });
    timeEdits("condition: prompt words (a new word)", [&](int round) {
        return withRule([round](RuleCondition& c) { c.promptContains = {QStringLiteral("word%1").arg(round)}; });
    });
    timeEdits("move a rule", [&](int round) { return *edits::moveRule(m_tiered, round % 5, (round + 2) % 5); });
    timeEdits("enable / disable a rule", [&](int round) {
        Router r = m_tiered;
        r.rules[round % 5].enabled = false;
        return r;
    });
    const QStringList models = {QStringLiteral("gpt-4o-mini"), QStringLiteral("deepseek-v4-flash"), QStringLiteral("gpt-4o")};
    timeEdits("tier model", [&](int round) {
        return *edits::setTierModel(m_tiered, m_tiered.tiers.keys().at(round % 4), models.at(round % 3));
    });
}

QTEST_MAIN(BenchRouterCompile)
#include "tst_router_compile_bench.moc"
