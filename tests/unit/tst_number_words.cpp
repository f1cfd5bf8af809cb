// The near cache's number guard over English number words (issue 9, case 8): the folding of number words into
// numbers, the reference definition nearMatch(), and a replay where "three" and "five" bullet points must not share
// an entry while "3" and "three" do.
#include "whatif/NearIndex.h"
#include "whatif/NumberWords.h"
#include "model/Prompt.h"
#include "whatif/Replay.h"
#include "whatif/Snapshot.h"
#include "whatif_fixtures.h"

#include <QTest>

using namespace costdash;
using namespace costdash::whatif;

class TestNumberWords : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void folding_data();
    void folding();
    void guard_data();
    void guard();
    void nearMatchTreatsNumberWordsAsNumbers_data();
    void nearMatchTreatsNumberWordsAsNumbers();
    void replayKeepsDifferentNumberWordsApart();
    void indexAgreesWithTheReference();
};

namespace {

// The words of a normalized prompt after folding, space-separated, numbers marked with '#'.
QString folded(const QString& text)
{
    std::deque<std::string> owned;
    QStringList out;
    auto emit = [&out](std::string_view w, bool number) {
        out.append((number ? QStringLiteral("#") : QString()) + QString::fromUtf8(w.data(), qsizetype(w.size())));
    };
    NumberFolder folder(owned, emit);
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts)) {
        const QByteArray utf8 = word.toUtf8();
        const std::string& stored = owned.emplace_back(utf8.constData(), std::size_t(utf8.size()));
        folder.word(stored, std::any_of(word.begin(), word.end(), [](QChar c) { return c.isDigit(); }));
    }
    folder.finish();
    return out.join(u' ');
}

} // namespace

void TestNumberWords::folding_data()
{
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cardinal") << "in three bullet points" << "in #3 bullet points";
    QTest::newRow("digits stay") << "in 3 bullet points" << "in #3 bullet points";
    QTest::newRow("ordinal") << "the third item" << "the #3rd item";
    QTest::newRow("ordinal eleventh") << "the eleventh item" << "the #11th item";
    QTest::newRow("compound") << "twenty three items" << "#23 items";
    QTest::newRow("compound ordinal") << "the twenty first day" << "the #21st day";
    QTest::newRow("twenty second") << "twenty second" << "#22nd";
    QTest::newRow("hundreds") << "three hundred twelve" << "#312";
    QTest::newRow("hundred alone") << "a hundred words" << "a #100 words";
    QTest::newRow("thousands") << "two thousand five" << "#2005";
    QTest::newRow("scales descend") << "two million three thousand" << "#2003000";
    QTest::newRow("scales ascending split") << "five thousand two million" << "#5000 #2000000";
    QTest::newRow("two units are two numbers") << "three five" << "#3 #5";
    QTest::newRow("two tens are two numbers") << "twenty thirty" << "#20 #30";
    QTest::newRow("a ten does not take a teen") << "twenty twelve" << "#20 #12";
    QTest::newRow("hundred hundred") << "five hundred five hundred" << "#505 #100";
    QTest::newRow("ordinal ends the number") << "third five" << "#3rd #5";
    QTest::newRow("zero") << "zero items" << "#0 items";
    QTest::newRow("not numbers") << "none nine-ish thirdly onesie" << "none nine-ish thirdly onesie";
    QTest::newRow("ninety nine trillion") << "ninety nine trillion" << "#99000000000000";
}

void TestNumberWords::folding()
{
    QFETCH(QString, words);
    QFETCH(QString, expected);
    QCOMPARE(folded(words), expected);
}

void TestNumberWords::guard_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("guard");
    QTest::newRow("digits") << "in 3 bullet points" << "|3 ";
    QTest::newRow("words") << "in three bullet points" << "|3 ";
    QTest::newRow("hyphenated") << "twenty-three items" << "|23 ";
    QTest::newRow("ordinal") << "the third day" << "|3rd ";
    QTest::newRow("with negation") << "not the second one" << "not |2nd 1 ";
}

void TestNumberWords::guard()
{
    QFETCH(QString, prompt);
    QFETCH(QString, guard);
    QCOMPARE(promptWords(normalizePrompt(prompt)).guard, guard);
}

void TestNumberWords::nearMatchTreatsNumberWordsAsNumbers_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("match");
    const QString stem = QStringLiteral("please summarize the quarterly sales report for the board in %1 bullet points");
    QTest::newRow("three vs five") << stem.arg(QStringLiteral("three")) << stem.arg(QStringLiteral("five")) << false;
    QTest::newRow("3 vs 5") << stem.arg(QStringLiteral("3")) << stem.arg(QStringLiteral("5")) << false;
    QTest::newRow("3 vs three") << stem.arg(QStringLiteral("3")) << stem.arg(QStringLiteral("three")) << true;
    QTest::newRow("3 vs five") << stem.arg(QStringLiteral("3")) << stem.arg(QStringLiteral("five")) << false;
    QTest::newRow("twenty three vs 23") << stem.arg(QStringLiteral("twenty three")) << stem.arg(QStringLiteral("23")) << true;
    QTest::newRow("twenty three vs twenty four")
        << stem.arg(QStringLiteral("twenty three")) << stem.arg(QStringLiteral("twenty four")) << false;
    QTest::newRow("third vs 3rd") << stem.arg(QStringLiteral("third")) << stem.arg(QStringLiteral("3rd")) << true;
    QTest::newRow("third vs three") << stem.arg(QStringLiteral("third")) << stem.arg(QStringLiteral("three")) << false;
    QTest::newRow("hundred vs 100") << stem.arg(QStringLiteral("a hundred")) << stem.arg(QStringLiteral("a 100")) << true;
    QTest::newRow("hundred vs thousand")
        << stem.arg(QStringLiteral("a hundred")) << stem.arg(QStringLiteral("a thousand")) << false;
    QTest::newRow("same words") << stem.arg(QStringLiteral("three")) << stem.arg(QStringLiteral("three")) << true;
}

void TestNumberWords::nearMatchTreatsNumberWordsAsNumbers()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, match);
    QCOMPARE(nearMatch(normalizePrompt(a), normalizePrompt(b), 800'000), match);
    QCOMPARE(nearMatch(normalizePrompt(b), normalizePrompt(a), 800'000), match);
}

void TestNumberWords::replayKeepsDifferentNumberWordsApart()
{
    using test::Row;
    const QString big = QStringLiteral("big");
    const QString stem = QStringLiteral("Please summarize the quarterly sales report for the board in %1 bullet points");
    const std::vector<Row> rows = {
        {0, big, {}, stem.arg(QStringLiteral("three")), 0, 0, 100}, // miss: creates the entry
        {1, big, {}, stem.arg(QStringLiteral("five")), 0, 0, 100},  // J = 11/13 >= 0.8, but 3 != 5: miss
        {2, big, {}, stem.arg(QStringLiteral("3")), 0, 0, 100},     // the same number as call 0: near hit
        {3, big, {}, stem.arg(QStringLiteral("5")), 0, 0, 100},     // the same number as call 1: near hit
        {4, big, {}, stem.arg(QStringLiteral("four")), 0, 0, 100},  // miss
    };
    Scenario s;
    s.cache.mode = CacheMode::Near;
    s.cache.ttlSeconds = 3'600;
    s.cache.similarity = 0.8;
    const auto snapshot = buildSnapshot(test::columnsOf(rows), test::testCatalog());
    const Projection p = replay(*snapshot, s);
    QCOMPARE(p.cacheHits, 2);
    QCOMPARE(p.nearHits, 2);
    QCOMPARE(p.projected, 300);
    QCOMPARE(p.nearCappedCalls, 0);
}

void TestNumberWords::indexAgreesWithTheReference()
{
    const QStringList raw = {
        QStringLiteral("list the three largest invoices of the month"), QStringLiteral("list the 3 largest invoices of the month"),
        QStringLiteral("list the five largest invoices of the month"), QStringLiteral("list the third largest invoice of the month"),
        QStringLiteral("list the 3rd largest invoice of the month"), QStringLiteral("list the twenty-three largest invoices of the month"),
        QStringLiteral("list the 23 largest invoices of the month"), QStringLiteral("list the twenty three largest invoices this month")};
    QStringList keys;
    for (const QString& r : raw)
        keys.append(normalizePrompt(r));
    const NearIndex index(keys, 500'000);
    for (qsizetype a = 0; a < keys.size(); ++a) {
        QList<std::int32_t> expected, found;
        for (qsizetype b = 0; b < keys.size(); ++b) {
            if (a != b && nearMatch(keys[a], keys[b], 500'000))
                expected.append(std::int32_t(b));
        }
        const std::int32_t set = index.setOf(std::int32_t(a));
        if (set >= 0) {
            for (const std::int32_t k : index.keysOf(set))
                found.append(k);
            for (const NearIndex::Neighbour& n : index.neighbours(set)) {
                for (const std::int32_t k : index.keysOf(n.set))
                    found.append(k);
            }
        }
        found.removeOne(std::int32_t(a));
        std::sort(found.begin(), found.end());
        QCOMPARE(found, expected);
    }
    QCOMPARE(index.setOf(0), index.setOf(1)); // "three" and "3": one word set
    QVERIFY(index.setOf(0) != index.setOf(2));
}

QTEST_GUILESS_MAIN(TestNumberWords)
#include "tst_number_words.moc"
