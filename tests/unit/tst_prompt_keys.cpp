// Prompt keys: the word-at-a-time normalization against normalizePrompt(), and interning against a plain QHash.
#include "model/Prompt.h"
#include "whatif/PromptKeys.h"
#include "NormalizedKeys.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

class TestPromptKeys : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalizationAgrees_data();
    void normalizationAgrees();
    void randomTextNormalizesAlike();
    void internMatchesPlainHash();
    void whiteSpaceOnlyHasNoKey();
};

using namespace costdash;
using namespace costdash::whatif;

void TestPromptKeys::normalizationAgrees_data()
{
    QTest::addColumn<QString>("text");
    // The eight-byte words: spaces at their first and last byte, runs across two words, the bytes next to the
    // ranges the word test uses ('@' and '[' around A-Z, 0x08 and 0x0e around tab..carriage return).
    QTest::newRow("plain words") << QStringLiteral("abcdefgh ijklmnop qrstuvwx");
    QTest::newRow("space last in a word") << QStringLiteral("abcdefg hijklmno ");
    QTest::newRow("space first in a word") << QStringLiteral("abcdefgh ijklmno");
    QTest::newRow("leading spaces") << QStringLiteral(" abcdefghijklmnop");
    QTest::newRow("run across words") << QStringLiteral("abcdefg  hijklmnop");
    QTest::newRow("run of nine") << QStringLiteral("abcdefgh         ijklmnop");
    QTest::newRow("upper case") << QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ @[`{ Hello World");
    QTest::newRow("control white space") << QStringLiteral("abc\tdefgh\nijklmno\vp\fq\rrstuvwxyz");
    QTest::newRow("not white space") << QStringLiteral("abc\x08" "defgh\x0eijklmno\x1fpqrstu\x21vwxyz");
    QTest::newRow("only spaces") << QStringLiteral("                ");
    QTest::newRow("empty") << QString();
    QTest::newRow("non-ASCII in the second word") << QStringLiteral("abcdefgh ÉCOLE  Ünïcode\u00a0space");
    QTest::newRow("non-ASCII in the tail") << QStringLiteral("abcdefghij É");
    QTest::newRow("em space") << QStringLiteral("ABCDEFGHIJ\u2003KLMNOP");
}

void TestPromptKeys::normalizationAgrees()
{
    QFETCH(QString, text);
    QCOMPARE(testing::internedKey(text.toUtf8()), normalizePrompt(text).toUtf8());
}

void TestPromptKeys::randomTextNormalizesAlike()
{
    // Texts drawn from the characters every branch looks at, at every length around a word.
    const QString alphabet = QStringLiteral("aZAz@[`{ \t\n\v\f\r\x08\x0e 09 . é");
    QRandomGenerator rng(7);
    for (int i = 0; i < 20'000; ++i) {
        QString text;
        const int length = int(rng.bounded(40));
        for (int k = 0; k < length; ++k) {
            const bool ascii = rng.bounded(50) != 0;
            text.append(alphabet.at(qsizetype(rng.bounded(ascii ? alphabet.size() - 1 : alphabet.size()))));
        }
        QCOMPARE(testing::internedKey(text.toUtf8()), normalizePrompt(text).toUtf8());
    }
}

void TestPromptKeys::internMatchesPlainHash()
{
    // Enough prompts for several partitions, with duplicates after normalizing (case, spaces) and non-ASCII text.
    store::TextArena prompts;
    for (int i = 0; i < 30'000; ++i) {
        const int n = i % 12'000;
        switch (i / 12'000) {
        case 0:
            prompts.append(QStringLiteral("Summarize ticket %1 please").arg(n));
            break;
        case 1:
            prompts.append(QStringLiteral("  summarize  TICKET %1\tplease ").arg(n * 2));
            break;
        default:
            prompts.append(QStringLiteral("Résumé n°%1 ÜBER").arg(n % 3000));
        }
    }
    const PromptKeys keys = internPrompts(prompts);
    QHash<QString, std::int32_t> ids;
    QStringList texts;
    for (std::size_t p = 0; p < prompts.size(); ++p) {
        const QString normalized = normalizePrompt(prompts.text(p));
        const auto it = ids.constFind(normalized);
        const std::int32_t id = it != ids.cend() ? *it : std::int32_t(texts.size());
        if (it == ids.cend()) {
            ids.insert(normalized, id);
            texts << normalized;
        }
        QCOMPARE(keys.promptKey[p], id);
    }
    QCOMPARE(keys.keyText.toStringList(), texts);
    QCOMPARE(texts.size(), 12'000 + 6'000 + 3'000); // the second block's tickets from 12,000 on are new
}

void TestPromptKeys::whiteSpaceOnlyHasNoKey()
{
    store::TextArena prompts;
    for (const QString& text : {QStringLiteral(" \t "), QStringLiteral("A  b"), QString(), QStringLiteral("a b ")})
        prompts.append(text);
    const PromptKeys keys = internPrompts(prompts);
    QCOMPARE(keys.promptKey, (std::vector<std::int32_t>{-1, 0, -1, 0}));
    QCOMPARE(keys.keyText.toStringList(), QStringList{QStringLiteral("a b")});
    QCOMPARE(internPrompts(store::TextArena{}).promptKey.size(), 0u);
}

QTEST_GUILESS_MAIN(TestPromptKeys)
#include "tst_prompt_keys.moc"
