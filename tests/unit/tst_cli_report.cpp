// `costdash report` end to end (issue 14): a demo month in a real store, the real binary, the PDF read back with
// poppler-utils (pdftotext, pdfinfo, pdffonts, pdfimages, pdftoppm). Figures are compared with `costdash whatif
// --json` and `costdash summary --json` as the report prints them.
#include "CliRunner.h"
#include "Format.h"
#include "money/Money.h"
#include "money/Share.h"
#include "store/CallStore.h"
#include "StoreFiles.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using testing::CliResult;
using testing::runCli;
using testing::runProgram;

class TestCliReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void totalsEqualWhatif();
    void periodEqualsWhatif();
    void aggregatesAreSaidAndKeptAsLogged();
    void unpricedModelsStayUnpricedAfter();
    void taskTableNamesCurrentModels();
    void metadataFontsNoImages();
    void letterPageSize();
    void pagesAreNotBlank();
    void badInputLeavesNoFile_data();
    void badInputLeavesNoFile();
    void missingStoreIsNotCreated();

private:
    CliResult report(const QString& out, const QStringList& extra = {});
    QString text(const QString& pdf);
    QTemporaryDir m_dir;
    QString m_db;
    QString m_pdf; // the two-scenario report of the whole month
    QString m_tiered, m_cacheOnly;
    int m_pages = 0;
};

namespace {

QString usd(const QJsonObject& o, const char* key)
{
    return money::formatUsdReadable(o.value(QLatin1String(key)).toInteger());
}

QString tool(const QString& program, const QStringList& args)
{
    const CliResult r = runProgram(program, args);
    return QString::fromUtf8(r.out);
}

} // namespace

CliResult TestCliReport::report(const QString& out, const QStringList& extra)
{
    return runCli(QStringList{QStringLiteral("report"), QStringLiteral("--db"), m_db, QStringLiteral("--out"), out} + extra);
}

QString TestCliReport::text(const QString& pdf)
{
    return tool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
}

void TestCliReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("month.db"));
    const CliResult demo = runCli({QStringLiteral("demo"), QStringLiteral("--rows"), QStringLiteral("20000"),
                                   QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--db"), m_db});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    m_tiered = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/tiered-router.json");
    m_cacheOnly = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/cache-only.json");
    m_pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    const CliResult r = report(m_pdf, {QStringLiteral("--scenario"), m_tiered, QStringLiteral("--scenario"), m_cacheOnly,
                                       QStringLiteral("--page-size"), QStringLiteral("A4"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(QLatin1String("out")).toString(), m_pdf);
    m_pages = int(r.count("pages"));
    QVERIFY(m_pages >= 4);
}

void TestCliReport::totalsEqualWhatif()
{
    const QString pdfText = text(m_pdf);
    for (const QString& scenario : {m_tiered, m_cacheOnly}) {
        const CliResult w = runCli({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                    scenario, QStringLiteral("--json")});
        QVERIFY2(w.exitCode == 0, w.err.constData());
        const QJsonObject o = w.json();
        for (const char* key : {"baseline_nusd", "projected_nusd", "savings_nusd"})
            QVERIFY2(pdfText.contains(usd(o, key)), qPrintable(QLatin1String(key) + u' ' + usd(o, key)));
        QVERIFY2(pdfText.contains(money::formatUsdReadable(o.value(QLatin1String("levers")).toObject()
                                                               .value(QLatin1String("cache_nusd")).toInteger())),
                 "cache lever");
        QVERIFY(pdfText.contains(ui::formatCount(o.value(QLatin1String("cache_hits")).toInteger())));
        const QJsonObject tokens = o.value(QLatin1String("cache_tokens_avoided")).toObject();
        const qint64 avoided = tokens.value(QLatin1String("input")).toInteger(-1) + tokens.value(QLatin1String("output")).toInteger(-1);
        QVERIFY(avoided > 0);
        QVERIFY2(pdfText.contains(ui::formatCount(avoided)), qPrintable(ui::formatCount(avoided)));
    }
    QVERIFY(pdfText.contains(QRegularExpression(QStringLiteral("Tokens +Dollars"))));
    // The lead scenario's levers, rule counts and the per-task figures.
    const QJsonObject lead = runCli({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                     m_tiered, QStringLiteral("--json")}).json();
    QVERIFY(pdfText.contains(money::formatUsdReadable(lead.value(QLatin1String("levers")).toObject()
                                                          .value(QLatin1String("routing_nusd")).toInteger())));
    for (const QJsonValue& n : lead.value(QLatin1String("rule_calls")).toArray())
        QVERIFY2(pdfText.contains(ui::formatCount(n.toInteger())), qPrintable(ui::formatCount(n.toInteger())));
    for (const QJsonValue& t : lead.value(QLatin1String("by_task")).toArray()) {
        const QJsonObject task = t.toObject();
        QVERIFY2(pdfText.contains(task.value(QLatin1String("key")).toString()), qPrintable(task.value(QLatin1String("key")).toString()));
        QVERIFY(pdfText.contains(usd(task, "baseline_nusd")));
        QVERIFY(pdfText.contains(usd(task, "projected_nusd")));
    }
    // The by-model "before" column is `costdash summary --by model`.
    const QJsonObject summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json")}).json();
    QVERIFY(pdfText.contains(money::formatUsdReadable(summary.value(QLatin1String("cost_nusd")).toInteger())));
    for (const QJsonValue& g : summary.value(QLatin1String("groups")).toArray())
        QVERIFY(pdfText.contains(ui::formatCount(g.toObject().value(QLatin1String("input_tokens")).toInteger())));
    for (const char* heading : {"Executive summary", "Method and assumptions", "Appendix: scenario files", "Router rules"})
        QVERIFY2(pdfText.contains(QLatin1String(heading)), heading);
}

// The by-task table's "current model" column: each task's logged models with their share of its calls, as the
// store's own rows count them.
void TestCliReport::taskTableNamesCurrentModels()
{
    const QString pdfText = text(m_pdf).replace(QChar(0x00A0), u' ');
    const QStringList rows = testing::column(m_db, "SELECT t.name || '|' || m.name || '|' || COUNT(*) || '|' || "
                                                   "(SELECT COUNT(*) FROM calls c2 WHERE c2.task_id = t.id) "
                                                   "FROM calls c JOIN tasks t ON t.id = c.task_id "
                                                   "JOIN models m ON m.id = c.model_id GROUP BY t.id, m.id");
    QVERIFY(rows.size() >= 5);
    for (const QString& row : rows) {
        const QStringList f = row.split(u'|');
        const QString expected = f[1] + u' ' + money::formatShare(f[2].toLongLong(), f[3].toLongLong());
        QVERIFY2(pdfText.contains(expected), qPrintable(f[0] + QStringLiteral(": ") + expected));
    }
    QVERIFY(pdfText.contains(QLatin1String("Current models")));
}

void TestCliReport::periodEqualsWhatif()
{
    const QString pdf = m_dir.filePath(QStringLiteral("week.pdf"));
    const QStringList period{QStringLiteral("--from"), QStringLiteral("2025-10-06"), QStringLiteral("--to"), QStringLiteral("2025-10-12")};
    const CliResult r = report(pdf, QStringList{QStringLiteral("--scenario"), m_tiered, QStringLiteral("--json")} + period);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject w = runCli(QStringList{QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"),
                                             m_tiered, QStringLiteral("--json")} + period).json();
    QVERIFY(w.value(QLatin1String("calls")).toInteger() > 0);
    QVERIFY(w.value(QLatin1String("calls")).toInteger() < 20000);
    for (const char* key : {"calls", "baseline_nusd", "projected_nusd", "savings_nusd"})
        QCOMPARE(r.count(key), w.value(QLatin1String(key)).toInteger());
    const QString pdfText = text(pdf);
    QVERIFY(pdfText.contains(usd(w, "projected_nusd")));
    QVERIFY(pdfText.contains(QLatin1String("2025-10-06 to 2025-10-12")));
}

// Spend lines (a Cost CSV) are in the summary but not in the replay: the report says so, and the By-model table keeps
// their cost on both sides, so its totals differ by exactly the replay's savings.
void TestCliReport::aggregatesAreSaidAndKeptAsLogged()
{
    const QString db = m_dir.filePath(QStringLiteral("with-costs.db"));
    QVERIFY(QFile::copy(m_db, db));
    const QString csv = m_dir.filePath(QStringLiteral("cost.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,"
            "organization_id,organization_name\n"
            "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,12.5,usd,"
            "\"gpt-4o-2024-08-06, input\",proj_7Qx,org-Rk2,Acme\n"
            "1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,2.25,usd,"
            "web search tool calls,proj_7Qx,org-Rk2,Acme\n");
    f.close();
    const CliResult imported = runCli({QStringLiteral("import"), QStringLiteral("--db"), db, csv});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QString pdf = m_dir.filePath(QStringLiteral("with-costs.pdf"));
    const CliResult r = runCli({QStringLiteral("report"), QStringLiteral("--db"), db, QStringLiteral("--out"), pdf,
                                QStringLiteral("--scenario"), m_tiered});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject w = runCli({QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), m_tiered,
                                  QStringLiteral("--json")}).json();
    QCOMPARE(w.value(QLatin1String("spend_rows_left_out")).toInteger(), 2);
    const qint64 aggregates = w.value(QLatin1String("aggregate_cost_left_out_nusd")).toInteger();
    QCOMPARE(aggregates, 14'750'000'000);
    const QString pdfText = text(pdf).replace(QChar(0x00A0), u' ').simplified();
    const QString said = QStringLiteral("Aggregates: 2 spend lines without a request count ($14.75) are left out of the replay");
    QCOMPARE(pdfText.count(said), 3); // the summary, above the By-model table, and what was left out
    const QJsonObject summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")}).json();
    const qint64 before = summary.value(QLatin1String("cost_nusd")).toInteger();
    const qint64 after = w.value(QLatin1String("projected_nusd")).toInteger() + aggregates;
    QCOMPARE(before - after, w.value(QLatin1String("savings_nusd")).toInteger());
    QVERIFY2(pdfText.contains(QRegularExpression(QStringLiteral("Total [0-9,]+ – – %1 [0-9,]+ %2")
                                                     .arg(QRegularExpression::escape(money::formatUsdReadable(before)),
                                                          QRegularExpression::escape(money::formatUsdReadable(after))))),
             qPrintable(pdfText));
    // A model seen only in spend lines keeps its cost; its tokens are unknown, not 0.
    QVERIFY2(pdfText.contains(QStringLiteral("web search tool calls 0 – – $2.25 0 $2.25")), qPrintable(pdfText));
}

// A model without a price whose calls the scenario keeps: "unpriced" on both sides of the By-model table, not $0.
void TestCliReport::unpricedModelsStayUnpricedAfter()
{
    const QString pdfText = text(m_pdf).replace(QChar(0x00A0), u' ').simplified();
    const QJsonObject summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), m_db, QStringLiteral("--json")}).json();
    const QJsonArray unpriced = summary.value(QLatin1String("unpriced_models")).toArray();
    const QJsonObject w = runCli({QStringLiteral("whatif"), QStringLiteral("--db"), m_db, QStringLiteral("--scenario"), m_tiered,
                                  QStringLiteral("--json")}).json();
    int kept = 0;
    for (const QJsonValue& v : w.value(QLatin1String("by_model")).toArray()) {
        const QJsonObject m = v.toObject();
        const QString model = m.value(QLatin1String("model")).toString();
        if (!unpriced.contains(QJsonValue(model)) || m.value(QLatin1String("calls")).toInteger() == 0)
            continue;
        const QRegularExpression row(QStringLiteral("%1 [0-9,]+ [0-9,]+ [0-9,]+ unpriced %2 unpriced")
                                         .arg(QRegularExpression::escape(model), ui::formatCount(m.value(QLatin1String("calls")).toInteger())));
        QVERIFY2(pdfText.contains(row), qPrintable(model));
        ++kept;
    }
    QVERIFY(kept > 0);
    // The calls the router moves off those models stay unpriced on their new model: the paragraph says so.
    const QString said = QStringLiteral("The %1 call(s) without a price (no logged cost, no catalog price) count in Calls after "
                                        "on the model the scenario gives them, and in neither cost column.")
                             .arg(ui::formatCount(w.value(QLatin1String("unpriced_calls")).toInteger()));
    QVERIFY2(w.value(QLatin1String("unpriced_calls")).toInteger() > kept && pdfText.contains(said), qPrintable(said));
}

void TestCliReport::metadataFontsNoImages()
{
    const QString info = tool(QStringLiteral("pdfinfo"), {m_pdf});
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Title:\\s+costdash savings report, 2025-10-01 to 2025-10-31"))), qPrintable(info));
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Creator:\\s+costdash "))), qPrintable(info));
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("CreationDate:\\s+\\S"))), qPrintable(info));
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\n").arg(m_pages))), qPrintable(info));
    const QString pdfText = text(m_pdf);
    for (int page = 1; page <= m_pages; ++page) // each page's footer
        QVERIFY2(pdfText.contains(QStringLiteral("Page %1 of %2").arg(page).arg(m_pages)), qPrintable(QString::number(page)));
    QVERIFY2(info.contains(QLatin1String("(A4)")), qPrintable(info));
    // Every font embedded: the "emb" column of each font line says yes.
    const QStringList fonts = tool(QStringLiteral("pdffonts"), {m_pdf}).split(u'\n', Qt::SkipEmptyParts).mid(2);
    QVERIFY(!fonts.isEmpty());
    for (const QString& line : fonts)
        QVERIFY2(line.contains(QRegularExpression(QStringLiteral("\\s+yes\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+$"))), qPrintable(line));
    // Charts are vectors: no raster image in the file (pdfimages -list prints its two header lines only).
    QCOMPARE(tool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), m_pdf}).split(u'\n', Qt::SkipEmptyParts).size(), 2);
}

void TestCliReport::letterPageSize()
{
    const QString pdf = m_dir.filePath(QStringLiteral("letter.pdf"));
    const CliResult r = report(pdf, {QStringLiteral("--page-size"), QStringLiteral("letter")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(tool(QStringLiteral("pdfinfo"), {pdf}).contains(QLatin1String("612 x 792 pts (letter)")));
    QVERIFY(QString::fromUtf8(r.out).startsWith(QStringLiteral("report: ") + pdf));
}

void TestCliReport::pagesAreNotBlank()
{
    const QString prefix = m_dir.filePath(QStringLiteral("page"));
    runProgram(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-png"), m_pdf, prefix});
    const QStringList pngs = QDir(m_dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files, QDir::Name);
    QCOMPARE(pngs.size(), m_pages);
    for (const QString& png : pngs) {
        const QImage image(m_dir.filePath(png));
        QVERIFY(!image.isNull());
        // Ink in the body, between the running header and the page number (a blank page has none).
        qint64 inked = 0;
        for (int y = image.height() / 8; y < image.height() * 7 / 8; ++y)
            for (int x = 0; x < image.width(); ++x)
                inked += qGray(image.pixel(x, y)) < 200 ? 1 : 0;
        QVERIFY2(inked > 100, qPrintable(png + QStringLiteral(": %1").arg(inked)));
    }
}

void TestCliReport::badInputLeavesNoFile_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("scenario does not load") << QStringList{QStringLiteral("--scenario"), QStringLiteral(COSTDASH_SOURCE_DIR "/README.md")}
                                            << QStringLiteral("does not load: scenario: invalid JSON");
    QTest::newRow("scenario missing") << QStringList{QStringLiteral("--scenario"), QStringLiteral("/nonexistent/s.json")}
                                      << QStringLiteral("cannot read the scenario /nonexistent/s.json");
    QTest::newRow("period without calls") << QStringList{QStringLiteral("--from"), QStringLiteral("2030-01-01")}
                                          << QStringLiteral("holds no calls from 2030-01-01 to the end");
    QTest::newRow("empty store") << QStringList{QStringLiteral("--db"), QStringLiteral("EMPTY")}
                                 << QStringLiteral("holds no calls: import a month first");
    QTest::newRow("unwritable folder") << QStringList{QStringLiteral("--out"), QStringLiteral("/nonexistent-dir/r.pdf")}
                                       << QStringLiteral("cannot write the report /nonexistent-dir/r.pdf");
}

void TestCliReport::badInputLeavesNoFile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir folder;
    const QString empty = folder.filePath(QStringLiteral("empty.db"));
    QString error;
    QVERIFY2(store::CallStore::open(empty, &error), qPrintable(error));
    args.replaceInStrings(QStringLiteral("EMPTY"), empty);
    const QString out = folder.filePath(QStringLiteral("r.pdf"));
    const QStringList before = QDir(folder.path()).entryList(QDir::Files);
    const CliResult r = report(out, args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QCOMPARE(r.err.count('\n') - r.err.count("XDG_RUNTIME_DIR"), 1); // one sentence
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files), before); // no PDF, no temporary file left behind
}

void TestCliReport::missingStoreIsNotCreated()
{
    const QString missing = m_dir.filePath(QStringLiteral("typo.db"));
    const CliResult r = runCli({QStringLiteral("report"), QStringLiteral("--db"), missing, QStringLiteral("--out"),
                                m_dir.filePath(QStringLiteral("none.pdf"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!QFile::exists(missing));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.pdf"))));
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
