// End-to-end: `costdash prices list|import|set`, and their effect on `costdash summary`.
#include "CliRunner.h"
#include "SampleMonth.h"
#include "StoreFiles.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::testing;

namespace {

struct MonthStore {
    QTemporaryDir dir;
    QString db;
    MonthStore()
    {
        db = dir.filePath(QStringLiteral("month.db"));
        QString error;
        auto store = store::CallStore::open(db, &error);
        const auto rows = month();
        if (!store || importRows(*store, rows) < 0)
            qWarning("cannot fill the store: %s", qPrintable(error));
    }
    CliResult run(const QStringList& args) const { return runCli(args + QStringList{QStringLiteral("--db"), db}); }
    qint64 summaryCost() const
    {
        return run(lines({"summary", "--json"})).json().value(QLatin1String("cost_nusd")).toInteger(-1);
    }
    QString write(const char* name, const QByteArray& content) const
    {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
        return path;
    }
};

QJsonObject groupOf(const QJsonObject& reprice, const QString& model)
{
    for (const QJsonValue v : reprice.value(QLatin1String("groups")).toArray()) {
        if (v.toObject().value(QLatin1String("model")).toString() == model)
            return v.toObject();
    }
    return {};
}

QJsonObject entryOf(const QJsonObject& list, const QString& model)
{
    for (const QJsonValue v : list.value(QLatin1String("entries")).toArray()) {
        if (v.toObject().value(QLatin1String("model")).toString() == model)
            return v.toObject();
    }
    return {};
}

} // namespace

class TestCliPrices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listBundled();
    void listText();
    void setPricesUnpricedModel();
    void setResolvesAndDates();
    void importLiteLlm();
    void importOwnFormat();
    void importLiteLlmReportsBadPrices();
    void importReportsChanges();
    void repriceAtTodaysPrices();
    void unreadableStoredPriceIsNamed();
    void errors_data();
    void errors();
};

void TestCliPrices::listBundled()
{
    const MonthStore s;
    const CliResult r = s.run(lines({"prices", "list", "--json"}));
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("format")).toString(), QStringLiteral("costdash-price-catalog"));
    QCOMPARE(o.value(QLatin1String("entries")).toArray().size(), 8);
    const QJsonObject gpt4o = entryOf(o, QStringLiteral("gpt-4o"));
    QCOMPARE(gpt4o.value(QLatin1String("input")).toString(), QStringLiteral("2.50"));
    QCOMPARE(gpt4o.value(QLatin1String("output")).toString(), QStringLiteral("10.00"));
    QCOMPARE(gpt4o.value(QLatin1String("cached_input")).toString(), QStringLiteral("1.25"));
    QCOMPARE(gpt4o.value(QLatin1String("batch_discount")).toString(), QStringLiteral("0.50"));
    QCOMPARE(gpt4o.value(QLatin1String("origin")).toString(), QStringLiteral("bundled"));
    QCOMPARE(entryOf(o, QStringLiteral("Qwen/Qwen3-32B")).value(QLatin1String("single_rate")).toString(),
             QStringLiteral("0.28"));
    QCOMPARE(entryOf(o, QStringLiteral("gpt-4o-mini")).value(QLatin1String("cached_input")).toString(),
             QStringLiteral("0.075"));
}

void TestCliPrices::listText()
{
    const MonthStore s;
    const CliResult r = s.run(lines({"prices", "list"}));
    QCOMPARE(r.exitCode, 0);
    const QStringList out = QString::fromUtf8(r.out).split(u'\n');
    QVERIFY(out.contains(QStringLiteral("gpt-4o-mini                  openai     2024-01-01      $0.15      $0.60  "
                                        "$0.075000    50%  bundled")));
    QVERIFY(out.contains(QStringLiteral("Qwen/Qwen3-32B               qwen       2024-01-01      $0.28      $0.28  "
                                        "        -      -  bundled (one published rate)")));
}

void TestCliPrices::setPricesUnpricedModel()
{
    const MonthStore s;
    QCOMPARE(s.summaryCost(), 8956000);
    // mystery-model's unlogged call: 100 in * 1.00 + 100 out * 2.00 per 1M = 300,000 nanos
    const CliResult r = s.run(lines({"prices", "set", "mystery-model", "--input", "1", "--output", "2.00",
                                     "--provider", "acme"}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral("mystery-model: input $1.00, output $2.00 per 1M tokens from 2024-01-01\n"));
    const QJsonObject summary = s.run(lines({"summary", "--json"})).json();
    QCOMPARE(summary.value(QLatin1String("cost_nusd")).toInteger(), 8956000 + 300000);
    QCOMPARE(summary.value(QLatin1String("unpriced_calls")).toInteger(-1), 0);
    QCOMPARE(summary.value(QLatin1String("unpriced_models")).toArray().size(), 0);
    const QJsonObject entry = entryOf(s.run(lines({"prices", "list", "--json"})).json(), QStringLiteral("mystery-model"));
    QCOMPARE(entry.value(QLatin1String("origin")).toString(), QStringLiteral("store"));
    QCOMPARE(entry.value(QLatin1String("provider")).toString(), QStringLiteral("acme"));
    QCOMPARE(entry.value(QLatin1String("output")).toString(), QStringLiteral("2.00"));
}

void TestCliPrices::setResolvesAndDates()
{
    const MonthStore s;
    // A snapshot name with a provider prefix resolves to gpt-4o-mini; the new price starts on 2025-03-02, so
    // the 2025-03-02 call (1000 in, 1000 out) costs 1000 * 1.00 + 1000 * 1.00 per 1M = 2,000,000 instead of 750,000.
    CliResult r = s.run(lines({"prices", "set", "openai/gpt-4o-mini-2024-07-18", "--input", "1", "--output", "1",
                               "--from", "2025-03-02"}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("gpt-4o-mini: "));
    QCOMPARE(s.summaryCost(), 8956000 - 750000 + 2000000);
    // From the day after, the 2025-03-02 call keeps the bundled price.
    r = s.run(lines({"prices", "set", "gpt-4o-mini", "--input", "1", "--output", "1", "--from", "2025-03-03"}));
    QCOMPARE(r.exitCode, 0);
    // Setting the same model and day again replaces that entry.
    r = s.run(lines({"prices", "set", "gpt-4o-mini", "--input", "0.15", "--output", "0.60", "--from", "2025-03-02"}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(s.summaryCost(), 8956000);
    const QJsonObject list = s.run(lines({"prices", "list", "--json"})).json();
    int miniEntries = 0;
    for (const QJsonValue v : list.value(QLatin1String("entries")).toArray())
        miniEntries += v.toObject().value(QLatin1String("model")).toString() == u"gpt-4o-mini";
    QCOMPARE(miniEntries, 3); // the bundled one, 2025-03-02 (set twice: replaced) and 2025-03-03
}

void TestCliPrices::importLiteLlm()
{
    const MonthStore s;
    const QString file = s.write("litellm.json", R"({
      "sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0, "mode": "chat"},
      "mystery-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat",
                        "litellm_provider": "acme"},
      "text-embedding-x": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0, "mode": "embedding"},
      "cheap-model": {"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "mode": "chat",
                      "litellm_provider": "acme", "input_cost_per_token_batches": 7.5e-08}
    })");
    const CliResult r = s.run(QStringList{QStringLiteral("prices"), QStringLiteral("import"), file,
                                          QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QLatin1String("imported")).toInteger(), 2);
    QCOMPARE(r.json().value(QLatin1String("format")).toString(), QStringLiteral("litellm"));
    QCOMPARE(s.summaryCost(), 8956000 + 300000);
    const QJsonObject cheap = entryOf(s.run(lines({"prices", "list", "--json"})).json(), QStringLiteral("cheap-model"));
    QCOMPARE(cheap.value(QLatin1String("input")).toString(), QStringLiteral("0.15"));
    QCOMPARE(cheap.value(QLatin1String("output")).toString(), QStringLiteral("0.60"));
    QCOMPARE(cheap.value(QLatin1String("batch_discount")).toString(), QStringLiteral("0.50"));
    QCOMPARE(cheap.value(QLatin1String("effective_from")).toString(), QStringLiteral("2024-01-01"));
}

void TestCliPrices::importReportsChanges()
{
    const MonthStore s;
    // gpt-4o dearer, gpt-4o-mini as bundled (0.15 / 0.60, cached 0.075, batch 50%), one model new.
    const QString file = s.write("litellm.json", R"({
      "gpt-4o": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05, "mode": "chat",
                 "litellm_provider": "openai"},
      "gpt-4o-mini": {"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "mode": "chat",
                      "litellm_provider": "openai", "cache_read_input_token_cost": 7.5e-08,
                      "input_cost_per_token_batches": 7.5e-08},
      "new-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat",
                    "litellm_provider": "acme"}
    })");
    const CliResult r = s.run(lines({"prices", "import"}) + QStringList{file, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("unchanged")).toInteger(), 1);
    QCOMPARE(o.value(QLatin1String("removed")).toInteger(), 0);
    const QJsonArray added = o.value(QLatin1String("added")).toArray();
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).toObject().value(QLatin1String("model")).toString(), QStringLiteral("new-model"));
    QVERIFY(!added.at(0).toObject().contains(QLatin1String("before")));
    const QJsonArray changed = o.value(QLatin1String("changed")).toArray();
    QCOMPARE(changed.size(), 1);
    const QJsonObject gpt4o = changed.at(0).toObject();
    QCOMPARE(gpt4o.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(gpt4o.value(QLatin1String("from")).toString(), QStringLiteral("2024-01-01"));
    const QJsonObject before = gpt4o.value(QLatin1String("before")).toObject();
    const QJsonObject after = gpt4o.value(QLatin1String("after")).toObject();
    QCOMPARE(before.value(QLatin1String("input")).toString(), QStringLiteral("2.50"));
    QCOMPARE(before.value(QLatin1String("output")).toString(), QStringLiteral("10.00"));
    QCOMPARE(before.value(QLatin1String("cached_input")).toString(), QStringLiteral("1.25"));
    QCOMPARE(after.value(QLatin1String("input")).toString(), QStringLiteral("3.00"));
    QCOMPARE(after.value(QLatin1String("output")).toString(), QStringLiteral("12.00"));
    QVERIFY(after.value(QLatin1String("cached_input")).isNull()); // billed at the input price

    // The same file again changes nothing; the text says so per model.
    const CliResult again = s.run(lines({"prices", "import"}) + QStringList{file});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("against the catalog in use: 0 added, 0 changed, 3 unchanged, 0 removed\n"),
             again.out.constData());
    const MonthStore fresh;
    const CliResult text = fresh.run(lines({"prices", "import"}) + QStringList{file});
    // The new entry has no cached or cache-write rate: both are billed at its input rate now.
    QVERIFY2(text.out.contains("  changed gpt-4o from 2024-01-01: input 2.50 -> 3.00, output 10.00 -> 12.00, "
                               "cached 1.25 -> 3.00, cache-write 2.50 -> 3.00\n"
                               "  added new-model from 2024-01-01: input 1.00, output 2.00\n"),
             text.out.constData());
}

void TestCliPrices::repriceAtTodaysPrices()
{
    const MonthStore s;
    // gpt-4o at $5 / $20 from after the month (cached input at the input price): today's price, not the month's.
    QCOMPARE(s.run(lines({"prices", "set", "gpt-4o", "--input", "5", "--output", "20", "--from", "2025-06-01"})).exitCode, 0);
    const CliResult r = s.run(lines({"prices", "reprice", "--from", "2025-03-01", "--to", "2025-03-31", "--json"}));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json();
    const QJsonObject total = o.value(QLatin1String("total")).toObject();
    QCOMPARE(total.value(QLatin1String("calls")).toInteger(), 6);
    QCOMPARE(total.value(QLatin1String("logged_nusd")).toInteger(), 1000 + 5000);
    QCOMPARE(total.value(QLatin1String("counted_nusd")).toInteger(), 8956000); // what summary shows
    // gpt-4o: 100*5 + 10*20 = 700,000 and 1000*5 + 500*20 = 15,000,000 nano; the others at unchanged prices.
    QCOMPARE(total.value(QLatin1String("repriced_nusd")).toInteger(), 15'700'000 + 750'000 + 950'000);
    QCOMPARE(total.value(QLatin1String("unpriced_calls")).toInteger(), 2);
    QCOMPARE(o.value(QLatin1String("unpriced_models")).toArray(), QJsonArray({QStringLiteral("mystery-model")}));
    const QJsonObject gpt4o = groupOf(o, QStringLiteral("gpt-4o"));
    QCOMPARE(gpt4o.value(QLatin1String("calls")).toInteger(), 2);
    QCOMPARE(gpt4o.value(QLatin1String("logged_calls")).toInteger(), 1);
    QCOMPARE(gpt4o.value(QLatin1String("logged_nusd")).toInteger(), 1000);
    QCOMPARE(gpt4o.value(QLatin1String("counted_nusd")).toInteger(), 7'251'000);
    QCOMPARE(gpt4o.value(QLatin1String("repriced_nusd")).toInteger(), 15'700'000);
    const QJsonObject mystery = groupOf(o, QStringLiteral("mystery-model"));
    QCOMPARE(mystery.value(QLatin1String("uncounted_calls")).toInteger(), 1);
    QCOMPARE(mystery.value(QLatin1String("repriced_nusd")).toInteger(), 0);
    QCOMPARE(mystery.value(QLatin1String("unpriced_calls")).toInteger(), 2);

    const CliResult day = s.run(lines({"prices", "reprice", "--from", "2025-03-03", "--to", "2025-03-03", "--json"}));
    QCOMPARE(day.json().value(QLatin1String("total")).toObject().value(QLatin1String("calls")).toInteger(), 2);
    const CliResult text = s.run(lines({"prices", "reprice"}));
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("unpriced at ") && text.out.contains("(left out of that column, not $0): mystery-model"),
             text.out.constData());
}

void TestCliPrices::importLiteLlmReportsBadPrices()
{
    const MonthStore s;
    const QString file = s.write("litellm.json", R"({
      "mystery-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat"},
      "abc-model": {"input_cost_per_token": "abc", "output_cost_per_token": 2e-06, "mode": "chat"}
    })");
    const CliResult r = s.run(QStringList{QStringLiteral("prices"), QStringLiteral("import"), file,
                                          QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QLatin1String("imported")).toInteger(), 1);
    QCOMPARE(r.json().value(QLatin1String("skipped")).toArray().size(), 1);
    QCOMPARE(r.json().value(QLatin1String("skipped")).toArray().at(0).toString(),
             QStringLiteral("abc-model: input_cost_per_token: not a number: \"abc\" (entry skipped)"));
    QVERIFY2(r.err.contains(QByteArray("warning: " + file.toUtf8() + ": abc-model: input_cost_per_token: not a number")),
             r.err.constData());
}

// A stored price the store cannot read (edited by hand, or beyond today's bounds) is named on every command, and
// its model is priced as if it had never been set: unpriced here, never $0.
void TestCliPrices::unreadableStoredPriceIsNamed()
{
    const MonthStore s;
    QCOMPARE(s.run(lines({"prices", "set", "mystery-model", "--input", "1", "--output", "2"})).exitCode, 0);
    QCOMPARE(s.run(lines({"prices", "set", "gpt-4o", "--input", "1", "--output", "2"})).exitCode, 0);
    QVERIFY(execOn(s.db, QStringLiteral("UPDATE price_overrides SET entry_json = '{\"model\": \"mystery-model\", "
                                        "\"effective_from\": \"2024-01-01\", \"input\": \"-3\", \"output\": \"2\"}' "
                                        "WHERE model = 'mystery-model'")));
    QVERIFY(execOn(s.db, QStringLiteral("UPDATE price_overrides SET entry_json = 'not json' WHERE model = 'gpt-4o'")));
    const CliResult r = s.run(lines({"summary", "--json"}));
    QCOMPARE(r.exitCode, 0);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("warning: the store's price for mystery-model cannot be read (")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("warning: the store's price for gpt-4o cannot be read (")), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 2);
    QCOMPARE(r.count("cost_nusd"), 8956000); // the bundled prices, as before either was set
    QCOMPARE(r.count("unpriced_calls"), 1);
}

void TestCliPrices::importOwnFormat()
{
    const MonthStore s;
    const QString file = s.write("catalog.json", R"({"format": "costdash-price-catalog", "version": 1, "entries": [
      {"model": "mystery-model", "provider": "acme", "effective_from": "2025-03-03", "input": "1", "output": "2"}]})");
    const CliResult r = s.run(QStringList{QStringLiteral("prices"), QStringLiteral("import"), file});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral("imported 1 price entries (costdash format)\n"
                            "against the catalog in use: 1 added, 0 changed, 0 unchanged, 0 removed\n"
                            "  added mystery-model from 2025-03-03: input 1.00, output 2.00\nUSD per 1M tokens.\n"));
    // effective from the 3rd: the 2nd's unlogged call stays unpriced
    const QJsonObject summary = s.run(lines({"summary", "--json"})).json();
    QCOMPARE(summary.value(QLatin1String("cost_nusd")).toInteger(), 8956000);
    QCOMPARE(summary.value(QLatin1String("unpriced_calls")).toInteger(), 1);
}

void TestCliPrices::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << lines({"prices"}) << 2 << "prices needs an action";
    QTest::newRow("unknown action") << lines({"prices", "delete"}) << 2 << "prices needs an action";
    QTest::newRow("list argument") << lines({"prices", "list", "x"}) << 2 << "prices list takes no arguments";
    QTest::newRow("set no model") << lines({"prices", "set"}) << 2 << "prices set needs exactly one MODEL";
    QTest::newRow("set no output") << lines({"prices", "set", "m", "--input", "1"}) << 2
                                   << "prices set needs --input and --output";
    QTest::newRow("set bad price") << lines({"prices", "set", "m", "--input", "1.2.3", "--output", "1"}) << 2
                                   << "--input: not a number";
    QTest::newRow("set negative") << lines({"prices", "set", "m", "--input", "1", "--output", "-1"}) << 2
                                  << "--output: negative";
    QTest::newRow("set 1e10 (was stored wrapped)") << lines({"prices", "set", "m", "--input", "1e10", "--output", "1"})
                                                   << 2 << "--input: price \"1e10\" is above $100,000 per 1M tokens";
    QTest::newRow("set INT64_MAX/1e6 (was -$0.78)")
        << lines({"prices", "set", "m", "--input", "9223372036854", "--output", "1"}) << 2
        << "--input: price \"9223372036854\" is above $100,000 per 1M tokens";
    QTest::newRow("set below the unit (was $0.00)")
        << lines({"prices", "set", "m", "--input", "1", "--output", "0.0000001"}) << 2
        << "--output: price \"0.0000001\" is below $0.000001 per 1M tokens";
    QTest::newRow("set bad date") << lines({"prices", "set", "m", "--input", "1", "--output", "1", "--from", "soon"})
                                  << 2 << "--from must be a day";
    QTest::newRow("reprice argument") << lines({"prices", "reprice", "x"}) << 2 << "prices reprice takes no arguments";
    QTest::newRow("reprice bad day") << lines({"prices", "reprice", "--to", "soon"}) << 2 << "--to must be a day";
    QTest::newRow("import missing") << lines({"prices", "import", "/nonexistent/prices.json"}) << 1
                                    << "cannot read /nonexistent/prices.json";
    QTest::newRow("import not json") << lines({"prices", "import", "@NOTJSON@"}) << 1 << "not JSON";
    QTest::newRow("import wrong json") << lines({"prices", "import", "@WRONG@"}) << 1 << "not a costdash price catalog";
}

void TestCliPrices::errors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const MonthStore s;
    args.replaceInStrings(QStringLiteral("@NOTJSON@"), s.write("bad.json", "timestamp,model\n1,2\n"));
    args.replaceInStrings(QStringLiteral("@WRONG@"), s.write("wrong.json", R"({"models": []})"));
    const CliResult r = s.run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QCOMPARE(s.summaryCost(), 8956000); // nothing changed
}

QTEST_GUILESS_MAIN(TestCliPrices)
#include "tst_cli_prices.moc"
