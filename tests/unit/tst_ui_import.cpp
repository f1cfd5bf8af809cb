// File ▸ Import's preview and the column-mapping dialog, driven as a user would: the real window on a real store,
// the real dialogs, the store's bytes compared before and after.
#include "ColumnMapDialog.h"
#include "ImportFlow.h"
#include "ImportPreviewDialog.h"
#include "MainWindow.h"
#include "PreviewRowsModel.h"
#include "WhatIfPage.h"
#include "pages/CallsModel.h"
#include "pages/CallsPage.h"
#include "CliRunner.h"
#include "ImportedCalls.h"
#include "TestFiles.h"
#include "uitest_fixtures.h"
#include "uitest_import.h"
#include "uitest_window.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDropEvent>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTest>

using namespace costdash;
using namespace costdash::ui;
using costdash::uitest::shownPreview;

namespace {

using uitest::labelText;

// The store's file and its write-ahead log, hashed: what "nothing was written" means.
QByteArray storeBytes(const QString& db)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& path : QStringList{db, db + QStringLiteral("-wal")}) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            hash.addData(f.readAll());
        hash.addData(QByteArrayView("|"));
    }
    return hash.result();
}

QStringList columnTexts(const QTableView& view, int column)
{
    QStringList out;
    for (int r = 0; r < view.model()->rowCount(); ++r)
        out << view.model()->index(r, column).data().toString();
    return out;
}

void choose(ColumnMapDialog& dialog, importers::Field field, const QString& column)
{
    QComboBox* combo = dialog.fieldCombo(field);
    combo->setCurrentIndex(combo->findData(column));
}

void chooseUnit(QComboBox* combo, const QString& unit)
{
    combo->setCurrentIndex(combo->findData(unit));
}

} // namespace

class TestUiImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void knownFormatWritesNothingUntilImport();
    void cancelLeavesTheStoreAsItWas();
    void droppedFilesArePreviewedOneByOne();
    void unknownCsvIsMappedAsTheCliMapsIt();
    void notALogIsOnePlainSentence();
    void aggregatesAreFlaggedInTheWindow();

private:
    std::unique_ptr<MainWindow> openAndWait(const QString& db);
    QTemporaryDir m_dir;
    QString m_knownDb;
};

void TestUiImport::initTestCase()
{
    QString error;
    QVERIFY2(uitest::setUpKnownMonth(m_dir, &m_knownDb, &error), qPrintable(error));
}

std::unique_ptr<MainWindow> TestUiImport::openAndWait(const QString& db)
{
    return uitest::openWindow(db);
}

void TestUiImport::knownFormatWritesNothingUntilImport()
{
    const QString db = m_dir.filePath(QStringLiteral("fresh.db"));
    const QString csv = testing::writeFile(m_dir, QStringLiteral("seed.csv"), uitest::kSeedCsvWithABadRow);
    const auto window = openAndWait(db);
    QVERIFY(window);
    const QByteArray before = storeBytes(db);
    window->importFlow()->previewAndImport(db, {csv});
    ImportPreviewDialog* preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QCOMPARE(labelText(*preview, QStringLiteral("previewHeadline")),
             QStringLiteral("seed.csv: a CSV file, read as seed (costdash's own log (CSV, JSONL, SQLite)). Nothing is written "
                            "until you choose Import."));
    const auto* rows = preview->findChild<QTableView*>(QStringLiteral("previewRows"));
    QCOMPARE(columnTexts(*rows, PreviewRowsModel::Model), (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")}));
    QCOMPARE(columnTexts(*rows, PreviewRowsModel::Time),
             (QStringList{QStringLiteral("2025-11-03T10:00:00.000Z"), QStringLiteral("2025-11-04T12:00:00.000Z")}));
    QCOMPARE(columnTexts(*rows, PreviewRowsModel::Cost), (QStringList{QStringLiteral("$0.25"), QStringLiteral("$0.05")}));
    QCOMPARE(labelText(*preview, QStringLiteral("previewCounts")),
             QStringLiteral("3 records: 2 would be imported, 1 bad row."));
    QVERIFY(labelText(*preview, QStringLiteral("previewErrors")).startsWith(QStringLiteral("Bad rows (skipped): line 3: ")));
    QCOMPARE(storeBytes(db), before); // the preview wrote nothing
    QTest::qWait(300);
    QCOMPARE(storeBytes(db), before);

    auto* import = preview->findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(import->isEnabled());
    import->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->findChild<QDialog*>(QStringLiteral("importReport")), 20'000);
    QCOMPARE(labelText(*window->findChild<QDialog*>(QStringLiteral("importReport")), QStringLiteral("importSummary")),
             QStringLiteral("Imported 2 calls; 1 bad row skipped."));
    QCOMPARE(testing::column(db, "SELECT count(*) FROM calls"), QStringList{QStringLiteral("2")});
}

void TestUiImport::cancelLeavesTheStoreAsItWas()
{
    const QString csv = testing::writeFile(m_dir, QStringLiteral("more.csv"),
        "timestamp,model,input_tokens,output_tokens\n2025-11-05T10:00:00Z,gpt-4o,10,20\n");
    const auto window = openAndWait(m_knownDb);
    QVERIFY(window);
    const QByteArray before = storeBytes(m_knownDb);
    window->importFlow()->previewAndImport(m_knownDb, {csv});
    ImportPreviewDialog* preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QCOMPARE(labelText(*preview, QStringLiteral("previewCounts")), QStringLiteral("1 record: 1 would be imported, 0 bad rows."));
    preview->reject(); // Cancel
    QTRY_VERIFY(!window->importFlow()->previewDialog());
    QTest::qWait(500);
    QVERIFY(!window->findChild<QDialog*>(QStringLiteral("importReport")));
    QCOMPARE(storeBytes(m_knownDb), before);
}

// Two files dropped on the window: one preview each; the first skipped, the second imported, nothing before the
// last answer.
void TestUiImport::droppedFilesArePreviewedOneByOne()
{
    const QString first = testing::writeFile(m_dir, QStringLiteral("first.csv"),
        "timestamp,model,input_tokens,output_tokens\n2025-11-05T10:00:00Z,gpt-4o,10,20\n");
    const QString second = testing::writeFile(m_dir, QStringLiteral("second.csv"),
        "timestamp,model,input_tokens,output_tokens\n2025-11-06T10:00:00Z,gpt-4o-mini,30,40\n");
    const QString db = m_dir.filePath(QStringLiteral("dropped.db"));
    const auto window = openAndWait(db);
    QVERIFY(window);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(first), QUrl::fromLocalFile(second)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &drop);
    ImportPreviewDialog* preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QCOMPARE(preview->windowTitle(), QStringLiteral("Import first.csv (file 1 of 2)"));
    preview->findChild<QPushButton*>(QStringLiteral("skipButton"))->click();
    QTRY_VERIFY(window->importFlow()->previewDialog() && window->importFlow()->previewDialog() != preview);
    preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QCOMPARE(preview->windowTitle(), QStringLiteral("Import second.csv (file 2 of 2)"));
    preview->findChild<QPushButton*>(QStringLiteral("importButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->findChild<QDialog*>(QStringLiteral("importReport")), 20'000);
    QCOMPARE(labelText(*window->findChild<QDialog*>(QStringLiteral("importReport")), QStringLiteral("importSummary")),
             QStringLiteral("Imported 1 call."));
    QCOMPARE(testing::column(db, "SELECT m.name FROM calls c JOIN models m ON m.id = c.model_id"),
             QStringList{QStringLiteral("gpt-4o-mini")});
}

// A CSV no format matches: the mapping dialog opens; the rows it imports are those `costdash import --map` stores
// from the same file. A second file with the same header (in other case and spacing) is offered the mapping again.
void TestUiImport::unknownCsvIsMappedAsTheCliMapsIt()
{
    const QByteArray header = "when,llm,tok_in,tok_out,price_cents,took,job\n";
    const QString csv = testing::writeFile(m_dir, QStringLiteral("custom.csv"), header
        + "1762164000,gpt-4o,1000,200,25,900,classify\n"
          "1762167600,gpt-4o-mini,3000,100,1.5,450,summarize\n");
    const QString db = m_dir.filePath(QStringLiteral("mapped.db"));
    auto window = openAndWait(db);
    QVERIFY(window);
    window->importFlow()->previewAndImport(db, {csv});
    ImportPreviewDialog* preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    ColumnMapDialog* map = preview->mappingDialog();
    QVERIFY(map);
    QVERIFY(map->isVisible());
    using importers::Field;
    QSignalSpy mapShown(map, &ColumnMapDialog::previewShown);
    choose(*map, Field::Timestamp, QStringLiteral("when"));
    auto* ok = map->findChild<QPushButton*>(QStringLiteral("useMappingButton"));
    QVERIFY(!ok->isEnabled()); // no model yet
    QCOMPARE(labelText(*map, QStringLiteral("mapStatus")), QStringLiteral("--map needs at least timestamp=COLUMN and model=COLUMN"));
    choose(*map, Field::Model, QStringLiteral("llm"));
    choose(*map, Field::InputTokens, QStringLiteral("tok_in"));
    choose(*map, Field::OutputTokens, QStringLiteral("tok_out"));
    choose(*map, Field::Cost, QStringLiteral("price_cents"));
    choose(*map, Field::LatencyMs, QStringLiteral("took"));
    choose(*map, Field::TaskType, QStringLiteral("job"));
    chooseUnit(map->timeUnitCombo(), QStringLiteral("s"));
    chooseUnit(map->costUnitCombo(), QStringLiteral("cents"));
    QTRY_VERIFY_WITH_TIMEOUT(ok->isEnabled(), 10'000);
    QTRY_COMPARE(labelText(*map, QStringLiteral("mapStatus")), QStringLiteral("2 records: 2 would be imported, 0 bad rows."));
    const auto* mapRows = map->findChild<QTableView*>(QStringLiteral("mapPreviewRows"));
    QCOMPARE(columnTexts(*mapRows, PreviewRowsModel::Cost), (QStringList{QStringLiteral("$0.25"), QStringLiteral("$0.015")}));
    const QStringList cliMap{QStringLiteral("--map"),
                             QStringLiteral("timestamp=when,model=llm,input_tokens=tok_in,output_tokens=tok_out,"
                                            "latency_ms=took,cost_usd=price_cents,task_type=job"),
                             QStringLiteral("--time-unit"), QStringLiteral("s"), QStringLiteral("--cost-unit"),
                             QStringLiteral("cents")};
    QCOMPARE(importers::mapArguments(map->mapping()), cliMap);
    QSignalSpy shownAgain(preview, &ImportPreviewDialog::previewShown);
    ok->click();
    QVERIFY(shownAgain.wait(10'000));
    QVERIFY(labelText(*preview, QStringLiteral("previewHeadline")).contains(QStringLiteral("read as your column mapping")));
    preview->findChild<QPushButton*>(QStringLiteral("importButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->findChild<QDialog*>(QStringLiteral("importReport")), 20'000);

    // The same header, written otherwise: the mapping is offered again, units included.
    const QString second = testing::writeFile(m_dir, QStringLiteral("custom-december.csv"),
        "When, LLM,Tok_In,tok_out,PRICE_CENTS,took,job\n1764756000,gpt-4o,10,20,1,100,classify\n");
    window->importFlow()->previewAndImport(db, {second});
    preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QVERIFY(preview->mappingDialog());
    QCOMPARE(importers::mapArguments(preview->mappingDialog()->mapping()), cliMap);
    preview->mappingDialog()->reject();
    preview->reject();

    // Read back once the window has closed its connection: a second connection of this process to a locked file
    // makes SQLite hand its descriptor to the window's thread to close, a hand-off ThreadSanitizer reports.
    window.reset();
    const QString cliDb = m_dir.filePath(QStringLiteral("mapped-cli.db"));
    const testing::CliResult cli = testing::runCli(QStringList{QStringLiteral("import"), csv, QStringLiteral("--db"), cliDb} + cliMap);
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QStringList stored = testing::storedCalls(db);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored, testing::storedCalls(cliDb));
    QVERIFY(stored.first().contains(QStringLiteral("cost=250000000")));
}

void TestUiImport::notALogIsOnePlainSentence()
{
    const auto window = openAndWait(m_knownDb);
    QVERIFY(window);
    const QByteArray before = storeBytes(m_knownDb);
    window->importFlow()->previewAndImport(m_knownDb, {QStringLiteral("/etc/passwd")});
    ImportPreviewDialog* preview = shownPreview(*window->importFlow());
    QVERIFY(preview);
    QCOMPARE(labelText(*preview, QStringLiteral("previewHeadline")),
             QStringLiteral("passwd is not a call log costdash can read: its 1 column matches none of the formats "
                            "tried (seed, openai-usage, openai-costs, litellm-daily, otel, langfuse, openrouter, litellm, "
                            "helicone, anthropic, openai)."));
    QVERIFY(!preview->mappingDialog()); // one column cannot hold a timestamp and a model
    QVERIFY(!preview->findChild<QPushButton*>(QStringLiteral("importButton"))->isEnabled());
    preview->reject();
    QCOMPARE(storeBytes(m_knownDb), before);
}

// A LiteLLM daily row (12 requests, $0.0215) and a Cost CSV's spend line ($0.25) beside one call: the What-if
// page says both are left out of the replay, in the CLI's words; the Calls page marks them and their details say
// what they are.
void TestUiImport::aggregatesAreFlaggedInTheWindow()
{
    const QString db = m_dir.filePath(QStringLiteral("aggregates.db"));
    const QByteArray daily =
        "id,date,user_id,api_key,model,model_group,custom_llm_provider,prompt_tokens,completion_tokens,"
        "cache_read_input_tokens,cache_creation_input_tokens,spend,api_requests,successful_requests,failed_requests\n"
        "d1,2025-11-03,u_1,88dc28,gpt-4o,smart,openai,5000,800,1000,0,0.0215,12,11,1\n";
    const QByteArray call = "timestamp,model,input_tokens,output_tokens,cost_usd\n2025-11-03T10:00:00Z,gpt-4o,10,20,0.5\n";
    const QByteArray cost =
        "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,"
        "organization_id,organization_name\n"
        "1762041600,1762128000,2025-11-02T00:00:00+00:00,2025-11-03T00:00:00+00:00,0.2500000000000000,usd,"
        "\"gpt-4o-2024-08-06, output\",proj_1,org-1,Acme\n";
    for (const auto& [name, bytes] :
         {std::pair{"daily.csv", daily}, std::pair{"one.csv", call}, std::pair{"cost.csv", cost}}) {
        const auto r = testing::runCli({QStringLiteral("import"), testing::writeFile(m_dir, QLatin1String(name), bytes),
                                        QStringLiteral("--db"), db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    const auto window = openAndWait(db);
    QVERIFY(window);
    QTRY_COMPARE(labelText(*window->whatIfPage(), QStringLiteral("aggregateNote")),
                 QStringLiteral("Aggregates: 12 calls in usage buckets or daily spend rows and 1 spend line without "
                                "a request count ($0.2715) are left out of the replay: a bucket cannot be replayed "
                                "call by call."));
    QVERIFY(!window->whatIfPage()->findChild<QLabel*>(QStringLiteral("aggregateNote"))->isHidden());
    // The spend line's project is a task of no replayed call: batching it would change nothing.
    const auto* batchTasks = window->whatIfPage()->findChild<QListWidget*>(QStringLiteral("batchTaskList"));
    QVERIFY(batchTasks->count() > 0);
    QVERIFY(batchTasks->findItems(QStringLiteral("proj_1"), Qt::MatchExactly).isEmpty());

    window->pages()->setCurrentWidget(window->callsPage());
    CallsModel* calls = window->callsPage()->model();
    QTRY_COMPARE(calls->rowCount(), 3);
    QStringList status;
    QTRY_VERIFY((status = {calls->index(0, CallsModel::Status).data().toString(),
                           calls->index(1, CallsModel::Status).data().toString(),
                           calls->index(2, CallsModel::Status).data().toString()}) ==
                QStringList({QStringLiteral("spend line"), QStringLiteral("aggregate of 12"), QStringLiteral("ok")}));
    QCOMPARE(calls->index(0, CallsModel::Cost).data().toString(), QStringLiteral("$0.2500"));
    window->callsPage()->table()->setFocus();
    window->callsPage()->table()->selectRow(0);
    QString detail = window->callsPage()->detailText();
    QVERIFY2(detail.contains(QStringLiteral("A spend line (line item \"gpt-4o-2024-08-06, output\"): a cost without "
                                            "a request count or tokens")),
             qPrintable(detail));
    window->callsPage()->table()->selectRow(1);
    detail = window->callsPage()->detailText();
    QVERIFY2(detail.contains(QStringLiteral("An aggregate row: it sums 12 requests")), qPrintable(detail));
    window->callsPage()->table()->selectRow(2);
    QVERIFY(!window->callsPage()->detailText().contains(QStringLiteral("aggregate")));
}

QTEST_MAIN(TestUiImport)
#include "tst_ui_import.moc"
