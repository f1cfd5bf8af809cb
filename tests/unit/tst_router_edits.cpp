// The router edits of the What-if page's editor (whatif::edits): each keeps the router valid (every tier used is
// defined, at most kMaxRouterRules rules) or is refused; a disabled rule takes no call in a replay.
#include "whatif/CompiledRouter.h"
#include "whatif/Replay.h"
#include "whatif/RouterEdits.h"
#include "whatif_fixtures.h"

#include <QTest>

using namespace costdash;
using namespace costdash::whatif;

namespace {

Router twoTiers()
{
    Router r;
    r.defaultTier = QStringLiteral("std");
    r.tiers = {{QStringLiteral("std"), kOriginalModel}, {QStringLiteral("cheap"), QStringLiteral("small")}};
    RuleCondition classification;
    classification.taskTypes = {QStringLiteral("classification")};
    r.rules = {{classification, QStringLiteral("cheap")}, {{}, QStringLiteral("std")}};
    return r;
}

} // namespace

class TestRouterEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rulesAddDuplicateMoveRemove();
    void tiersRenameAndRemove();
    void disabledRuleTakesNoCall();
    void unmatchedModelsAreNamed();
};

void TestRouterEdits::rulesAddDuplicateMoveRemove()
{
    const Router r = twoTiers();
    const auto added = edits::addRule(r, 1);
    QVERIFY(added);
    QCOMPARE(added->rules.size(), 3);
    QCOMPARE(added->rules.at(1), (RouterRule{{}, QStringLiteral("std"), true}));
    const auto dup = edits::duplicateRule(r, 0);
    QCOMPARE(dup->rules.at(1), r.rules.at(0));
    const auto moved = edits::moveRule(r, 1, 0);
    QCOMPARE(moved->rules.at(0), r.rules.at(1));
    QVERIFY(!edits::moveRule(r, 1, 2));
    QVERIFY(!edits::removeRule(r, 2));
    QCOMPARE(edits::removeRule(r, 0)->rules.size(), 1);
    RouterRule toUnknown = r.rules.at(0);
    toUnknown.tier = QStringLiteral("nope");
    QVERIFY(!edits::setRule(r, 0, toUnknown));
    Router full = r;
    while (full.rules.size() < kMaxRouterRules)
        full = *edits::addRule(full, 0);
    QVERIFY(!edits::addRule(full, 0));
    QVERIFY(!edits::duplicateRule(full, 0));
}

void TestRouterEdits::tiersRenameAndRemove()
{
    const Router r = twoTiers();
    const auto renamed = edits::renameTier(r, QStringLiteral("std"), QStringLiteral("main"));
    QVERIFY(renamed);
    QCOMPARE(renamed->defaultTier, QStringLiteral("main"));
    QCOMPARE(renamed->rules.at(1).tier, QStringLiteral("main"));
    QCOMPARE(renamed->tiers.value(QStringLiteral("main")), kOriginalModel);
    QVERIFY(!edits::renameTier(r, QStringLiteral("std"), QStringLiteral("cheap"))); // taken
    QVERIFY(!edits::renameTier(r, QStringLiteral("std"), QStringLiteral(" ")));
    QVERIFY(!edits::removeTier(r, QStringLiteral("std"))); // the default tier stays
    const auto removed = edits::removeTier(r, QStringLiteral("cheap"));
    QCOMPARE(removed->rules.at(0).tier, QStringLiteral("std"));
    QCOMPARE(edits::freeTierName(r), QStringLiteral("tier 3"));
    QVERIFY(!edits::addTier(r, QStringLiteral("cheap"), kOriginalModel));
    QCOMPARE(edits::setDefaultTier(r, QStringLiteral("cheap"))->defaultTier, QStringLiteral("cheap"));
    QCOMPARE(edits::setTierModel(r, QStringLiteral("std"), QStringLiteral("gpt-4o"))->tiers.value(QStringLiteral("std")),
             QStringLiteral("gpt-4o"));
}

void TestRouterEdits::disabledRuleTakesNoCall()
{
    using test::Row;
    const auto snapshot = buildSnapshot(
        test::columnsOf({Row(0, QStringLiteral("big"), QStringLiteral("classification"), QStringLiteral("a"), 1000, 100),
                       Row(1000, QStringLiteral("big"), QStringLiteral("chat"), QStringLiteral("b"), 1000, 100)}),
        test::testCatalog());
    Scenario s;
    s.router = twoTiers();
    const Projection enabled = replay(*snapshot, s);
    QCOMPARE(enabled.ruleCalls, (QList<std::int64_t>{1, 1, 0}));
    // big -> small: 1000 x 2,000 + 100 x 4,000 nano = $0.0024 becomes 1000 x 1 + 100 x 3 nano = $0.0000013.
    QCOMPARE(enabled.ruleSavings, (QList<money::Nanos>{2'398'700, 0, 0}));
    s.router->rules[0].enabled = false;
    const Projection p = replay(*snapshot, s);
    QCOMPARE(p.ruleCalls, (QList<std::int64_t>{0, 2, 0}));
    QCOMPARE(p.ruleSavings, (QList<money::Nanos>{0, 0, 0})); // the catch-all keeps the original model
}

void TestRouterEdits::unmatchedModelsAreNamed()
{
    const QStringList logged{QStringLiteral("big"), QStringLiteral("Small")};
    // The case differs; a provider prefix the catalog resolves to a logged model's; the catalog knows "half" but
    // the store has no call of it; "nope" nobody knows.
    QCOMPARE(edits::unmatchedModels({QStringLiteral("BIG"), QStringLiteral("test/small"), QStringLiteral("half"),
                                     QStringLiteral("nope")},
                                    logged, test::testCatalog()),
             (QStringList{QStringLiteral("half"), QStringLiteral("nope")}));
    QCOMPARE(edits::unmatchedModels({}, logged, test::testCatalog()), QStringList{});
    QCOMPARE(edits::unmatchedModels({QStringLiteral("big")}, {}, test::testCatalog()), QStringList{QStringLiteral("big")});
}

QTEST_GUILESS_MAIN(TestRouterEdits)
#include "tst_router_edits.moc"
