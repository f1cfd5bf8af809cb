// Property tests on random months (seeded): the engine agrees in every figure with a literal, slow reference
// implementation of the README rules; an empty scenario projects the baseline; the levers add up; the
// near-duplicate index finds exactly the pairs a brute-force comparison finds.
#include "model/Prompt.h"
#include "whatif/CompiledRouter.h"
#include "whatif/NearIndex.h"
#include "whatif/Replay.h"
#include "whatif/RouterEdits.h"
#include "whatif/Snapshot.h"
#include "whatif_fixtures.h"

#include <QRegularExpression>
#include <QTest>
#include <map>
#include <random>

class TestReplayProperty : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyScenarioIsTheBaseline();
    void engineMatchesReference();
    void editedRoutersCompileAsFresh();
    void nearIndexMatchesBruteForce();
    void nearIndexMatchesBruteForceOnUnicodeAndUniqueNumbers();
};

using namespace costdash;
using namespace costdash::whatif;
using namespace costdash::whatif::test;

namespace {

using Rng = std::mt19937_64;

template<typename T>
const T& pick(Rng& rng, const QList<T>& list)
{
    return list.at(qsizetype(rng() % std::uint64_t(list.size())));
}

std::int64_t between(Rng& rng, std::int64_t lo, std::int64_t hi)
{
    return lo + std::int64_t(rng() % std::uint64_t(hi - lo + 1));
}

const QStringList kModels = {QStringLiteral("big"), QStringLiteral("small"), QStringLiteral("half"),
                             QStringLiteral("late"), QStringLiteral("mystery"), QStringLiteral("BIG"),
                             QStringLiteral("test/small")};
const QStringList kTasks = {QString(), QStringLiteral("qa"), QStringLiteral("code"), QStringLiteral("summarization")};
const QStringList kWords = {QStringLiteral("turn"),  QStringLiteral("on"),     QStringLiteral("off"),
                            QStringLiteral("the"),   QStringLiteral("alarm"),  QStringLiteral("summarize"),
                            QStringLiteral("order"), QStringLiteral("12"),     QStringLiteral("13"),
                            QStringLiteral("not"),   QStringLiteral("please"), QStringLiteral("Classify"),
                            QStringLiteral("debug"), QStringLiteral("code"),   QStringLiteral("text")};

// Unicode words (letters outside ASCII, a typographic apostrophe, non-ASCII digits, a letter outside the BMP) and
// numbers: the UTF-8 tokenizer must split and guard them exactly like the QString reference.
const QStringList kUnicodeWords = {QStringLiteral("école"),  QStringLiteral("ÉCOLE"),    QStringLiteral("don\u2019t"),
                                   QStringLiteral("can't"),  QStringLiteral("naïve"),    QStringLiteral("\u0661\u0662"),
                                   QStringLiteral("x²"),     QStringLiteral("\U0001D518nicode"), QStringLiteral("it's"),
                                   QStringLiteral("'quoted'"), QStringLiteral("#4411"),  QStringLiteral("ref-77"),
                                   QStringLiteral("the"),    QStringLiteral("alarm"),    QStringLiteral("on"),
                                   QStringLiteral("off"),    QStringLiteral("straße"),   QStringLiteral("İstanbul")};

QString randomPrompt(Rng& rng, const QStringList& words = kWords)
{
    if (rng() % 8 == 0)
        return rng() % 2 ? QString() : QStringLiteral("  ");
    QString p;
    const auto n = between(rng, 1, 5);
    for (std::int64_t w = 0; w < n; ++w)
        p += (w ? (rng() % 5 ? QStringLiteral(" ") : QStringLiteral("\t ")) : QString()) + pick(rng, words);
    return rng() % 4 ? p : p.toUpper();
}

std::vector<Row> randomMonth(Rng& rng, int calls)
{
    std::vector<Row> rows;
    QStringList prompts;
    for (int i = 0; i < 40; ++i)
        prompts.append(randomPrompt(rng));
    for (int i = 0; i < calls; ++i) {
        const std::int64_t input = between(rng, 0, 300);
        Row r(between(rng, 0, 3'000) * 1'000 + (rng() % 3 ? 0 : between(rng, 0, 999)), pick(rng, kModels),
              pick(rng, kTasks), pick(rng, prompts), input, between(rng, 0, 300));
        if (rng() % 2)
            r.logged = between(rng, 0, 900'000);
        r.success = rng() % 10 != 0;
        r.cached = between(rng, 0, input);
        rows.push_back(r);
    }
    return rows;
}

const QStringList kTargets = {QStringLiteral("big"), QStringLiteral("small"), QStringLiteral("half"),
                               QStringLiteral("late"), kOriginalModel};

RuleCondition randomCondition(Rng& rng)
{
    RuleCondition c;
    if (rng() % 3 == 0)
        c.taskTypes = QStringList{pick(rng, kTasks)};
    if (rng() % 4 == 0)
        c.models = QStringList{pick(rng, kModels)};
    if (rng() % 2)
        c.promptContains = QStringList{pick(rng, kWords).toLower(), pick(rng, kWords)};
    if (rng() % 5 == 0)
        c.promptMatches = QStringLiteral("^(turn|order)\\s+\\w+");
    if (rng() % 3 == 0)
        c.inputTokensAtLeast = between(rng, 0, 300);
    if (rng() % 3 == 0)
        c.inputTokensBelow = between(rng, 0, 300);
    return c;
}

Scenario randomScenario(Rng& rng)
{
    Scenario s;
    if (rng() % 4) {
        Router r;
        const QStringList tierNames = {QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2")};
        for (const QString& t : tierNames)
            r.tiers.insert(t, pick(rng, kTargets));
        r.defaultTier = pick(rng, tierNames);
        for (std::int64_t k = between(rng, 0, 4); k > 0; --k) {
            const RuleCondition c = randomCondition(rng);
            r.rules.append({c, pick(rng, tierNames)});
        }
        s.router = r;
    }
    s.cache.mode = CacheMode(rng() % 3);
    s.cache.ttlSeconds = QList<std::int64_t>{0, 1, 5, 60, 600}.at(qsizetype(rng() % 5));
    s.cache.scope = rng() % 2 ? CacheScope::Model : CacheScope::Global;
    s.cache.similarity = QList<double>{0.3, 0.5, 0.7, 0.9, 1.0}.at(qsizetype(rng() % 5));
    if (rng() % 2)
        s.batch.taskTypes = QStringList{pick(rng, kTasks)};
    s.batch.discountPpm = QList<std::int64_t>{0, 333'333, 500'000, 1'000'000}.at(qsizetype(rng() % 4));
    return s;
}

// One edit the What-if page's editor offers, at random; nullopt when the editor refuses it.
std::optional<Router> randomEdit(Rng& rng, const Router& r)
{
    const qsizetype rules = r.rules.size();
    const qsizetype at = rules ? qsizetype(rng() % std::uint64_t(rules)) : 0;
    const QStringList tiers = r.tiers.keys();
    RouterRule rule = rules ? r.rules.at(at) : RouterRule{};
    switch (rng() % 9) {
    case 0:
        return edits::addRule(r, at);
    case 1:
        return edits::duplicateRule(r, at);
    case 2:
        return edits::removeRule(r, at);
    case 3:
        return edits::moveRule(r, at, rules ? qsizetype(rng() % std::uint64_t(rules)) : 0);
    case 4:
        rule.when = randomCondition(rng);
        return edits::setRule(r, at, rule);
    case 5:
        rule.enabled = !rule.enabled;
        return edits::setRule(r, at, rule);
    case 6:
        rule.tier = pick(rng, tiers);
        return edits::setRule(r, at, rule);
    case 7:
        return edits::setTierModel(r, pick(rng, tiers), pick(rng, kTargets));
    default:
        return rng() % 2 ? edits::setDefaultTier(r, pick(rng, tiers))
                         : edits::renameTier(r, pick(rng, tiers), QStringLiteral("t%1").arg(rng() % 5));
    }
}

// Every field a replay reads.
void compareCompiled(const CompiledRouter& a, const CompiledRouter& b)
{
    QCOMPARE(a.tierNames, b.tierNames);
    QVERIFY(a.tierTarget == b.tierTarget && a.ruleTier == b.ruleTier && a.defaultTier == b.defaultTier);
    QVERIFY(a.cost == b.cost);
    QVERIFY(a.display == b.display);
    QVERIFY(a.outcome == b.outcome);
    QCOMPARE(a.sumsFit, b.sumsFit);
    QVERIFY(a.ifAllMiss == b.ifAllMiss);
    QVERIFY(a.moveCandidates == b.moveCandidates);
    QVERIFY(a.buckets == b.buckets);
    QVERIFY(a.bucket == b.bucket);
}

// ---- The reference: the README rules written as plainly as possible, with maps and string keys. ----

struct Reference {
    Projection p;
    std::map<QString, std::pair<std::int64_t, money::Nanos>> byModel;
    std::map<QString, BaselineVsProjected> byTask, byDay;
    std::map<std::pair<QString, QString>, Move> moves; // calls, savings and the first kMoveSamples samples
};

QString display(const pricing::PriceCatalog& catalog, const QString& model)
{
    return catalog.resolve(model).value_or(model);
}

bool matches(const pricing::PriceCatalog& catalog, const RuleCondition& c, const Row& r)
{
    const QString norm = normalizePrompt(r.prompt);
    if (!c.taskTypes.isEmpty() && !c.taskTypes.contains(r.task))
        return false;
    bool modelOk = c.models.isEmpty();
    for (const QString& m : c.models)
        modelOk = modelOk || m.compare(r.model, Qt::CaseInsensitive) == 0
            || (catalog.resolve(m) && catalog.resolve(m) == catalog.resolve(r.model));
    if (!modelOk)
        return false;
    bool textOk = c.promptContains.isEmpty();
    for (const QString& k : c.promptContains)
        textOk = textOk || (!norm.isEmpty() && norm.contains(normalizePrompt(k)));
    if (!textOk)
        return false;
    if (!c.promptMatches.isEmpty()
        && (norm.isEmpty()
            || !QRegularExpression(c.promptMatches, QRegularExpression::CaseInsensitiveOption).match(r.prompt).hasMatch()))
        return false;
    return (!c.inputTokensAtLeast || r.input >= *c.inputTokensAtLeast) && (!c.inputTokensBelow || r.input < *c.inputTokensBelow);
}

Reference referenceReplay(const std::vector<Row>& rows, const Scenario& s, const pricing::PriceCatalog& catalog)
{
    Reference ref;
    if (s.router) {
        ref.p.ruleCalls.resize(s.router->rules.size() + 1);
        ref.p.ruleSavings.resize(s.router->rules.size() + 1);
    }
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a].t < rows[b].t; });
    struct Entry { QString norm; QString model; timeutil::Millis created; };
    std::map<QString, Entry> entries;
    const std::int64_t ttl = s.cache.ttlSeconds * 1000;
    const bool byModel = s.cache.scope == CacheScope::Model;
    for (const std::size_t i : order) {
        const Row& r = rows[i];
        const pricing::TokenCounts tokens{r.input, r.cached, 0, r.output};
        const std::optional<money::Nanos> priced = r.logged ? r.logged : catalog.cost(r.model, r.t, tokens);
        const money::Nanos base = priced.value_or(0);
        ref.p.unpricedCalls += priced ? 0 : 1;
        ref.p.baseline += base;
        ++ref.p.calls;
        const QString norm = normalizePrompt(r.prompt);
        const QString key = norm + (byModel ? QStringLiteral("\x1f") + r.model : QString());
        const bool lookup = s.cache.mode != CacheMode::Off && !norm.isEmpty();
        bool hit = lookup && entries.count(key) && r.t - entries[key].created < ttl;
        bool nearHit = false;
        for (const auto& [k, e] : entries) {
            if (lookup && !hit && s.cache.mode == CacheMode::Near && r.t - e.created < ttl
                && (!byModel || e.model == r.model) && nearMatch(norm, e.norm, NearIndex::effectivePpm(fractionToPpm(s.cache.similarity))))
                hit = nearHit = true;
        }
        money::Nanos final = base;
        QString model = display(catalog, r.model);
        if (hit) {
            ++ref.p.cacheHits;
            ref.p.nearHits += nearHit ? 1 : 0;
            ref.p.cacheSavings += base;
            final = 0;
            model = kCacheHitModel;
        } else if (r.success) {
            if (lookup)
                entries[key] = {norm, r.model, r.t};
            if (s.router) {
                QString tier = s.router->defaultTier;
                qsizetype ruleIndex = s.router->rules.size(); // the default rule comes last
                for (qsizetype k = 0; k < s.router->rules.size(); ++k) {
                    const RouterRule& rule = s.router->rules.at(k);
                    if (rule.enabled && matches(catalog, rule.when, r)) { // a disabled rule matches no call
                        tier = rule.tier;
                        ruleIndex = k;
                        break;
                    }
                }
                ++ref.p.tiers[tier];
                ++ref.p.ruleCalls[ruleIndex];
                const QString target = s.router->tiers.value(tier);
                if (target != kOriginalModel && display(catalog, target) != model) {
                    if (const pricing::Price* price = catalog.priceAt(display(catalog, target), r.t)) {
                        final = priced ? pricing::callCost(*price, tokens) : 0;
                        ref.p.routingSavings += base - final;
                        ref.p.ruleSavings[ruleIndex] += base - final;
                        model = display(catalog, target);
                        Move& move = ref.moves[{r.task, model}];
                        ++move.calls;
                        move.savings += base - final;
                        if (move.samples.size() < kMoveSamples)
                            move.samples.append({r.prompt, base, final});
                    } else {
                        ++ref.p.unpricedRoutedCalls;
                    }
                }
            }
            if (s.batch.taskTypes.contains(r.task)) {
                const money::Nanos batched = money::applyDiscount(final, s.batch.discountPpm);
                ref.p.batchSavings += final - batched;
                final = batched;
            }
        }
        ref.p.projected += final;
        auto& m = ref.byModel[model];
        ++m.first;
        m.second += final;
        const QString taskKey = r.task.isEmpty() ? QStringLiteral("(none)") : r.task;
        const QString dayKey = timeutil::formatDay(timeutil::dayOf(r.t));
        for (auto* group : {&ref.byTask[taskKey], &ref.byDay[dayKey]}) {
            ++group->calls;
            group->baseline += base;
            group->projected += final;
        }
    }
    return ref;
}

void compare(const Projection& p, const Reference& ref)
{
    QCOMPARE(p.baseline, ref.p.baseline);
    QCOMPARE(p.projected, ref.p.projected);
    QCOMPARE(p.cacheSavings, ref.p.cacheSavings);
    QCOMPARE(p.routingSavings, ref.p.routingSavings);
    QCOMPARE(p.batchSavings, ref.p.batchSavings);
    QCOMPARE(p.cacheSavings + p.routingSavings + p.batchSavings, p.baseline - p.projected);
    QCOMPARE(p.calls, ref.p.calls);
    QCOMPARE(p.cacheHits, ref.p.cacheHits);
    QCOMPARE(p.nearHits, ref.p.nearHits);
    QCOMPARE(p.unpricedCalls, ref.p.unpricedCalls);
    QCOMPARE(p.unpricedRoutedCalls, ref.p.unpricedRoutedCalls);
    for (auto it = p.tiers.begin(); it != p.tiers.end(); ++it)
        QCOMPARE(it.value(), ref.p.tiers.value(it.key()));
    QCOMPARE(qsizetype(p.byModel.size()), qsizetype(ref.byModel.size()));
    for (const ModelCost& m : p.byModel) {
        QCOMPARE(m.calls, ref.byModel.at(m.model).first);
        QCOMPARE(m.cost, ref.byModel.at(m.model).second);
    }
    QCOMPARE(qsizetype(p.byTask.size()), qsizetype(ref.byTask.size()));
    for (const BaselineVsProjected& t : p.byTask) {
        QCOMPARE(t.calls, ref.byTask.at(t.key).calls);
        QCOMPARE(t.baseline, ref.byTask.at(t.key).baseline);
        QCOMPARE(t.projected, ref.byTask.at(t.key).projected);
    }
    QCOMPARE(qsizetype(p.byDay.size()), qsizetype(ref.byDay.size()));
    for (const BaselineVsProjected& d : p.byDay)
        QCOMPARE(d.projected, ref.byDay.at(d.key).projected);
    QCOMPARE(p.ruleCalls, ref.p.ruleCalls);
    QCOMPARE(p.ruleSavings, ref.p.ruleSavings);
    QCOMPARE(qsizetype(p.moves.size()), qsizetype(ref.moves.size()));
    for (const Move& m : p.moves) {
        const Move& expected = ref.moves.at({m.taskType, m.model});
        QCOMPARE(m.calls, expected.calls);
        QCOMPARE(m.savings, expected.savings);
        QCOMPARE(m.samples.size(), expected.samples.size());
        for (qsizetype k = 0; k < m.samples.size(); ++k) {
            QCOMPARE(m.samples[k].prompt, expected.samples[k].prompt);
            QCOMPARE(m.samples[k].logged, expected.samples[k].logged);
            QCOMPARE(m.samples[k].projected, expected.samples[k].projected);
        }
    }
}

} // namespace

void TestReplayProperty::emptyScenarioIsTheBaseline()
{
    Rng rng(7);
    for (int month = 0; month < 20; ++month) {
        const std::vector<Row> rows = randomMonth(rng, 300);
        const auto snapshot = buildSnapshot(columnsOf(rows), testCatalog());
        const Projection p = replay(*snapshot, Scenario{});
        QCOMPARE(p.projected, p.baseline);
        QCOMPARE(p.cacheSavings + p.routingSavings + p.batchSavings, 0);
        QCOMPARE(p.cacheHits, 0);
        QVERIFY(p.tiers.isEmpty());
        QVERIFY(p.moves.isEmpty());
        money::Nanos byModel = 0;
        for (const ModelCost& m : p.byModel)
            byModel += m.cost;
        QCOMPARE(byModel, p.baseline);
        for (const BaselineVsProjected& t : p.byTask)
            QCOMPARE(t.projected, t.baseline);
    }
}

void TestReplayProperty::engineMatchesReference()
{
    Rng rng(20261127);
    const pricing::PriceCatalog catalog = testCatalog();
    int nearHits = 0;
    int hits = 0;
    for (int month = 0; month < 30; ++month) {
        const std::vector<Row> rows = randomMonth(rng, 400);
        const auto snapshot = buildSnapshot(columnsOf(rows), catalog);
        for (int k = 0; k < 12; ++k) {
            const Scenario s = randomScenario(rng);
            const Projection p = replay(*snapshot, s);
            compare(p, referenceReplay(rows, s, catalog));
            if (QTest::currentTestFailed()) {
                qWarning("month %d scenario %d:\n%s", month, k, toJson(s).constData());
                return;
            }
            hits += int(p.cacheHits);
            nearHits += int(p.nearHits);
        }
    }
    QVERIFY2(hits > 1000 && nearHits > 50, "the random months must exercise the cache"); // guards the generator
}

void TestReplayProperty::editedRoutersCompileAsFresh()
{
    // The window compiles each edit's router on the same snapshot, reusing the conditions it evaluated for earlier
    // routers: after any sequence of edits, that must be what a fresh snapshot compiles (here in ranges of 64
    // calls, several per month), and the replay must still match the reference.
    Rng rng(20261129);
    const pricing::PriceCatalog catalog = testCatalog();
    int applied = 0;
    std::int64_t movedCalls = 0;
    for (int month = 0; month < 8; ++month) {
        const std::vector<Row> rows = randomMonth(rng, 400);
        const auto snapshot = buildSnapshot(columnsOf(rows), catalog);
        Scenario s;
        while (!s.router)
            s = randomScenario(rng);
        for (int step = 0; step < 20; ++step) {
            if (const auto edited = randomEdit(rng, *s.router)) {
                s.router = *edited;
                ++applied;
            }
            const auto fresh = buildSnapshot(columnsOf(rows), catalog);
            const auto compiled = snapshot->compiledRouter(*s.router);
            compareCompiled(*compiled, compileRouter(*fresh, *s.router, nullptr, 64));
            compare(replay(*snapshot, s), referenceReplay(rows, s, catalog));
            if (QTest::currentTestFailed()) {
                qWarning("month %d step %d:\n%s", month, step, toJson(s).constData());
                return;
            }
            for (const std::int64_t calls : compiled->ifAllMiss.moveCalls)
                movedCalls += calls;
        }
    }
    QVERIFY2(applied > 100 && movedCalls > 10'000, "the edits must change the routers and move calls"); // the generator
}

namespace {

// The keys the index offers key `a`: the other keys of its word set and the keys of the neighbouring sets.
QList<std::int32_t> nearKeys(const NearIndex& index, std::int32_t a)
{
    QList<std::int32_t> found;
    const std::int32_t set = index.setOf(a);
    if (set < 0)
        return found;
    for (const std::int32_t k : index.keysOf(set))
        found.append(k);
    for (const NearIndex::Neighbour& n : index.neighbours(set)) {
        for (const std::int32_t k : index.keysOf(n.set))
            found.append(k);
    }
    found.removeOne(a);
    std::sort(found.begin(), found.end());
    return found;
}

// Every key's neighbours in the index are exactly the keys nearMatch() accepts, at several thresholds, when no cap
// cuts; with the default caps, a set not marked capped is exact and a capped one offers only true neighbours.
void checkNearIndexAgainstBruteForce(const QStringList& keys)
{
    const NearIndex::Limits unbounded{std::size_t(1) << 30, std::size_t(keys.size())};
    for (const std::int64_t ppm : {300'000, 500'000, 800'000, 1'000'000}) {
        for (const bool capped : {false, true}) {
            const NearIndex index(keys, ppm, capped ? NearIndex::Limits{} : unbounded);
            if (!capped)
                QCOMPARE(index.cappedSets(), std::size_t(0));
            std::size_t pairs = 0;
            for (qsizetype a = 0; a < keys.size(); ++a) {
                QList<std::int32_t> expected;
                for (qsizetype b = 0; b < keys.size(); ++b) {
                    if (a != b && nearMatch(keys[a], keys[b], ppm))
                        expected.append(std::int32_t(b));
                }
                const QList<std::int32_t> found = nearKeys(index, std::int32_t(a));
                const std::int32_t set = index.setOf(std::int32_t(a));
                if (set >= 0 && index.capped(set)) {
                    for (const std::int32_t k : found)
                        QVERIFY(expected.contains(k));
                } else {
                    QCOMPARE(found, expected);
                }
                pairs += std::size_t(found.size());
            }
            QVERIFY(pairs > 0);
        }
    }
}

} // namespace

void TestReplayProperty::nearIndexMatchesBruteForce()
{
    Rng rng(99);
    QStringList keys;
    for (int i = 0; i < 400; ++i) {
        const QString p = normalizePrompt(randomPrompt(rng));
        if (!p.isEmpty() && !keys.contains(p))
            keys.append(p);
    }
    checkNearIndexAgainstBruteForce(keys);
}

void TestReplayProperty::nearIndexMatchesBruteForceOnUnicodeAndUniqueNumbers()
{
    Rng rng(7);
    QStringList keys;
    for (int i = 0; i < 400; ++i) {
        QString raw = randomPrompt(rng, kUnicodeWords);
        if (i % 3 == 0)
            raw += QStringLiteral(" #%1").arg(i); // a number of its own: alone in its guard group
        const QString p = normalizePrompt(raw);
        if (!p.isEmpty() && !keys.contains(p))
            keys.append(p);
    }
    checkNearIndexAgainstBruteForce(keys);
}

QTEST_GUILESS_MAIN(TestReplayProperty)
#include "tst_replay_property.moc"
