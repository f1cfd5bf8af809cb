// Near mode is bounded whatever the prompts look like (issue 9, case 9): on a month of templated prompts over a
// 15-word vocabulary the neighbour index reads at most maxCandidates candidates per word set and keeps at most
// maxNeighbours, says where a cap cut (in the Projection and in `whatif --json`), and a replay can be cancelled.
// The bounds are checked as counts, not as wall time; tests/bench/tst_near_bench.cpp measures the time.
#include "CliRunner.h"
#include "TemplatedMonth.h"
#include "TestFiles.h"
#include "whatif/NearIndex.h"
#include "whatif/ProjectionJson.h"
#include "model/Prompt.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <future>

using namespace costdash;
using namespace costdash::whatif;

class TestNearBound : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void capsBoundTheJoin();
    void replayCountsCappedLookups();
    void scopeModelSharesTheBound();
    void smallCapsKeepTheMostSimilar();
    void longPromptsStayBounded();
    void cancelledReplayReturnsNothingAndMemoizesNothing();
    void cancelStopsARunningNearReplay();
    void cliReportsCappedLookups();

private:
    std::shared_ptr<const Snapshot> m_month;
};

namespace {

constexpr std::int64_t kCalls = 20'000;

Scenario nearScenario(CacheScope scope = CacheScope::Global)
{
    Scenario s;
    s.name = QStringLiteral("near");
    s.cache.mode = CacheMode::Near;
    s.cache.ttlSeconds = 86'400;
    s.cache.similarity = 0.8;
    s.cache.scope = scope;
    return s;
}

} // namespace

void TestNearBound::initTestCase()
{
    m_month = buildSnapshot(test::templatedColumns(kCalls), pricing::PriceCatalog::bundled());
    QCOMPARE(m_month->size(), std::size_t(kCalls));
    QVERIFY(m_month->distinctKeys() > std::size_t(kCalls) * 9 / 10); // nearly every prompt is new
}

void TestNearBound::capsBoundTheJoin()
{
    const NearIndex::Limits limits;
    const NearIndex index(m_month->data().keyText, 800'000, limits);
    // Keys with the same words in another order are one set: far fewer sets than keys.
    QVERIFY(index.setCount() > 0);
    QVERIFY(index.setCount() < m_month->distinctKeys());
    std::size_t keys = 0;
    for (std::size_t s = 0; s < index.setCount(); ++s) {
        keys += index.keysOf(std::int32_t(s)).size();
        QVERIFY(index.neighbours(std::int32_t(s)).size() <= limits.maxNeighbours);
    }
    QCOMPARE(keys, m_month->distinctKeys()); // no numbers: every key has a set
    // The work per set is capped, and on this month the cap is reached and cuts: the index says so.
    QCOMPARE(index.maxCandidatesRead(), limits.maxCandidates);
    QVERIFY(index.candidatesRead() <= index.setCount() * limits.maxCandidates);
    QVERIFY(index.pairCount() <= index.setCount() * limits.maxNeighbours);
    QVERIFY(index.cappedSets() > 0);
    QVERIFY(index.cappedSets() <= index.setCount());
}

void TestNearBound::replayCountsCappedLookups()
{
    const Projection p = replay(*m_month, nearScenario());
    const Projection exact = [&] {
        Scenario s = nearScenario();
        s.cache.mode = CacheMode::Exact;
        return replay(*m_month, s);
    }();
    QVERIFY(p.nearHits > 0);
    QVERIFY(p.cacheHits > exact.cacheHits);
    QVERIFY(p.nearCappedCalls > 0);
    QVERIFY(p.nearCappedCalls <= p.calls - p.cacheHits); // only misses are counted
    QCOMPARE(projectionToJson(p).value(QStringLiteral("near_capped_calls")).toInteger(), p.nearCappedCalls);
    QCOMPARE(replay(*m_month, nearScenario()).nearHits, p.nearHits); // deterministic
}

void TestNearBound::scopeModelSharesTheBound()
{
    const Projection global = replay(*m_month, nearScenario());
    const Projection byModel = replay(*m_month, nearScenario(CacheScope::Model));
    QVERIFY(byModel.nearHits > 0);
    QVERIFY(byModel.cacheHits < global.cacheHits); // three models: entries are not shared across them
    QVERIFY(byModel.nearCappedCalls > 0);
}

void TestNearBound::smallCapsKeepTheMostSimilar()
{
    // One guard group (no numbers, no negations); word sets of sizes 4 and 5.
    const QStringList keys = {QStringLiteral("alpha beta gamma delta"), QStringLiteral("alpha beta gamma delta epsilon"),
                              QStringLiteral("alpha beta gamma delta zeta"), QStringLiteral("delta gamma beta alpha"),
                              QStringLiteral("alpha beta gamma eta")};
    const NearIndex complete(keys, 500'000);
    QCOMPARE(complete.cappedSets(), std::size_t(0));
    QCOMPARE(complete.setOf(0), complete.setOf(3)); // the same words
    const std::int32_t abcd = complete.setOf(0);
    QCOMPARE(complete.neighbours(abcd).size(), std::size_t(3)); // 4/5, 4/5 and 3/5
    // One neighbour kept: the most similar (4/5), not 3/5; the set is marked capped.
    const NearIndex oneNeighbour(keys, 500'000, {.maxCandidates = 256, .maxNeighbours = 1});
    const auto kept = oneNeighbour.neighbours(oneNeighbour.setOf(0));
    QCOMPARE(kept.size(), std::size_t(1));
    QCOMPARE(kept[0].shared * 5, kept[0].total * 4);
    QVERIFY(oneNeighbour.capped(oneNeighbour.setOf(0)));
    // One candidate read per set: the work is capped; a set not marked capped has all its neighbours.
    const NearIndex oneCandidate(keys, 500'000, {.maxCandidates = 1, .maxNeighbours = 16});
    QVERIFY(oneCandidate.maxCandidatesRead() <= 1);
    QVERIFY(oneCandidate.cappedSets() > 0);
    for (std::size_t s = 0; s < oneCandidate.setCount(); ++s) {
        QVERIFY(oneCandidate.neighbours(std::int32_t(s)).size() <= 1);
        if (!oneCandidate.capped(std::int32_t(s)))
            QCOMPARE(oneCandidate.neighbours(std::int32_t(s)).size(), complete.neighbours(std::int32_t(s)).size());
    }
}

void TestNearBound::longPromptsStayBounded()
{
    // 300 documents of 1,200 words drawn from 1,500 (many size classes, long prefixes): the reads per set stay
    // capped and the sets whose lookups were cut say so.
    test::TemplatedMonth rng(3);
    QStringList keys;
    for (int k = 0; k < 300; ++k) {
        QString text = QStringLiteral("summarize this document");
        const int words = 1'000 + int(rng.next(k, 300).prompt.size() % 400);
        for (int w = 0; w < words; ++w) { // letters only: a word holding a digit would be a number
            const int id = (k * 7919 + w * 104'729) % 1'500;
            text += QStringLiteral(" w") + QChar(u'a' + id % 26) + QChar(u'a' + id / 26 % 26) + QChar(u'a' + id / 676);
        }
        keys.append(text);
    }
    const NearIndex index(keys, 500'000);
    QVERIFY(index.maxCandidatesRead() <= NearLimits{}.maxCandidates);
    for (std::size_t s = 0; s < index.setCount(); ++s)
        QVERIFY(index.neighbours(std::int32_t(s)).size() <= NearLimits{}.maxNeighbours);
    QVERIFY(index.setCount() == 300);
    QVERIFY(index.pairCount() > 0);
}

void TestNearBound::cancelledReplayReturnsNothingAndMemoizesNothing()
{
    const auto month = buildSnapshot(test::templatedColumns(2'000), pricing::PriceCatalog::bundled());
    const std::atomic<bool> cancelled{true};
    QVERIFY(!replay(*month, nearScenario(), cancelled));
    Scenario exact = nearScenario();
    exact.cache.mode = CacheMode::Exact;
    QVERIFY(!replay(*month, exact, cancelled));
    // The cancelled build left no half index behind: a full replay equals one on a fresh snapshot.
    const Projection after = replay(*month, nearScenario());
    const auto fresh = buildSnapshot(test::templatedColumns(2'000), pricing::PriceCatalog::bundled());
    const Projection expected = replay(*fresh, nearScenario());
    QCOMPARE(after.cacheHits, expected.cacheHits);
    QCOMPARE(after.nearHits, expected.nearHits);
    QCOMPARE(after.projected, expected.projected);
    const std::atomic<bool> running{false};
    QCOMPARE(replay(*month, nearScenario(), running)->projected, expected.projected);
}

void TestNearBound::cancelStopsARunningNearReplay()
{
    const auto month = buildSnapshot(test::templatedColumns(kCalls), pricing::PriceCatalog::bundled());
    std::atomic<bool> cancel{false};
    auto future = std::async(std::launch::async, [&] { return replay(*month, nearScenario(), cancel); });
    QTest::qWait(5);
    QElapsedTimer timer;
    timer.start();
    cancel = true;
    future.wait();
    QVERIFY2(timer.elapsed() < 1'000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!future.get()); // stopped, or never started: no projection either way
}

void TestNearBound::cliReportsCappedLookups()
{
    QTemporaryDir dir;
    const QString csv = testing::writeFile(dir, QStringLiteral("templated.csv"), test::templatedCsv(kCalls));
    const QString db = dir.filePath(QStringLiteral("month.db"));
    const testing::CliResult imported = testing::runCli({QStringLiteral("import"), csv, QStringLiteral("--db"), db});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QString scenario = testing::writeFile(dir, QStringLiteral("near.json"), toJson(nearScenario()));
    const testing::CliResult r = testing::runCli(
        {QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), scenario, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(json.value(QStringLiteral("calls")).toInteger(), kCalls);
    QCOMPARE(json.value(QStringLiteral("near_capped_calls")).toInteger(), replay(*m_month, nearScenario()).nearCappedCalls);
    QVERIFY(json.value(QStringLiteral("near_capped_calls")).toInteger() > 0);
    const testing::CliResult text = testing::runCli(
        {QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), scenario});
    QVERIFY(text.out.contains("candidates capped"));
}

QTEST_GUILESS_MAIN(TestNearBound)
#include "tst_near_bound.moc"
