// The import's two-thread bulk path: batches prepared (ids, row values, rollup) on another thread ahead of their
// writes, prompts encoded ahead. Whatever happens between a prepare and its write (another connection writing,
// a prepared batch dropped), ids stay dense and every row keeps its own names and prompt.
#include "model/Prompt.h"
#include "store/CallStore.h"
#include "store/EncodedPrompts.h"
#include "store/ImportSession.h"
#include "store/PreparedBatch.h"
#include "store/PromptHash.h"
#include "SampleMonth.h"
#include "StoreFiles.h"
#include "NormalizedKeys.h"

#include <QSqlDatabase>
#include <QStringDecoder>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace costdash;
using namespace costdash::store;
using namespace costdash::testing;

namespace {

CallRecord row(const char* when, const char* model, const QString& prompt)
{
    CallRecord r = call(when, model, "t", 10, 1);
    r.prompt = prompt;
    return r;
}

// Model and prompt of every stored call, in time order.
QStringList modelsAndPrompts(CallStore& store)
{
    QString error;
    const auto c = store.loadColumns(&error);
    if (!c)
        return {error};
    QStringList out;
    for (std::size_t k = 0; k < c->size(); ++k) {
        const QString prompt = c->promptId[k] == kNoPrompt ? QStringLiteral("-") : c->prompts.text(std::size_t(c->promptId[k]));
        out << c->models[c->modelId[k]] + QLatin1Char('/') + prompt;
    }
    return out;
}


} // namespace

class TestStorePipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void preparedAheadOnAnotherThread();
    void encodedPromptsStoreTheSame();
    void hintedDictionaryStoresTheSame();
    void bytesEncodeAsTheirDecoding_data();
    void bytesEncodeAsTheirDecoding();
};

void TestStorePipeline::preparedAheadOnAnotherThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.db"));
    QString error;
    auto store = CallStore::open(path, &error);
    auto other = CallStore::open(path, &error);
    QVERIFY2(store && other, qPrintable(error));
    ImportSession session(*store);
    ImportSession otherSession(*other);
    QCOMPARE(session.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error), ImportSession::Start::New);
    QCOMPARE(otherSession.begin({QStringLiteral("b"), 1, "02", QStringLiteral("csv")}, &error),
             ImportSession::Start::New);

    const std::vector<CallRecord> b1{row("2025-03-01T00:00:00Z", "m1", QStringLiteral("p1"))};
    const std::vector<CallRecord> b2{row("2025-03-02T00:00:00Z", "m2", QStringLiteral("p2")),
                                     row("2025-03-02T01:00:00Z", "m1", QStringLiteral("p1"))};
    const std::vector<CallRecord> b3{row("2025-03-03T00:00:00Z", "m3", QStringLiteral("p3"))};
    const std::vector<CallRecord> b4{row("2025-03-04T00:00:00Z", "m4", QStringLiteral("p2")),
                                     row("2025-03-04T01:00:00Z", "m3", QStringLiteral("p4"))};
    EncodedPrompts encoded2;
    for (const CallRecord& r : b2)
        encoded2.add(r.prompt);

    QVERIFY(session.restartPreparing(&error));
    PreparedBatch p1, p2, p3, p4;
    bool prepared = false;
    std::thread preparer([&] {
        prepared = session.prepare(b1, {}, p1) && session.prepare(b2, {&encoded2, 0}, p2);
    });
    preparer.join();
    QVERIFY(prepared);
    QVERIFY(session.append(b1, {1, 1, 0, 0}, 1, &error, {}, &p1));
    // Another connection takes the next ids (m9, p9) after b2 was prepared: b2 must be prepared again.
    const std::vector<CallRecord> b9{row("2025-03-01T12:00:00Z", "m9", QStringLiteral("p9"))};
    QVERIFY(otherSession.append(b9, {1, 1, 0, 0}, 1, &error));
    QVERIFY(session.append(b2, {3, 3, 0, 0}, 3, &error, {&encoded2, 0}, &p2));
    // After a batch that did not fit, the rest of the pipeline prepares on the store's thread.
    QVERIFY(!session.prepare(b3, {}, p3));
    // b3 is prepared but never written (a cancelled import); b4, prepared after it, must not use its ids.
    QVERIFY(session.restartPreparing(&error));
    QVERIFY(session.prepare(b3, {}, p3) && session.prepare(b4, {}, p4));
    QVERIFY(session.append(b4, {5, 5, 0, 0}, 5, &error, {}, &p4));

    QCOMPARE(modelsAndPrompts(*store),
             (QStringList{QStringLiteral("m1/p1"), QStringLiteral("m9/p9"), QStringLiteral("m2/p2"),
                          QStringLiteral("m1/p1"), QStringLiteral("m4/p2"), QStringLiteral("m3/p4")}));
    QCOMPARE(column(path, "SELECT id || '=' || name FROM models ORDER BY id"),
             (QStringList{QStringLiteral("1=m1"), QStringLiteral("2=m9"), QStringLiteral("3=m2"), QStringLiteral("4=m4"),
                          QStringLiteral("5=m3")}));
    QCOMPARE(column(path, "SELECT id || '=' || text FROM prompts ORDER BY id"),
             (QStringList{QStringLiteral("1=p1"), QStringLiteral("2=p9"), QStringLiteral("3=p2"), QStringLiteral("4=p4")}));
    QCOMPARE(column(path, "SELECT SUM(calls) FROM rollup"), QStringList{QStringLiteral("6")});
}

void TestStorePipeline::encodedPromptsStoreTheSame()
{
    // Prompts encoded on the parser thread must be stored exactly as the store would encode them itself:
    // same text, same ids, same normalized hash (non-ASCII, white space runs, case, an empty prompt, repeats).
    const QStringList prompts{QStringLiteral("Résumé  n°1 — ÜNÏCÖDÉ"), QStringLiteral("  Hello\tWorld  "), QString(),
                              QStringLiteral("hello world"), QStringLiteral("Résumé  n°1 — ÜNÏCÖDÉ"),
                              QStringLiteral("日本語のプロンプト"), QString(300, u'x') + QStringLiteral(" END")};
    std::vector<CallRecord> rows;
    std::vector<CallRecord> rowsWithoutText; // with entries made from the bytes, the rows' texts are not read
    EncodedPrompts encoded;
    EncodedPrompts fromBytes;
    for (const QString& p : prompts) {
        rows.push_back(row("2025-03-01T00:00:00Z", "m", p));
        rows.back().timestampMs += qint64(rows.size());
        rowsWithoutText.push_back(rows.back());
        rowsWithoutText.back().prompt = QStringLiteral("not read");
        encoded.add(p);
        fromBytes.addUtf8(p.toUtf8());
    }
    QTemporaryDir dir;
    QStringList tables[3];
    for (const int variant : {0, 1, 2}) {
        const QString path = dir.filePath(QStringLiteral("v%1.db").arg(variant));
        QString error;
        auto store = CallStore::open(path, &error);
        ImportSession session(*store);
        QCOMPARE(session.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error),
                 ImportSession::Start::New);
        const auto n = std::int64_t(rows.size());
        const PromptsOfRows entries[3] = {{}, {&encoded, 0}, {&fromBytes, 0}};
        QVERIFY(session.append(variant == 2 ? rowsWithoutText : rows, {n, n, 0, 0}, n, &error, entries[variant]));
        tables[variant] = column(path, "SELECT id || '|' || text || '|' || norm_hash FROM prompts ORDER BY id")
            + column(path, "SELECT IFNULL(prompt_id, '-') || '|' || IFNULL(prompt_hash, '-') FROM calls ORDER BY id");
    }
    QCOMPARE(tables[1], tables[0]);
    QCOMPARE(tables[2], tables[0]);
    QCOMPARE(tables[0].size(), 5 + int(rows.size())); // 5 distinct non-empty prompts
    QVERIFY(tables[0].contains(QStringLiteral("3|hello world|%1").arg(qint64(promptKeyHash(QStringLiteral("hello world"))))));
}

void TestStorePipeline::hintedDictionaryStoresTheSame()
{
    // The import's hint sizes the prompt dictionary ahead; too large, too small or none, the ids are the same:
    // given after a first batch (as the import gives it, the table is rebuilt holding its prompts), then a batch
    // prepared ahead, then one prepared and dropped (the dictionary rolls back within its reserved room).
    std::vector<CallRecord> rows;
    for (int i = 0; i < 6000; ++i) {
        rows.push_back(row("2025-03-01T00:00:00Z", "m", QStringLiteral("prompt %1").arg(i % 3001)));
        rows.back().timestampMs += i;
    }
    const std::span<const CallRecord> all(rows);
    QTemporaryDir dir;
    QStringList tables[3];
    const std::size_t hints[3] = {0, 1'000'000, 10};
    for (const int variant : {0, 1, 2}) {
        const QString path = dir.filePath(QStringLiteral("h%1.db").arg(variant));
        QString error;
        auto store = CallStore::open(path, &error);
        ImportSession session(*store);
        QCOMPARE(session.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error),
                 ImportSession::Start::New);
        QVERIFY(session.restartPreparing(&error));
        PreparedBatch first, second, dropped;
        QVERIFY(session.prepare(all.first(2000), {}, first));
        if (hints[variant])
            session.expectPrompts(hints[variant], hints[variant] * 20);
        QVERIFY(session.prepare(all.subspan(2000, 2000), {}, second));
        QVERIFY(session.prepare(all.subspan(4000), {}, dropped));
        QVERIFY(session.append(all.first(2000), {2000, 2000, 0, 0}, 2000, &error, {}, &first));
        QVERIFY(session.append(all.subspan(2000, 2000), {4000, 4000, 0, 0}, 4000, &error, {}, &second));
        QVERIFY(session.append(all.subspan(4000), {6000, 6000, 0, 0}, 6000, &error)); // prepared again
        tables[variant] = column(path, "SELECT id || '|' || text FROM prompts ORDER BY id")
            + column(path, "SELECT prompt_id FROM calls ORDER BY id");
    }
    QCOMPARE(tables[0].size(), 3001 + 6000);
    QCOMPARE(tables[1], tables[0]);
    QCOMPARE(tables[2], tables[0]);
}

void TestStorePipeline::bytesEncodeAsTheirDecoding_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("ascii") << QByteArray("Summarize the following support ticket for the on-call engineer");
    QTest::newRow("ascii with controls and NUL") << QByteArray("tab\there\r\n\0end", 14);
    QTest::newRow("two- to four-byte") << QByteArray("R\xC3\xA9sum\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80");
    QTest::newRow("noncharacters") << QByteArray("a\xEF\xBF\xBE b\xEF\xB7\x90 c\xEF\xBF\xBF");
    QTest::newRow("leading BOM") << QByteArray("\xEF\xBB\xBFhello");
    QTest::newRow("BOM inside") << QByteArray("hello\xEF\xBB\xBF world");
    QTest::newRow("lone continuation") << QByteArray("ab\x80" "cd");
    QTest::newRow("truncated sequence") << QByteArray("ab\xE6\x97");
    QTest::newRow("overlong slash") << QByteArray("a\xC0\xAF b");
    QTest::newRow("encoded surrogate") << QByteArray("a\xED\xA0\x80 b");
    QTest::newRow("beyond U+10FFFF") << QByteArray("a\xF4\x90\x80\x80 b");
    QTest::newRow("Latin-1, not UTF-8") << QByteArray("caf\xE9 cr\xE8me br\xFBl\xE9" "e");
    QTest::newRow("long ASCII, one byte of more at the end") << QByteArray(200, 'x') + "\xC3\xA9";
}

void TestStorePipeline::bytesEncodeAsTheirDecoding()
{
    // What the import stores from a log's bytes is what it stored when it decoded them into a QString first:
    // the same UTF-8 and the same normalized hash.
    QFETCH(QByteArray, bytes);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    EncodedPrompts viaText;
    EncodedPrompts viaBytes;
    viaText.add(decoded);
    viaBytes.addUtf8(bytes);
    QCOMPARE(viaBytes.size(), std::size_t(1));
    QCOMPARE(QByteArray::fromStdString(std::string(viaBytes.utf8(0))), QByteArray::fromStdString(std::string(viaText.utf8(0))));
    QCOMPARE(viaBytes.hash(0), viaText.hash(0));
    QCOMPARE(importedNormHash(viaBytes.utf8(0)), importedNormHash(decoded));
    QCOMPARE(importedNormHash(viaBytes.utf8(0)), promptKeyHash(decoded));
}

QTEST_GUILESS_MAIN(TestStorePipeline)
#include "tst_store_pipeline.moc"
