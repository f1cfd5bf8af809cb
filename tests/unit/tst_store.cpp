#include "model/Prompt.h"
#include "store/CallStore.h"
#include "store/ImportSession.h"
#include "store/PromptHash.h"
#include "TestFiles.h"
#include "SampleMonth.h"
#include "StoreFiles.h"
#include "NormalizedKeys.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace costdash;
using namespace costdash::store;

namespace {

using namespace costdash::testing;

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<CallStore> store;
    QString path() const { return dir.filePath(QStringLiteral("calls.db")); }
    bool open()
    {
        store.reset();
        QString error;
        store = CallStore::open(path(), &error);
        if (!store)
            qWarning("open: %s", qPrintable(error));
        return bool(store);
    }
    std::int64_t import(std::span<const CallRecord> rows, const QByteArray& sha = "ab01")
    {
        return importRows(*store, rows, sha);
    }
};

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

void setUserVersion(const QString& path, int version)
{
    QVERIFY(execOn(path, QStringLiteral("PRAGMA user_version = %1").arg(version)));
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshAndReopen();
    void newerVersionIsAnError();
    void notAStore();
    void batchIsAtomic();
    void resumeFromRecordsDone();
    void summary_data();
    void summary();
    void summaryOtherCatalog();
    void priceOverrides();
    void loadColumnsOrderAndValues();
    void promptHash_data();
    void promptHash();
    void asciiHashesInBatches();
    void twoConnections();
    void bulkPathsKeepEveryColumn();
    void manyPrompts();
    void promptIdsOutOfStep();
    void loadColumnsWithTwoReaders();
    void walThroughoutImport();
    void applicationIdOnNewStores();
    void readAccessNeverCreates();
    void olderStoreIsAdopted();
    void foreignFileUntouched_data();
    void foreignFileUntouched();
};

void TestStore::freshAndReopen()
{
    Fixture f;
    QVERIFY(f.open());
    QCOMPARE(f.store->schemaVersion(), 9);
    QCOMPARE(f.store->callCount(), 0);
    const auto rows = month();
    f.import(rows);
    QCOMPARE(f.store->callCount(), 6);
    QVERIFY(f.open());
    QCOMPARE(f.store->schemaVersion(), 9);
    QCOMPARE(f.store->callCount(), 6);
    QCOMPARE(f.store->imports().size(), 1);
    QVERIFY(QFile::exists(f.path() + QStringLiteral("-wal"))); // WAL mode while open
}

void TestStore::newerVersionIsAnError()
{
    Fixture f;
    QVERIFY(f.open());
    f.store.reset();
    setUserVersion(f.path(), 10);
    QString error;
    QVERIFY(!CallStore::open(f.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("newer costdash (schema version 10; this build reads up to 9)")),
             qPrintable(error));
}

void TestStore::notAStore()
{
    QTemporaryDir dir;
    const QString text = writeFile(dir, QStringLiteral("calls.csv"), QByteArray("timestamp,model\n").repeated(400));
    QString error;
    QVERIFY(!CallStore::open(text, &error));
    QVERIFY2(error.contains(QStringLiteral("not a costdash store")), qPrintable(error));
    QVERIFY(!CallStore::open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("is a directory")), qPrintable(error));
    QVERIFY(!CallStore::open(dir.filePath(QStringLiteral("no/such/folder/calls.db")), &error));
    QVERIFY2(error.contains(QStringLiteral("/no/such/folder does not exist")), qPrintable(error));
}

void TestStore::batchIsAtomic()
{
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    QVERIFY(f.import(std::span(rows).first(2)) > 0);
    QString error;
    // An import whose row another connection deleted fails after the rows went in: the whole batch must roll
    // back, new names included.
    ImportSession gone(*f.store);
    QCOMPARE(gone.begin({QStringLiteral("gone.csv"), 1, "dead01", QStringLiteral("csv")}, &error),
             ImportSession::Start::New);
    QVERIFY(execOn(f.path(), QStringLiteral("DELETE FROM imports WHERE sha256 = 'dead01'")));
    std::vector<CallRecord> bad{call("2025-03-05T00:00:00Z", "brand-new-model", "new-task", 1, 1)};
    bad[0].prompt = QStringLiteral("a prompt that never lands");
    QVERIFY(!gone.append(bad, {9, 9, 0, 0}, 9, &error));
    QVERIFY2(error.contains(QStringLiteral("no import with id")), qPrintable(error));
    QCOMPARE(f.store->callCount(), 2);
    QCOMPARE(f.store->imports().first().recordsDone, 2);
    const auto before = f.store->loadColumns(&error);
    QCOMPARE(before->models, (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-2024-08-06")}));
    QCOMPARE(before->size(), std::size_t(2));
    // The next good batch reuses the ids the failed one had taken in memory.
    std::vector<CallRecord> good{call("2025-03-06T00:00:00Z", "other-model", "t", 1, 1)};
    good[0].prompt = QStringLiteral("the prompt that lands");
    ImportSession next(*f.store);
    QCOMPARE(next.begin({QStringLiteral("good.csv"), 1, "cd02", QStringLiteral("csv")}, &error),
             ImportSession::Start::New);
    QVERIFY(next.append(good, {3, 3, 0, 0}, 3, &error));
    const auto after = f.store->loadColumns(&error);
    QCOMPARE(after->models.last(), QStringLiteral("other-model"));
    QCOMPARE(after->models.size(), 3);
    QCOMPARE(after->modelId.back(), 2);
    QCOMPARE(after->tasks.last(), QStringLiteral("t"));
    QCOMPARE(after->prompts.toStringList(), QStringList{QStringLiteral("the prompt that lands")});
    QCOMPARE(after->promptId.back(), 0);
    QCOMPARE(f.store->summarize({}, f.store->catalog()).calls, 3);
}

void TestStore::resumeFromRecordsDone()
{
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    QString error;
    const QByteArray sha = "ABCDEF0123";
    QVERIFY(!f.store->findImport(sha));
    const store::ImportSource source{QStringLiteral("month.csv"), 1234, sha, QStringLiteral("csv")};
    std::int64_t id = 0;
    {
        ImportSession session(*f.store);
        QCOMPARE(session.begin(source, &error), ImportSession::Start::New);
        id = session.id();
        QVERIFY(session.append(std::span(rows).first(4), {5, 4, 1, 0}, 5, &error));
    }
    QVERIFY(f.open()); // "killed": reopen without finishing
    auto found = f.store->findImport(sha);
    QVERIFY(found);
    QCOMPARE(found->id, id);
    QVERIFY(!found->finished);
    QCOMPARE(found->recordsDone, 5);
    QCOMPARE(found->counts.read, 5);
    QCOMPARE(found->counts.imported, 4);
    QCOMPARE(found->counts.skipped, 1);
    QCOMPARE(found->source.fileName, QStringLiteral("month.csv"));
    QCOMPARE(found->source.size, 1234);
    QCOMPARE(found->source.sha256, QByteArray("abcdef0123"));
    ImportSession resumed(*f.store);
    QCOMPARE(resumed.begin(source, &error), ImportSession::Start::Resumed);
    QCOMPARE(resumed.id(), id);
    QCOMPARE(resumed.earlier().recordsDone, 5);
    QVERIFY(resumed.append(std::span(rows).subspan(4), {7, 6, 1, 0}, 7, &error));
    QVERIFY(resumed.commit({7, 6, 1, 0}, &error));
    found = f.store->findImport("abcdef0123");
    QVERIFY(found->finished);
    QVERIFY(found->finishedMs >= found->startedMs);
    QCOMPARE(found->counts.imported, 6);
    QCOMPARE(f.store->callCount(), 6);
    ImportSession again(*f.store);
    QCOMPARE(again.begin(source, &error), ImportSession::Start::AlreadyImported);
    // An import that is no longer there cannot be finished.
    ImportSession gone(*f.store);
    QCOMPARE(gone.begin({QStringLiteral("gone.csv"), 1, "dead01", QStringLiteral("csv")}, &error),
             ImportSession::Start::New);
    QVERIFY(execOn(f.path(), QStringLiteral("DELETE FROM imports WHERE sha256 = 'dead01'")));
    QVERIFY(!gone.commit({}, &error));
    QVERIFY2(error.contains(QStringLiteral("no import with id")), qPrintable(error));
}

void TestStore::summary_data()
{
    QTest::addColumn<int>("by");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QStringList>("groups"); // "key calls in out cost unpriced", in output order
    QTest::addColumn<qint64>("calls");
    QTest::addColumn<qint64>("cost");
    QTest::addColumn<qint64>("unpriced");
    QTest::newRow("model") << int(GroupBy::Model) << "" << ""
                           << lines({"gpt-4o 2 1100 510 7251000 0", "deepseek-reasoner 1 2000 100 950000 0",
                                          "gpt-4o-mini 1 1000 1000 750000 0", "mystery-model 2 200 200 5000 1"})
                           << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("task") << int(GroupBy::Task) << "" << ""
                          << lines({"qa 3 1200 610 7256000 0", " 1 2000 100 950000 0", "code 2 1100 1100 750000 1"})
                          << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("provider") << int(GroupBy::Provider) << "" << ""
                              << lines({"openai 3 2100 1510 8001000 0", "deepseek 1 2000 100 950000 0",
                                             " 2 200 200 5000 1"})
                              << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("day") << int(GroupBy::Day) << "" << ""
                         << lines({"2025-03-01 2 1100 510 7251000 0", "2025-03-02 2 1100 1100 750000 1",
                                        "2025-03-03 2 2100 200 955000 0"})
                         << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("one day") << int(GroupBy::Model) << "2025-03-02" << "2025-03-02"
                             << lines({"gpt-4o-mini 1 1000 1000 750000 0", "mystery-model 1 100 100 0 1"})
                             << qint64(2) << qint64(750000) << qint64(1);
    QTest::newRow("from") << int(GroupBy::Day) << "2025-03-03" << ""
                          << lines({"2025-03-03 2 2100 200 955000 0"}) << qint64(2) << qint64(955000) << qint64(0);
    QTest::newRow("to") << int(GroupBy::Day) << "" << "2025-03-01"
                        << lines({"2025-03-01 2 1100 510 7251000 0"}) << qint64(2) << qint64(7251000) << qint64(0);
    QTest::newRow("empty range") << int(GroupBy::Model) << "2025-04-01" << "" << QStringList{} << qint64(0)
                                 << qint64(0) << qint64(0);
}

void TestStore::summary()
{
    QFETCH(int, by);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QStringList, groups);
    QFETCH(qint64, calls);
    QFETCH(qint64, cost);
    QFETCH(qint64, unpriced);
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    f.import(rows);
    SummaryQuery q;
    q.by = GroupBy(by);
    if (!from.isEmpty())
        q.fromDay = timeutil::parseDay(from);
    if (!to.isEmpty())
        q.toDay = timeutil::parseDay(to);
    for (int pass = 0; pass < 2; ++pass) { // from the rollup, then again after a reopen
        const Summary s = f.store->summarize(q, f.store->catalog());
        QStringList got;
        for (const SummaryGroup& g : s.groups)
            got << QStringLiteral("%1 %2 %3 %4 %5 %6")
                       .arg(g.key)
                       .arg(g.calls)
                       .arg(g.inputTokens)
                       .arg(g.outputTokens)
                       .arg(g.cost)
                       .arg(g.unpricedCalls);
        QCOMPARE(got, groups);
        QCOMPARE(s.calls, calls);
        QCOMPARE(s.cost, cost);
        QCOMPARE(s.unpricedCalls, unpriced);
        QCOMPARE(s.unpricedModels, unpriced ? QStringList{QStringLiteral("mystery-model")} : QStringList{});
        QVERIFY(f.open());
    }
}

void TestStore::summaryOtherCatalog()
{
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    f.import(rows);
    // A catalog that prices mystery-model at 1.00/2.00 per 1M: 100 in + 100 out = 300,000 nanos for the
    // unlogged row. The rollup was priced with the store's catalog, so this reads the rows.
    pricing::PriceCatalog other = f.store->catalog();
    pricing::PriceEntry e;
    e.model = QStringLiteral("mystery-model");
    e.effectiveFrom = at("2025-01-01");
    e.price.input = 1'000'000;
    e.price.output = 2'000'000;
    other.add(e);
    const Summary s = f.store->summarize({}, other);
    QCOMPARE(s.cost, 8956000 + 300000);
    QCOMPARE(s.unpricedCalls, 0);
    QVERIFY(s.unpricedModels.isEmpty());
    QCOMPARE(s.groups.size(), 4); // gpt-4o and its dated snapshot are one group
    // The rows path and the rollup agree to the nano-dollar: price with a catalog that differs only by a model
    // the store does not hold (so it reads the rows), group by group.
    pricing::PriceCatalog same = f.store->catalog();
    e.model = QStringLiteral("not-in-this-store");
    same.add(e);
    for (const GroupBy by : {GroupBy::Model, GroupBy::Task, GroupBy::Day, GroupBy::Provider}) {
        const Summary fromRollup = f.store->summarize({by, {}, {}}, f.store->catalog());
        const Summary fromRows = f.store->summarize({by, {}, {}}, same);
        QCOMPARE(fromRows.cost, fromRollup.cost);
        QCOMPARE(fromRows.unpricedModels, fromRollup.unpricedModels);
        QCOMPARE(fromRows.groups.size(), fromRollup.groups.size());
        for (qsizetype i = 0; i < fromRows.groups.size(); ++i) {
            QCOMPARE(fromRows.groups[i].key, fromRollup.groups[i].key);
            QCOMPARE(fromRows.groups[i].cost, fromRollup.groups[i].cost);
            QCOMPARE(fromRows.groups[i].calls, fromRollup.groups[i].calls);
            QCOMPARE(fromRows.groups[i].unpricedCalls, fromRollup.groups[i].unpricedCalls);
        }
    }
}

void TestStore::priceOverrides()
{
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    f.import(rows);
    pricing::PriceEntry e;
    e.model = QStringLiteral("mystery-model");
    e.provider = QStringLiteral("acme");
    e.effectiveFrom = at("2025-03-02T09:00:00Z"); // exactly the unlogged call's instant
    e.price.input = 1'000'000;
    e.price.output = 2'000'000;
    e.source = QStringLiteral("prices set");
    QString error;
    QVERIFY2(f.store->savePriceOverride(e, &error), qPrintable(error));
    QVERIFY(f.open());
    const QList<pricing::PriceEntry> saved = f.store->priceOverrides();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().model, e.model);
    QCOMPARE(saved.first().effectiveFrom, e.effectiveFrom);
    QCOMPARE(saved.first().price.output, 2'000'000);
    QCOMPARE(saved.first().source, e.source);
    const pricing::PriceCatalog catalog = f.store->catalog();
    QVERIFY(catalog.priceAt(QStringLiteral("gpt-4o"), at("2025-03-01"))); // the bundled snapshot is still there
    Summary s = f.store->summarize({}, catalog);
    QCOMPARE(s.cost, 8956000 + 300000);
    QCOMPARE(s.unpricedCalls, 0);
    // A later price for gpt-4o-mini from 2025-03-02T08:00:00.001: the 08:00:00.000 call keeps the bundled price.
    pricing::PriceEntry later;
    later.model = QStringLiteral("gpt-4o-mini");
    later.effectiveFrom = at("2025-03-02T08:00:00.001Z");
    later.price.input = 1;
    later.price.output = 1;
    QVERIFY(f.store->savePriceOverride(later, &error));
    s = f.store->summarize({}, f.store->catalog());
    QCOMPARE(s.cost, 8956000 + 300000);
    later.effectiveFrom = at("2025-03-02T08:00:00Z");
    QVERIFY(f.store->savePriceOverride(later, &error));
    s = f.store->summarize({}, f.store->catalog());
    QCOMPARE(s.cost, 8956000 + 300000 - 750000 + 2); // 2000 picos
    QCOMPARE(f.store->priceOverrides().size(), 3);
}

void TestStore::loadColumnsOrderAndValues()
{
    Fixture f;
    QVERIFY(f.open());
    std::vector<CallRecord> rows{call("2025-03-02T00:00:00Z", "b", "t1", 10, 1, 77),
                                 call("2025-03-01T00:00:00Z", "a", "t2", 20, 2),
                                 call("2025-03-02T00:00:00Z", "a", "t1", 30, 3),
                                 call("2025-03-01T12:00:00Z", "b", "", 40, 4)};
    rows[0].prompt = QStringLiteral("Hello  World");
    rows[2].prompt = QStringLiteral("Hello  World");
    rows[3].prompt = QStringLiteral("other");
    rows[1].success = false;
    rows[2].cachedInputTokens = 5;
    rows[2].cacheWriteTokens = 6;
    rows[3].provider = QStringLiteral("p");
    f.import(std::span(rows).first(2));
    f.import(std::span(rows).subspan(2), "cd02");
    QString error;
    const auto c = f.store->loadColumns(&error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->size(), std::size_t(4));
    // time order, ties by row id: row 2 (Mar 1 00:00), row 4 (Mar 1 12:00), row 1, row 3 (both Mar 2)
    QCOMPARE(c->rowId, (std::vector<std::int64_t>{2, 4, 1, 3}));
    QCOMPARE(c->timestampMs[1], at("2025-03-01T12:00:00Z"));
    QCOMPARE(c->models, (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(c->modelId, (std::vector<std::int32_t>{1, 0, 0, 1}));
    QCOMPARE(c->tasks, (QStringList{QStringLiteral("t1"), QStringLiteral("t2"), QString()}));
    QCOMPARE(c->taskId, (std::vector<std::int32_t>{1, 2, 0, 0}));
    QCOMPARE(c->prompts.toStringList(), (QStringList{QStringLiteral("Hello  World"), QStringLiteral("other")}));
    QCOMPARE(c->promptId, (std::vector<std::int32_t>{kNoPrompt, 1, 0, 0}));
    QCOMPARE(c->inputTokens, (std::vector<std::int64_t>{20, 40, 10, 30}));
    QCOMPARE(c->outputTokens, (std::vector<std::int64_t>{2, 4, 1, 3}));
    QCOMPARE(c->cachedInputTokens, (std::vector<std::int64_t>{0, 0, 0, 5}));
    QCOMPARE(c->cacheWriteTokens, (std::vector<std::int64_t>{0, 0, 0, 6}));
    QCOMPARE(c->loggedCost, (std::vector<money::Nanos>{kNoLoggedCost, kNoLoggedCost, 77, kNoLoggedCost}));
    QCOMPARE(c->success, (std::vector<std::uint8_t>{0, 1, 1, 1}));
    // the stored prompt hash is the what-if cache key's hash
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    db.setDatabaseName(f.path());
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT prompt_hash FROM calls WHERE id = 1")) && q.next());
    QCOMPARE(quint64(q.value(0).toLongLong()), promptKeyHash(QStringLiteral("hello world")));
    q = QSqlQuery();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void TestStore::promptHash_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << "Classify this ticket";
    QTest::newRow("white space") << "  Classify \t this\r\n\n ticket  ";
    QTest::newRow("empty") << "";
    QTest::newRow("only blanks") << " \t\n ";
    QTest::newRow("unicode upper") << QStringLiteral("ÉTÉ À PARIS Ωmega");
    QTest::newRow("unicode space") << QStringLiteral("a\u00a0b\u2003c\u0085d");
    QTest::newRow("surrogates") << QStringLiteral("emoji \U0001F600 here");
    QTest::newRow("digits and punctuation") << "Order #1234: ship to 5th Ave.";
    // long enough for the eight-at-a-time path, with blanks, capitals and non-ASCII inside and across its blocks
    QTest::newRow("long mixed") << QStringLiteral("  summarize_the_following:ticket#42   and\tTHEN list_the_next"
                                                  "_steps;\u00e9t\u00c9 ok\u00a0done.......... trailing   ");
    QTest::newRow("long capitals") << QStringLiteral("SUMMARIZE THE FOLLOWING SUPPORT TICKET FOR THE ON-CALL ENGINEER, "
                                                     "Then List The Next Steps @[AZ]` {az} ~\x7f.");
    QTest::newRow("long sentence") << QStringLiteral("Summarize the following support ticket #12 for the on-call "
                                                     "engineer and list the next steps;  a b  c d\n e f g h i j k l ");
}

void TestStore::promptHash()
{
    QFETCH(QString, text);
    QCOMPARE(importedNormHash(text), promptKeyHash(text));
    const QByteArray utf8 = text.toUtf8(); // what the import hashes
    QCOMPARE(importedNormHash(std::string_view(utf8.constData(), std::size_t(utf8.size()))),
             promptKeyHash(text));
}

void TestStore::asciiHashesInBatches()
{
    // The import hashes new ASCII prompts four at a time after normalizing them sixteen bytes at a time: every
    // text must get promptKeyHash's value, whatever its length, blanks and capitals, and wherever its block
    // boundaries fall. 1,001 texts (not a multiple of four) from a fixed seed.
    const char alphabet[] = "abcXYZ  ..  \t\n\r\v\f,#-_09AZaz@[`{\x7f";
    std::uint64_t seed = 42;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return std::uint32_t(seed >> 33);
    };
    std::vector<std::string> texts(1001);
    for (std::string& t : texts) {
        const std::size_t length = next() % 90;
        for (std::size_t i = 0; i < length; ++i)
            t += next() % 3 ? char('a' + next() % 26) : alphabet[next() % (sizeof alphabet - 1)];
    }
    texts[0] = std::string(64, ' ');
    texts[1] = "Sixteen bytes!!!Sixteen bytes!!!";
    std::vector<std::string_view> views(texts.begin(), texts.end());
    std::vector<std::uint64_t> hashes(texts.size());
    std::string scratch;
    detail::normalizedPromptHashes(views.data(), views.size(), hashes.data(), scratch);
    for (std::size_t k = 0; k < texts.size(); ++k)
        QCOMPARE(hashes[k], promptKeyHash(QString::fromLatin1(texts[k].data(), qsizetype(texts[k].size()))));
}

void TestStore::twoConnections()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    auto other = CallStore::open(f.path(), &error);
    QVERIFY(other);
    ImportSession s1(*f.store);
    ImportSession s2(*other);
    QCOMPARE(s1.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error), ImportSession::Start::New);
    QCOMPARE(s2.begin({QStringLiteral("b"), 1, "02", QStringLiteral("csv")}, &error), ImportSession::Start::New);
    std::vector<CallRecord> a{call("2025-03-01T00:00:00Z", "m1", "x", 1, 1)};
    std::vector<CallRecord> b{call("2025-03-02T00:00:00Z", "m2", "y", 1, 1)};
    std::vector<CallRecord> c{call("2025-03-03T00:00:00Z", "m3", "x", 1, 1)};
    QVERIFY(s1.append(a, {1, 1, 0, 0}, 1, &error));
    QVERIFY(s2.append(b, {1, 1, 0, 0}, 1, &error));
    QVERIFY(s1.append(c, {2, 2, 0, 0}, 2, &error)); // must see m2's id as taken
    const auto cols = other->loadColumns(&error);
    QCOMPARE(cols->models, (QStringList{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")}));
    QCOMPARE(cols->modelId, (std::vector<std::int32_t>{0, 1, 2}));
    QCOMPARE(cols->tasks, (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    QCOMPARE(cols->taskId, (std::vector<std::int32_t>{0, 1, 0}));
}

void TestStore::bulkPathsKeepEveryColumn()
{
    // 600 rows in three batches: plain (defaults as literals), full, plain; every column must come back as
    // written.
    std::vector<CallRecord> rows;
    for (int i = 0; i < 600; ++i) {
        CallRecord r = call("2025-03-01T00:00:00Z", i % 3 ? "gpt-4o" : "m2", i % 2 ? "a" : "b", 100 + i, i);
        r.timestampMs += i * 1000;
        r.cachedInputTokens = i >= 256 && i < 512 ? i % 5 : 0; // the plain statement writes 0 as a literal
        r.latencyMs = i % 7 ? std::optional<std::int64_t>(i * 10) : std::nullopt;
        r.loggedCost = i % 4 ? std::optional<money::Nanos>(i * 3) : std::nullopt;
        r.prompt = i % 6 ? QStringLiteral("prompt %1").arg(i % 9) : QString();
        r.success = i % 11 != 0;
        if (i >= 256 && i < 512 && i % 10 == 3) { // only the second block is not plain
            r.cacheWriteTokens = 2;
            r.reasoningTokens = 3;
            r.tag = QStringLiteral("tag%1").arg(i);
            r.user = QStringLiteral("user");
            r.httpStatus = 429;
            r.error = QStringLiteral("rate limited");
            r.requestId = QStringLiteral("req-%1").arg(i);
        }
        rows.push_back(r);
    }
    Fixture f;
    QVERIFY(f.open());
    QString error;
    {
        ImportSession session(*f.store);
        QCOMPARE(session.begin({QStringLiteral("f.csv"), 10, "ab01", QStringLiteral("csv")}, &error),
                 ImportSession::Start::New);
        std::int64_t begin = 0;
        for (const std::int64_t end : {256, 512, 600}) {
            const auto batch = std::span<const CallRecord>(rows).subspan(std::size_t(begin), std::size_t(end - begin));
            QVERIFY2(session.append(batch, {end, end, 0, 0}, end, &error), qPrintable(error));
            begin = end;
        }
    }
    f.store.reset();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bulk"));
    db.setDatabaseName(f.path());
    QVERIFY(db.open());
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "SELECT c.timestamp_ms, m.name, c.input_tokens, c.cached_tokens, c.cache_write_tokens, c.output_tokens, "
            "c.reasoning_tokens, c.latency_ms, c.cost_nusd, t.name, g.name, u.name, p.text, c.prompt_hash, c.success, "
            "c.http_status, c.error, c.request_id FROM calls c JOIN models m ON m.id = c.model_id "
            "JOIN tasks t ON t.id = c.task_id LEFT JOIN tags g ON g.id = c.tag_id LEFT JOIN users u ON u.id = c.user_id "
            "LEFT JOIN prompts p ON p.id = c.prompt_id ORDER BY c.id")));
        for (const CallRecord& r : rows) {
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toLongLong(), r.timestampMs);
            QCOMPARE(q.value(1).toString(), r.model);
            QCOMPARE(q.value(2).toLongLong(), r.inputTokens);
            QCOMPARE(q.value(3).toLongLong(), r.cachedInputTokens);
            QCOMPARE(q.value(4).toLongLong(), r.cacheWriteTokens);
            QCOMPARE(q.value(5).toLongLong(), r.outputTokens);
            QCOMPARE(q.value(6).toLongLong(), r.reasoningTokens);
            QCOMPARE(q.value(7).isNull(), !r.latencyMs);
            QCOMPARE(q.value(7).toLongLong(), r.latencyMs.value_or(0));
            QCOMPARE(q.value(8).isNull(), !r.loggedCost);
            QCOMPARE(q.value(8).toLongLong(), r.loggedCost.value_or(0));
            QCOMPARE(q.value(9).toString(), r.taskType);
            QCOMPARE(q.value(10).toString(), r.tag);
            QCOMPARE(q.value(11).toString(), r.user);
            QCOMPARE(q.value(12).toString(), r.prompt);
            QCOMPARE(quint64(q.value(13).toLongLong()), r.prompt.isEmpty() ? 0 : promptKeyHash(r.prompt));
            QCOMPARE(q.value(14).toBool(), r.success);
            QCOMPARE(q.value(15).toInt(), r.httpStatus);
            QCOMPARE(q.value(16).toString(), r.error);
            QCOMPARE(q.value(17).toString(), r.requestId);
        }
        QVERIFY(!q.next());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM prompts")) && q.next());
        QCOMPARE(q.value(0).toInt(), 9);
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("bulk"));
}

void TestStore::manyPrompts()
{
    // Enough distinct prompts to grow the in-memory prompt table several times, each seen three times, in two
    // imports (the second one reloads the table from the file), with non-ASCII text.
    std::vector<CallRecord> rows;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 3000; ++i) {
            CallRecord r = call("2025-03-01T00:00:00Z", "m", "t", 1, 1);
            r.timestampMs += round * 3000 + i;
            r.prompt = QStringLiteral("Résumé n°%1 — ünïcödé %2").arg(i).arg(QString(i % 7, u'x'));
            rows.push_back(r);
        }
    }
    Fixture f;
    QVERIFY(f.open());
    QVERIFY(importRows(*f.store, std::span(rows).first(4500)) > 0);
    QVERIFY(f.open());
    QVERIFY(importRows(*f.store, std::span(rows).subspan(4500), "cd02") > 0);
    QString error;
    const auto c = f.store->loadColumns(&error);
    QVERIFY(c);
    QCOMPARE(c->prompts.size(), 3000u);
    for (std::size_t k = 0; k < c->size(); ++k)
        QCOMPARE(c->prompts.text(std::size_t(c->promptId[k])), rows[k].prompt);
}

void TestStore::promptIdsOutOfStep()
{
    // SQLite numbers new prompts from the largest id; the store assigns them from its dictionary. When another
    // program left a gap in the ids, the two would disagree: the batch is refused and the file keeps its rows.
    Fixture f;
    QVERIFY(f.open());
    QString error;
    ImportSession session(*f.store);
    QCOMPARE(session.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error), ImportSession::Start::New);
    std::vector<CallRecord> rows{call("2025-03-01T00:00:00Z", "m", "t", 1, 1)};
    rows[0].prompt = QStringLiteral("first");
    QVERIFY(session.append(rows, {1, 1, 0, 0}, 1, &error));
    QVERIFY(execOn(f.path(), QStringLiteral("INSERT INTO prompts(id, text, norm_hash) VALUES(10, 'gap', 0)")));
    rows[0].prompt = QStringLiteral("second");
    QVERIFY(!session.append(rows, {2, 2, 0, 0}, 2, &error));
    QVERIFY2(error.contains(QStringLiteral("prompts")), qPrintable(error));
    QCOMPARE(column(f.path(), "SELECT id || '=' || text FROM prompts ORDER BY id"),
             (QStringList{QStringLiteral("1=first"), QStringLiteral("10=gap")}));
    QCOMPARE(column(f.path(), "SELECT COUNT(*) FROM calls"), QStringList{QStringLiteral("1")});
}

void TestStore::loadColumnsWithTwoReaders()
{
    // More calls than several id ranges of the two readers (32,768 ids each): whichever way they split them, every
    // call comes back once, in (timestamp, id) order, with its values; the prompts reach promptsRead once, all of
    // them, on the second reader's thread.
    constexpr int kCalls = 100'000;
    std::vector<CallRecord> rows;
    rows.reserve(kCalls);
    for (int i = 0; i < kCalls; ++i) {
        CallRecord r = call("2025-03-01T00:00:00Z", i % 3 ? "a" : "b", i % 5 ? "t1" : "t2", i, 2 * i,
                            i % 4 ? std::optional<money::Nanos>(i) : std::nullopt);
        r.timestampMs += (i % 1000) * 1000; // not in id order: the store sorts, ties by id
        r.cachedInputTokens = i % 7;
        r.cacheWriteTokens = i % 11;
        r.success = i % 13 != 0;
        if (i % 6)
            r.prompt = QStringLiteral("prompt %1").arg(i % 5000);
        rows.push_back(r);
    }
    Fixture f;
    QVERIFY(f.open());
    QVERIFY(importRows(*f.store, rows) > 0);
    QString error;
    int promptsReadCalls = 0;
    std::size_t promptsSeen = 0;
    bool onOtherThread = false;
    QThread* const caller = QThread::currentThread();
    const auto c = f.store->loadColumns(&error, [&](const TextArena& prompts) {
        ++promptsReadCalls;
        promptsSeen = prompts.size();
        onOtherThread = QThread::currentThread() != caller;
    });
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(promptsReadCalls, 1);
    QCOMPARE(promptsSeen, c->prompts.size());
    QVERIFY(onOtherThread);
    QCOMPARE(c->size(), std::size_t(kCalls));
    QCOMPARE(c->prompts.size(), std::size_t(5000));
    for (std::size_t k = 0; k < c->size(); ++k) {
        if (k > 0) {
            QVERIFY(c->timestampMs[k - 1] <= c->timestampMs[k]);
            QVERIFY(c->timestampMs[k - 1] < c->timestampMs[k] || c->rowId[k - 1] < c->rowId[k]);
        }
        const CallRecord& r = rows[std::size_t(c->rowId[k] - 1)];
        QCOMPARE(c->timestampMs[k], r.timestampMs);
        QCOMPARE(c->models.at(c->modelId[k]), r.model);
        QCOMPARE(c->tasks.at(c->taskId[k]), r.taskType);
        QCOMPARE(c->promptId[k] == kNoPrompt ? QString() : c->prompts.text(std::size_t(c->promptId[k])), r.prompt);
        QCOMPARE(c->inputTokens[k], r.inputTokens);
        QCOMPARE(c->cachedInputTokens[k], r.cachedInputTokens);
        QCOMPARE(c->cacheWriteTokens[k], r.cacheWriteTokens);
        QCOMPARE(c->outputTokens[k], r.outputTokens);
        QCOMPARE(c->loggedCost[k], r.loggedCost.value_or(kNoLoggedCost));
        QCOMPARE(c->success[k], std::uint8_t(r.success));
    }
}

namespace {

// Byte 18 of an SQLite file header: 1 = rollback journal, 2 = WAL.
int fileFormatVersion(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray header = file.read(100);
    return header.size() == 100 ? int(header[18]) : -1;
}

// A digest that is not ready until the test sets it.
struct LateDigest final : FileDigest {
    QByteArray sha256;
    bool ready() const override { return !sha256.isEmpty(); }
    QByteArray wait(QString*) override { return sha256; }
};

} // namespace

void TestStore::walThroughoutImport()
{
    Fixture f;
    QVERIFY(f.open());
    QCOMPARE(fileFormatVersion(f.path()), 2);
    QString error;
    std::vector<CallRecord> rows{call("2025-03-01T00:00:00Z", "m1", "x", 1, 1)};
    // Alone on the file, mid-import and after: WAL, with synchronous=NORMAL (never OFF).
    ImportSession first(*f.store);
    QCOMPARE(first.begin({QStringLiteral("a"), 1, "01", QStringLiteral("csv")}, &error), ImportSession::Start::New);
    QVERIFY(first.append(rows, {1, 1, 0, 0}, 1, &error));
    QCOMPARE(fileFormatVersion(f.path()), 2);
    QVERIFY(!QFile::exists(f.path() + QStringLiteral("-journal")));
    QVERIFY(QFile::exists(f.path() + QStringLiteral("-wal")));
    QVERIFY(first.commit({1, 1, 0, 0}, &error));
    QCOMPARE(fileFormatVersion(f.path()), 2);
    // A provisional import (one transaction held across batches: no import of its size, its digest not ready)
    // stays in WAL too, and a reader keeps reading.
    auto reader = CallStore::open(f.path(), &error, CallStore::Access::Read);
    QVERIFY(reader);
    LateDigest digest;
    ImportSession second(*f.store);
    QCOMPARE(second.begin({QStringLiteral("b"), 2, {}, QStringLiteral("csv")}, digest, &error),
             ImportSession::Start::New);
    QVERIFY(second.append(rows, {1, 1, 0, 0}, 1, &error));
    QCOMPARE(fileFormatVersion(f.path()), 2);
    QCOMPARE(reader->callCount(), 1); // the held transaction is not committed yet
    digest.sha256 = "02";
    QVERIFY(second.keep(&error)); // settled: the file's SHA-256 recorded, the transaction committed
    QCOMPARE(reader->callCount(), 2);
    QVERIFY(f.store->findImport("02"));
    QVERIFY(second.commit({1, 1, 0, 0}, &error));
    QVERIFY(!QFile::exists(f.path() + QStringLiteral("-journal")));
}

void TestStore::applicationIdOnNewStores()
{
    Fixture f;
    QVERIFY(f.open());
    QCOMPARE(column(f.path(), "PRAGMA application_id"), QStringList{QString::number(0x43445348)});
    QFile file(f.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(72).mid(68).toHex(), QByteArray("43445348")); // "CDSH", in the header itself
}

void TestStore::readAccessNeverCreates()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("typo.db"));
    QString error;
    QVERIFY(!CallStore::open(path, &error, CallStore::Access::Read));
    QCOMPARE(error, QStringLiteral("it does not exist"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{});
    writeFile(path, {});
    QVERIFY(!CallStore::open(path, &error, CallStore::Access::Read));
    QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), 0);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("typo.db")});
}

void TestStore::olderStoreIsAdopted()
{
    // A store of a costdash from before application ids: user_version 1, our tables, id 0.
    Fixture f;
    QVERIFY(f.open());
    const auto rows = month();
    f.import(rows);
    f.store.reset();
    QVERIFY(execOn(f.path(), QStringLiteral("PRAGMA application_id = 0")));
    QString error;
    auto reader = CallStore::open(f.path(), &error, CallStore::Access::Read);
    QVERIFY2(reader, qPrintable(error));
    QCOMPARE(reader->callCount(), 6);
    reader.reset();
    QCOMPARE(column(f.path(), "PRAGMA application_id"), QStringList{QStringLiteral("0")}); // a reader writes nothing
    QVERIFY(f.open());
    QCOMPARE(f.store->callCount(), 6);
    QCOMPARE(column(f.path(), "PRAGMA application_id"), QStringList{QString::number(0x43445348)});
}

void TestStore::foreignFileUntouched_data()
{
    QTest::addColumn<QStringList>("setup"); // statements run on a new SQLite file; empty: a text file
    QTest::addColumn<QString>("reason");
    QTest::newRow("text") << QStringList{} << QStringLiteral("not an SQLite database");
    QTest::newRow("another app's tables")
        << QStringList{QStringLiteral("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)"),
                       QStringLiteral("INSERT INTO notes(body) VALUES('keep me')")}
        << QStringLiteral("another application's data");
    QTest::newRow("a table named calls")
        << QStringList{QStringLiteral("CREATE TABLE calls(x)"), QStringLiteral("PRAGMA user_version = 1")}
        << QStringLiteral("another application's data");
    QTest::newRow("another app's id")
        << QStringList{QStringLiteral("PRAGMA application_id = 1234"), QStringLiteral("CREATE TABLE t(x)")}
        << QStringLiteral("application_id 0x000004d2");
    QTest::newRow("another app's id, WAL")
        << QStringList{QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA application_id = 99"),
                       QStringLiteral("CREATE TABLE t(x)")}
        << QStringLiteral("application_id 0x00000063");
    QTest::newRow("id 0, WAL")
        << QStringList{QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("CREATE TABLE t(x)")}
        << QStringLiteral("another application's data");
}

void TestStore::foreignFileUntouched()
{
    QFETCH(QStringList, setup);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.db"));
    if (setup.isEmpty()) {
        writeFile(path, QByteArray("timestamp,model\n").repeated(10));
    } else {
        withConnection(path, [&](QSqlDatabase& db) {
            for (const QString& sql : setup)
                QVERIFY2(QSqlQuery(db).exec(sql), qPrintable(sql));
        });
    }
    const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);
    const QByteArray before = readAll(path);
    for (const auto access : {CallStore::Access::ReadWrite, CallStore::Access::Read}) {
        QString error;
        QVERIFY(!CallStore::open(path, &error, access));
        QVERIFY2(error.startsWith(QStringLiteral("not a costdash store: ")) && error.contains(reason)
                     && error.endsWith(QStringLiteral("(left unchanged)")),
                 qPrintable(error));
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), filesBefore);
    }
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
