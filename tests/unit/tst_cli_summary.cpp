// End-to-end: `costdash summary` on stores this test fills through CallStore.
#include "CliRunner.h"
#include "SampleMonth.h"
#include "TestFiles.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::testing;

class TestCliSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void json_data();
    void json();
    void overviewFiguresJson();
    void text();
    void textShowsUnpricedGroups();
    void emptyStore();
    void controlCharactersInNames();
    void missingStore();
    void badUsage_data();
    void badUsage();

private:
    QTemporaryDir m_dir;
    QString m_db;
};

void TestCliSummary::initTestCase()
{
    m_db = m_dir.filePath(QStringLiteral("month.db"));
    QString error;
    auto store = store::CallStore::open(m_db, &error);
    QVERIFY2(store, qPrintable(error));
    const auto rows = month();
    QVERIFY(importRows(*store, rows) > 0);
}

void TestCliSummary::json_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("groups"); // "key calls in out cost_nusd", in output order
    QTest::addColumn<qint64>("calls");
    QTest::addColumn<qint64>("cost");
    QTest::addColumn<qint64>("unpriced");
    QTest::newRow("default is model")
        << QStringList{}
        << lines({"gpt-4o 2 1100 510 7251000", "deepseek-reasoner 1 2000 100 950000",
                  "gpt-4o-mini 1 1000 1000 750000", "mystery-model 2 200 200 5000"})
        << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("task") << lines({"--by", "task"})
                          << lines({"qa 3 1200 610 7256000", " 1 2000 100 950000", "code 2 1100 1100 750000"})
                          << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("provider") << lines({"--by", "provider"})
                              << lines({"openai 3 2100 1510 8001000", "deepseek 1 2000 100 950000", " 2 200 200 5000"})
                              << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("day") << lines({"--by", "day"})
                         << lines({"2025-03-01 2 1100 510 7251000", "2025-03-02 2 1100 1100 750000",
                                   "2025-03-03 2 2100 200 955000"})
                         << qint64(6) << qint64(8956000) << qint64(1);
    QTest::newRow("from to") << lines({"--by", "model", "--from", "2025-03-02", "--to", "2025-03-02"})
                             << lines({"gpt-4o-mini 1 1000 1000 750000", "mystery-model 1 100 100 0"}) << qint64(2)
                             << qint64(750000) << qint64(1);
    QTest::newRow("from") << lines({"--by", "day", "--from", "2025-03-03"}) << lines({"2025-03-03 2 2100 200 955000"})
                          << qint64(2) << qint64(955000) << qint64(0);
}

void TestCliSummary::json()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, groups);
    QFETCH(qint64, calls);
    QFETCH(qint64, cost);
    QFETCH(qint64, unpriced);
    const CliResult r = runCli(QStringList{QStringLiteral("summary"), QStringLiteral("--db"), m_db,
                                           QStringLiteral("--json")}
                               + args);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("calls")).toInteger(), calls);
    QCOMPARE(o.value(QLatin1String("cost_nusd")).toInteger(), cost);
    QCOMPARE(o.value(QLatin1String("cost_usd")).toDouble(), double(cost) / 1e9);
    QCOMPARE(o.value(QLatin1String("unpriced_calls")).toInteger(), unpriced);
    QCOMPARE(o.value(QLatin1String("unpriced_models")).toArray().toVariantList().size(), unpriced ? 1 : 0);
    if (unpriced)
        QCOMPARE(o.value(QLatin1String("unpriced_models")).toArray().at(0).toString(), QStringLiteral("mystery-model"));
    QStringList got;
    for (const QJsonValue v : o.value(QLatin1String("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        QCOMPARE(g.value(QLatin1String("cost_usd")).toDouble(),
                 double(g.value(QLatin1String("cost_nusd")).toInteger()) / 1e9);
        got << QStringLiteral("%1 %2 %3 %4 %5")
                   .arg(g.value(QLatin1String("key")).toString())
                   .arg(g.value(QLatin1String("calls")).toInteger())
                   .arg(g.value(QLatin1String("input_tokens")).toInteger())
                   .arg(g.value(QLatin1String("output_tokens")).toInteger())
                   .arg(g.value(QLatin1String("cost_nusd")).toInteger());
    }
    QCOMPARE(got, groups);
}

// What the window's Overview shows besides the groups: spend per day split by model, cost by token class at the
// catalog's prices, latency and errors per model. Worked out by hand from the rows below.
void TestCliSummary::overviewFiguresJson()
{
    const QString db = m_dir.filePath(QStringLiteral("overview.db"));
    {
        QString error;
        auto store = store::CallStore::open(db, &error);
        QVERIFY2(store, qPrintable(error));
        std::vector<CallRecord> rows;
        for (int i = 1; i <= 20; ++i) { // gpt-4o, 2025-03-01: latencies 100..2000 ms, the 20th failed
            rows.push_back(call("2025-03-01T10:00:00Z", "gpt-4o", "qa", 1000, 100));
            rows.back().latencyMs = 100 * i;
            rows.back().success = i != 20;
        }
        // 2025-03-03 (03-02 has no call: its column is 0): 1000 in of which 400 cached, 300 out of which 200
        // reasoning; logged $1 (the split still prices the tokens at the catalog's).
        rows.push_back(call("2025-03-03T10:00:00Z", "gpt-4o-2024-08-06", "qa", 1000, 300, 1'000'000'000));
        rows.back().cachedInputTokens = 400;
        rows.back().reasoningTokens = 200;
        rows.push_back(call("2025-03-03T11:00:00Z", "mystery-model", "qa", 10, 10)); // unpriced, no latency
        QVERIFY(importRows(*store, rows) > 0);
    }
    const CliResult r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();

    const QJsonObject byDay = o.value(QLatin1String("spend_by_day")).toObject();
    QCOMPARE(byDay.value(QLatin1String("split_by")).toString(), QStringLiteral("model"));
    QCOMPARE(byDay.value(QLatin1String("days")).toVariant().toStringList(),
             lines({"2025-03-01", "2025-03-02", "2025-03-03"}));
    QCOMPARE(byDay.value(QLatin1String("keys")).toVariant().toStringList(), lines({"gpt-4o"})); // mystery spent $0
    // 20 calls × (1000 × $2.50 + 100 × $10.00) / 1M = $0.07 on 03-01; the logged $1 on 03-03.
    const QJsonArray amounts = byDay.value(QLatin1String("amounts_nusd")).toArray().at(0).toArray();
    QCOMPARE(amounts.size(), 3);
    QCOMPARE(amounts.at(0).toInteger(), 70'000'000);
    QCOMPARE(amounts.at(1).toInteger(), 0);
    QCOMPARE(amounts.at(2).toInteger(), 1'000'000'000);

    const QJsonObject classes = o.value(QLatin1String("token_classes")).toObject();
    const auto cls = [&classes](const char* name, const char* field) {
        return classes.value(QLatin1String(name)).toObject().value(QLatin1String(field)).toInteger(-1);
    };
    // input: 20 × 1000 + 600 uncached at $2.50/M = 51,500,000 nano; cached: 400 at $1.25/M = 500,000;
    // output: 20 × 100 + 100 at $10/M = 21,000,000; reasoning: 200 at $10/M = 2,000,000.
    QCOMPARE(cls("input", "cost_nusd"), 51'500'000);
    QCOMPARE(cls("input", "tokens"), 20'600);
    QCOMPARE(cls("cached_input", "cost_nusd"), 500'000);
    QCOMPARE(cls("cached_input", "tokens"), 400);
    QCOMPARE(cls("output", "cost_nusd"), 21'000'000);
    QCOMPARE(cls("output", "tokens"), 2'100);
    QCOMPARE(cls("reasoning", "cost_nusd"), 2'000'000);
    QCOMPARE(cls("reasoning", "tokens"), 200);
    QCOMPARE(classes.value(QLatin1String("priced_calls")).toInteger(), 21);
    QCOMPARE(classes.value(QLatin1String("unpriced_calls")).toInteger(), 1);

    const QJsonArray models = o.value(QLatin1String("latency_by_model")).toArray();
    QCOMPARE(models.size(), 2);
    const QJsonObject gpt = models.at(0).toObject(); // the dated name is the same catalog model
    QCOMPARE(gpt.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(gpt.value(QLatin1String("calls")).toInteger(), 21);
    QCOMPARE(gpt.value(QLatin1String("failed")).toInteger(), 1);
    QCOMPARE(gpt.value(QLatin1String("error_rate")).toDouble(), 1.0 / 21.0);
    QCOMPARE(gpt.value(QLatin1String("timed_calls")).toInteger(), 20);
    QCOMPARE(gpt.value(QLatin1String("p50_ms")).toInteger(), 1000); // nearest rank: the 10th of 20
    QCOMPARE(gpt.value(QLatin1String("p95_ms")).toInteger(), 1900); // the 19th of 20
    const QJsonObject mystery = models.at(1).toObject();
    QCOMPARE(mystery.value(QLatin1String("model")).toString(), QStringLiteral("mystery-model"));
    QVERIFY(mystery.value(QLatin1String("p50_ms")).isNull()); // no latency logged: none, not 0 ms

    // The period narrows every figure.
    const CliResult day = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json"),
                                  QStringLiteral("--from"), QStringLiteral("2025-03-03")});
    QCOMPARE(day.exitCode, 0);
    const QJsonObject narrowed = day.json();
    QCOMPARE(narrowed.value(QLatin1String("spend_by_day")).toObject().value(QLatin1String("days")).toVariant().toStringList(),
             lines({"2025-03-03"}));
    QCOMPARE(narrowed.value(QLatin1String("token_classes")).toObject().value(QLatin1String("priced_calls")).toInteger(), 1);
    QVERIFY(narrowed.value(QLatin1String("latency_by_model")).toArray().at(0).toObject().value(QLatin1String("p50_ms")).isNull());
}

void TestCliSummary::textShowsUnpricedGroups()
{
    // On 2025-03-02 mystery-model has one call, unpriced: its line says so instead of a $0 cost.
    const CliResult r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--from"),
                                QStringLiteral("2025-03-02"), QStringLiteral("--to"), QStringLiteral("2025-03-02")});
    QCOMPARE(r.exitCode, 0);
    const QStringList out = QString::fromUtf8(r.out).split(u'\n');
    QCOMPARE(out.value(2), QStringLiteral("mystery-model          1             100             100         unpriced         1"));
}

void TestCliSummary::text()
{
    const CliResult r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--by"),
                                QStringLiteral("task")});
    QCOMPARE(r.exitCode, 0);
    const QStringList out = QString::fromUtf8(r.out).split(u'\n');
    QCOMPARE(out.value(0), QStringLiteral("task        calls       input tok      output tok             cost  unpriced"));
    QCOMPARE(out.value(1), QStringLiteral("qa              3           1,200             610        $0.007256         0"));
    QCOMPARE(out.value(2), QStringLiteral("(none)          1           2,000             100        $0.000950         0"));
    QCOMPARE(out.value(3), QStringLiteral("code            2           1,100           1,100        $0.000750         1"));
    QCOMPARE(out.value(5), QStringLiteral("6 calls, cost $0.008956 (0.008956000 USD exactly)"));
    QVERIFY(out.value(6).startsWith(QStringLiteral("1 unpriced calls")));
    QVERIFY(out.value(6).endsWith(QStringLiteral(": mystery-model")));
}

// A model name from a log never drives the terminal: the text table escapes its control characters, and the
// JSON stays valid and gives the name back exactly.
void TestCliSummary::controlCharactersInNames()
{
    const QString red = QStringLiteral("\x1b[31mred\x1b[0m");
    const QString bidi = QStringLiteral("bidi\u202Eevil");
    const QString quoted = QStringLiteral("q\"b\\s\x01");
    const QByteArray csv = "timestamp,model,input_tokens,output_tokens,cost_usd\n"
                           "2025-11-03T10:00:00Z," + red.toUtf8() + ",1,1,0.5\n"
                           "2025-11-03T10:00:00Z," + bidi.toUtf8() + ",1,1,0.25\n"
                           "2025-11-03T10:00:00Z,\"" + QByteArray(quoted.toUtf8()).replace("\"", "\"\"") + "\",1,1,0.125\n";
    const QString db = m_dir.filePath(QStringLiteral("names.db"));
    const CliResult imported = runCli({QStringLiteral("import"), writeFile(m_dir, QStringLiteral("names.csv"), csv),
                                       QStringLiteral("--db"), db});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const CliResult text = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db});
    QCOMPARE(text.exitCode, 0);
    for (const char c : text.out)
        QVERIFY2(c == '\n' || uchar(c) >= 0x20, text.out.toPercentEncoding().constData());
    const QString shown = QString::fromUtf8(text.out);
    QVERIFY2(shown.contains(QStringLiteral("\\x1B[31mred\\x1B[0m ")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("bidi\\u202Eevil ")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("q\"b\\s\\x01 ")), qPrintable(shown));
    const CliResult json = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QStringList keys;
    for (const QJsonValue g : doc.object().value(QLatin1String("groups")).toArray())
        keys << g.toObject().value(QLatin1String("key")).toString();
    QCOMPARE(keys, (QStringList{red, bidi, quoted}));
}

void TestCliSummary::emptyStore()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("new.db"));
    QVERIFY(store::CallStore::open(db, nullptr)); // created by a writer, empty
    const CliResult r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("calls")).toInteger(-1), 0);
    QCOMPARE(o.value(QLatin1String("cost_nusd")).toInteger(-1), 0);
    QVERIFY(o.value(QLatin1String("groups")).isArray());
    QCOMPARE(o.value(QLatin1String("groups")).toArray().size(), 0);
}

// A read-only command never creates a store: a mistyped --db is an error, and no file appears.
void TestCliSummary::missingStore()
{
    QTemporaryDir dir;
    const QString typo = dir.filePath(QStringLiteral("typo.db"));
    const CliResult r = runCli({QStringLiteral("summary"), QStringLiteral("--db"), typo});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, (QStringLiteral("costdash: cannot open the store %1: it does not exist\n").arg(typo)).toUtf8());
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{});
}

void TestCliSummary::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad by") << lines({"--by", "week"}) << 2 << "--by must be model, task, day or provider";
    QTest::newRow("bad from") << lines({"--from", "March"}) << 2 << "--from must be a day";
    QTest::newRow("bad to") << lines({"--to", "2025-13-01"}) << 2 << "--to must be a day";
    QTest::newRow("from after to") << lines({"--from", "2025-03-02", "--to", "2025-03-01"}) << 2
                                   << "--from is after --to";
    QTest::newRow("argument") << lines({"extra"}) << 2 << "summary takes no arguments";
    QTest::newRow("unknown option") << lines({"--color"}) << 2 << "Unknown option";
}

void TestCliSummary::badUsage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CliResult r = runCli(QStringList{QStringLiteral("summary"), QStringLiteral("--db"), m_db} + args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliSummary)
#include "tst_cli_summary.moc"
