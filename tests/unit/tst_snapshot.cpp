// The snapshot: replay order, prompt interning and keys, baseline costs, model resolution, memoized indexes.
#include "model/Prompt.h"
#include "store/TextSearch.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"
#include "whatif_fixtures.h"
#include "NormalizedKeys.h"

#include <QTest>
#include <string>

class TestSnapshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replayOrderIsTimeThenRowId();
    void promptsAreInternedByNormalizedText();
    void baselineIsLoggedElseCatalogElseUnpriced();
    void modelsResolveThroughTheCatalog();
    void keywordHitsAreMemoized();
    void keywordHitsLieWithinOneKey();
    void arenaSearchKeepsToItsRange();
    void findBytesAgreesWithFind();
    void memoryIsCounted();
    void fastNormalizationAgrees();
};

using namespace costdash;
using namespace costdash::whatif;
using namespace costdash::whatif::test;

void TestSnapshot::replayOrderIsTimeThenRowId()
{
    const std::vector<Row> rows = {{30, QStringLiteral("big"), {}, {}, 0, 0, 3},
                                   {10, QStringLiteral("big"), {}, {}, 0, 0, 2},
                                   {10, QStringLiteral("big"), {}, {}, 0, 0, 1}};
    const auto s = buildSnapshot(columnsOf(rows, {1, 9, 5}), testCatalog());
    QCOMPARE(s->data().timestampMs, (std::vector<timeutil::Millis>{10, 10, 30}));
    QCOMPARE(s->data().baseline, (std::vector<money::Nanos>{1, 2, 3})); // row id 5 before row id 9
}

void TestSnapshot::promptsAreInternedByNormalizedText()
{
    const std::vector<Row> rows = {{0, QStringLiteral("big"), {}, QStringLiteral("Hello  World"), 0, 0, 1},
                                   {1, QStringLiteral("big"), {}, QStringLiteral("hello world"), 0, 0, 1},
                                   {2, QStringLiteral("small"), {}, QStringLiteral("HELLO world "), 0, 0, 1},
                                   {3, QStringLiteral("big"), {}, QStringLiteral("   "), 0, 0, 1},
                                   {4, QStringLiteral("big"), {}, QString(), 0, 0, 1}};
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    const SnapshotData& d = s->data();
    QCOMPARE(s->distinctPrompts(), 4u);
    QCOMPARE(d.keyText.toStringList(), QStringList{QStringLiteral("hello world")});
    QCOMPARE(d.key, (std::vector<std::int32_t>{0, 0, 0, -1, -1}));
    // Scope "model": (hello world, big) and (hello world, small).
    QCOMPARE(d.modelKey, (std::vector<std::int32_t>{0, 0, 1, -1, -1}));
}

void TestSnapshot::baselineIsLoggedElseCatalogElseUnpriced()
{
    const std::vector<Row> rows = {
        {0, QStringLiteral("big"), {}, {}, 1, 1, 5},                 // logged wins over the catalog: 5
        {1, QStringLiteral("big"), {}, {}, 1, 1},                    // 2,000 + 4,000
        {2, QStringLiteral("small"), {}, {}, 10, 2, std::nullopt, true, 4}, // 6 * 1 + 4 * 0.5 + 2 * 3 = 14
        {3, QStringLiteral("nobody-knows"), {}, {}, 1, 1},           // unpriced
        {4, QStringLiteral("late"), {}, {}, 1, 1},                   // before late's first price: unpriced
        {2'000'000, QStringLiteral("late"), {}, {}, 1, 1},           // 2
    };
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    const SnapshotData& d = s->data();
    QCOMPARE(d.baseline, (std::vector<money::Nanos>{5, 6'000, 14, 0, 0, 2}));
    QCOMPARE(d.unpricedCalls, 2);
    QCOMPARE(d.baselineTotal, 6'021);
    QCOMPARE(d.flags[3] & Priced, 0);
    QCOMPARE(d.flags[2] & Priced, int(Priced));
    QCOMPARE(d.dayCount, 1);
}

void TestSnapshot::modelsResolveThroughTheCatalog()
{
    const std::vector<Row> rows = {{0, QStringLiteral("BIG"), QStringLiteral("qa"), {}, 1, 0},
                                   {1, QStringLiteral("vendor/big"), QStringLiteral("qa"), {}, 1, 0, std::nullopt, false},
                                   {2, QStringLiteral("Mystery"), {}, {}, 1, 0}};
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    const SnapshotData& d = s->data();
    QCOMPARE(d.modelDisplay[0], d.modelDisplay[1]);
    QCOMPARE(d.displayModels.at(d.modelDisplay[0]), QStringLiteral("big"));
    QCOMPARE(d.displayModels.at(d.modelDisplay[2]), QStringLiteral("Mystery"));
    QVERIFY(!d.displayPriced[std::size_t(d.modelDisplay[2])]);
    const Projection p = replay(*s, Scenario{});
    QCOMPARE(p.byModel.size(), 2);
    QCOMPARE(p.byModel[0].model, QStringLiteral("big"));
    QCOMPARE(p.byModel[0].calls, 2);
    // Only the successful call makes (qa, big) tested.
    QVERIFY(d.tested(0, s->displayIdOf(QStringLiteral("big"))));
    QVERIFY(!d.tested(0, s->displayIdOf(QStringLiteral("small"))));
}

void TestSnapshot::keywordHitsAreMemoized()
{
    const std::vector<Row> rows = {{0, QStringLiteral("big"), {}, QStringLiteral("Please SUMMARIZE"), 0, 0, 1},
                                   {1, QStringLiteral("big"), {}, QStringLiteral("translate"), 0, 0, 1}};
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    const auto first = s->keysContaining(QStringLiteral("summarize"));
    QCOMPARE((*first)[0], 1u); // key 0 only
    QCOMPARE(s->keysContaining(QStringLiteral("summarize")).get(), first.get());
    const auto regex = s->promptsMatching(QStringLiteral("^trans"));
    QCOMPARE((*regex)[0], 2u); // raw prompt 1 only
}

// The keys are searched as one run of bytes: a needle across two neighbouring keys is no hit. Against a find() per
// key, on 3,000 random prompts over a three-letter alphabet (neighbours share letters at their ends).
void TestSnapshot::keywordHitsLieWithinOneKey()
{
    std::vector<Row> rows;
    std::uint32_t seed = 7;
    const auto next = [&seed] { return seed = seed * 1'103'515'245u + 12'345u, (seed >> 16) & 0x7fff; };
    for (int i = 0; i < 3'000; ++i) {
        QString prompt;
        for (std::uint32_t n = next() % 12; n > 0; --n)
            prompt += QLatin1Char("abc  "[next() % 5]);
        rows.push_back({i, QStringLiteral("big"), {}, prompt + QChar(0xe9), 0, 0, 1}); // every key ends in "é"
    }
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    const store::TextArena& keys = s->data().keyText;
    QVERIFY(keys.size() > 1'000);
    const QString e(QChar(0xe9));
    const QString acrossKeys = e + QStringLiteral("a"); // only ever runs from one key into the next
    for (const QString& needle : QStringList{QStringLiteral("ab"), QStringLiteral("ca"), QStringLiteral("abc"),
                                             QStringLiteral("b a"), e, QStringLiteral("c") + e, acrossKeys, QString()}) {
        const QByteArray utf8 = needle.toUtf8();
        const auto hits = s->keysContaining(needle);
        int count = 0;
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const bool expected = keys.view(k).find(std::string_view(utf8.constData(), std::size_t(utf8.size()))) != std::string_view::npos;
            count += expected;
            QVERIFY2(bool(((*hits)[k >> 6] >> (k & 63)) & 1) == expected,
                     qPrintable(QStringLiteral("key %1 \"%2\", needle \"%3\"").arg(k).arg(keys.text(k), needle)));
        }
        const int wanted = needle == acrossKeys ? 0 : needle.isEmpty() ? int(keys.size()) : -1; // -1: some
        QVERIFY2(wanted < 0 ? count > 0 : count == wanted, qPrintable(needle));
    }
}

// TextArena::forEachContaining: empty texts, an occurrence that runs over a text's end, a range that starts inside.
void TestSnapshot::arenaSearchKeepsToItsRange()
{
    store::TextArena a;
    for (const char* t : {"abc", "", "xab", "cab", "ab", "zzz", "b"})
        a.append(std::string_view(t));
    const auto found = [&a](std::string_view needle, std::size_t first, std::size_t last) {
        std::vector<std::size_t> texts;
        a.forEachContaining(needle, first, last, [&texts](std::size_t i) { texts.push_back(i); });
        return texts;
    };
    QCOMPARE(found("ab", 0, a.size()), (std::vector<std::size_t>{0, 2, 3, 4}));
    QCOMPARE(found("ca", 0, a.size()), (std::vector<std::size_t>{3})); // "xab|cab": the first "ca" runs over
    QCOMPARE(found("bz", 0, a.size()), std::vector<std::size_t>{});     // only "ab|zzz"
    QCOMPARE(found("b", 3, 7), (std::vector<std::size_t>{3, 4, 6}));
    QCOMPARE(found("b", 1, 2), std::vector<std::size_t>{});             // the empty text alone
    QCOMPARE(found("abc", 2, 2), std::vector<std::size_t>{});
}

// store::findBytes against std::string_view::find: needles of 1 to 40 bytes (shorter and longer than its 16-byte
// blocks), every start offset, matches in the blocks and in the tail, and none.
void TestSnapshot::findBytesAgreesWithFind()
{
    std::uint32_t seed = 11;
    const auto next = [&seed] { return seed = seed * 1'103'515'245u + 12'345u, (seed >> 16) & 0x7fff; };
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += "ab c"[next() % 4];
    const std::string_view haystack(text);
    int matches = 0;
    for (std::size_t length = 1; length <= 40; ++length) {
        for (int trial = 0; trial < 4; ++trial) {
            std::string needle = std::string(haystack.substr(next() % (haystack.size() - length), length));
            if (trial == 3)
                needle.back() = 'z'; // never found
            for (std::size_t from = 0; from <= haystack.size(); ++from) {
                const std::size_t expected = haystack.find(needle, from);
                const std::uint64_t got = store::findBytes(haystack.data(), from, haystack.size(), needle);
                QCOMPARE(got, expected == std::string_view::npos ? haystack.size() : expected);
                matches += expected != std::string_view::npos;
            }
        }
    }
    QVERIFY(matches > 10'000);
}

void TestSnapshot::memoryIsCounted()
{
    std::vector<Row> rows;
    for (int i = 0; i < 1000; ++i)
        rows.emplace_back(i, QStringLiteral("big"), QString(), QStringLiteral("prompt %1").arg(i % 10), 1, 1);
    const auto s = buildSnapshot(columnsOf(rows), testCatalog());
    // 1,000 calls: 8 timestamp + 6 * 4 ids + 4 * 8 tokens + 8 baseline + 1 flag = 73 bytes each at least.
    QVERIFY(s->memoryBytes() >= 73'000);
    QVERIFY(s->memoryBytes() < 200'000);
    QCOMPARE(s->promptTextBytes(), std::size_t(10 * 8 * 2)); // "prompt N": 8 UTF-8 bytes, raw + normalized
}

void TestSnapshot::fastNormalizationAgrees()
{
    const QStringList samples = {QStringLiteral("  Hello\t\n  WORLD  "), QStringLiteral("\r\v\f"), QString(),
                                 QStringLiteral("ÉCOLE  Ünïcode\u00a0space"), QStringLiteral("A\u2003B"),
                                 QStringLiteral("x\x1fy"), QStringLiteral("MiXeD 123 !?")};
    for (const QString& s : samples) {
        const QByteArray utf8 = s.toUtf8();
        QCOMPARE(testing::internedKey(utf8), normalizePrompt(s).toUtf8());
    }
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
