// The Test prompts page driven offscreen against the loopback server (LoopbackServer.h): the live table, the
// answers side by side, the scatter, cancel, the calls in the store; the Settings dialog keeps the key out of
// the settings file.
#include "LoopbackServer.h"
#include "MainWindow.h"
#include "PastRunsModel.h"
#include "ProjectionModels.h"
#include "RunModels.h"
#include "SettingsDialog.h"
#include "SummaryTableModel.h"
#include "TestFiles.h"
#include "TestPromptsPage.h"
#include "api/ApiSettings.h"
#include "services/RunJob.h"
#include "store/CallStore.h"
#include "uitest_fixtures.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace costdash;
using namespace costdash::testing;

namespace {

const QByteArray kKey = "sk-ui-test-key-51c0ffee99aa";

const QByteArray kSuite = R"({"id": "p1", "task_type": "classification", "prompt": "Label: charged twice", "expected": {"exact": "billing"}, "max_tokens": 5}
{"id": "p2", "task_type": "chat", "prompt": "Capital of France?", "expected": {"contains": "paris"}, "max_tokens": 20}
{"id": "p3", "task_type": "summarization", "prompt": "Summarize: the invoice was paid twice.", "max_tokens": 20}
)";

// 100 input (40 cached), 20 output on gpt-4o-mini: $0.000024 a call.
constexpr money::Nanos kMiniCall = 24000;

Reply answer(const HttpRequest& r)
{
    const bool paris = r.body.contains("France");
    const QString model = r.model();
    return completionReply(model, paris && model == u"gpt-4o-mini" ? QStringLiteral("Paris.") : QStringLiteral("billing"),
                           100, 20, 40, 0);
}

} // namespace

class TestUiTestPrompts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runShowsLiveFiguresAnswersAndScatter();
    void fetchesTheEndpointsModels();
    void cancelStopsTheRun();
    void rpmPerModelFromThePage();
    void pastRunsAreListedAndShown();
    void settingsKeepTheKeyOutOfTheSettingsFile();
    void windowHasThePageOnCtrl3();
    void movesShowWhatRunsFound();

private:
    QTemporaryDir m_dir;
};

void TestUiTestPrompts::initTestCase()
{
    uitest::isolateSettings(m_dir.filePath(QStringLiteral("settings")));
    qputenv("COSTDASH_API_KEY", kKey);
}

void TestUiTestPrompts::runShowsLiveFiguresAnswersAndScatter()
{
    LoopbackServer server([](const HttpRequest& r, int) { return answer(r); });
    services::RunJob job;
    ui::TestPromptsPage page(&job);
    page.resize(1200, 800);
    page.show();
    const QString db = m_dir.filePath(QStringLiteral("ui-run.db"));
    page.setStorePath(db);
    page.suiteEdit()->setText(writeFile(m_dir, QStringLiteral("suite.jsonl"), kSuite));
    page.endpointEdit()->setText(server.baseUrl());
    page.setCheckedModels({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")});
    // p3 has no expected answer: judged by agreement with gpt-4o-mini's.
    page.referenceBox()->setCurrentIndex(page.referenceBox()->findData(QStringLiteral("gpt-4o-mini")));
    page.rpmEdit()->setText(QStringLiteral("100, gpt-4o=50")); // limits that do not bind here
    QSignalSpy finished(&page, &ui::TestPromptsPage::runFinished);
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("runButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(server.requestCount(), 6);

    // The live table, as shown (models in the order of the list).
    ui::RunStatsModel* stats = page.statsModel();
    QCOMPARE(stats->rowCount(), 2);
    QCOMPARE(stats->index(0, ui::RunStatsModel::Model).data().toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(stats->index(1, ui::RunStatsModel::Model).data().toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::Done).data().toString(), QStringLiteral("3"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::Failed).data().toString(), QStringLiteral("0"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::InputTokens).data().toString(), QStringLiteral("300"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::Cost).data(ui::SortRole).toLongLong(), 3 * kMiniCall);
    QCOMPARE(stats->index(0, ui::RunStatsModel::PassRate).data().toString(), QStringLiteral("100 % of 2"));
    // p1 passes, p2 fails, p3 agrees with the reference.
    QCOMPARE(stats->index(1, ui::RunStatsModel::PassRate).data().toString(), QStringLiteral("67 % of 3"));

    // The answers side by side: a row per prompt, a column per model.
    ui::AnswersModel* answers = page.answersModel();
    QCOMPARE(answers->rowCount(), 3);
    QCOMPARE(answers->columnCount(), 3);
    QCOMPARE(answers->headerData(1, Qt::Horizontal).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(answers->index(0, 0).data().toString(), QStringLiteral("p1"));
    QCOMPARE(answers->index(1, 0).data().toString(), QStringLiteral("p2"));
    QCOMPARE(answers->index(1, 1).data().toString(), QStringLiteral("Paris."));
    QCOMPARE(answers->index(1, 2).data().toString(), QStringLiteral("billing"));
    QCOMPARE(answers->index(1, 1).data(ui::AnswersModel::PassedRole).toBool(), true);
    QCOMPARE(answers->index(1, 2).data(ui::AnswersModel::PassedRole).toBool(), false);

    // Cost against pass rate: a point per model.
    QChart* chart = page.scatterChart()->chart();
    QCOMPARE(chart->series().size(), 2);
    for (QAbstractSeries* s : chart->series()) {
        auto* scatter = qobject_cast<QScatterSeries*>(s);
        QVERIFY(scatter);
        QCOMPARE(scatter->count(), 1);
        if (scatter->name() == u"gpt-4o-mini") {
            QCOMPARE(scatter->at(0).y(), 100.0);
            QCOMPARE(scatter->at(0).x(), 3 * 24e-6);
        } else {
            QCOMPARE(scatter->at(0).y(), 200.0 / 3);
        }
    }
    QVERIFY2(page.statusText().contains(QStringLiteral("6 calls")), qPrintable(page.statusText()));

    // COSTDASH_SCREENSHOT_DIR=dir keeps a picture of the page for a person to look at.
    if (const QString shots = qEnvironmentVariable("COSTDASH_SCREENSHOT_DIR"); !shots.isEmpty())
        QVERIFY(page.grab().save(shots + QStringLiteral("/test-prompts.png")));

    // The calls in the window's store.
    QString error;
    auto store = store::CallStore::open(db, &error, store::CallStore::Access::Read);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->callCount(), 6);
    QCOMPARE(store->runCalls(page.lastSummary().runId).size(), 6);

    // The page's choices come back in the next session.
    ui::TestPromptsPage next(&job);
    QCOMPARE(next.checkedModels(), (QStringList{QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")}));
    QCOMPARE(next.suiteEdit()->text(), page.suiteEdit()->text());
    QCOMPARE(next.referenceBox()->currentData().toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(next.rpmEdit()->text(), QStringLiteral("100, gpt-4o=50"));
}

void TestUiTestPrompts::rpmPerModelFromThePage()
{
    LoopbackServer server([](const HttpRequest& r, int) { return answer(r); });
    services::RunJob job;
    ui::TestPromptsPage page(&job);
    page.setStorePath(m_dir.filePath(QStringLiteral("ui-rpm.db")));
    page.suiteEdit()->setText(writeFile(m_dir, QStringLiteral("rpm.jsonl"), kSuite));
    page.endpointEdit()->setText(server.baseUrl());
    page.setCheckedModels({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")});
    page.referenceBox()->setCurrentIndex(0);
    page.rpmEdit()->setText(QStringLiteral("gpt-4o=lots"));
    page.run();
    QTRY_VERIFY2(page.statusText().contains(QStringLiteral("\"gpt-4o=lots\" is neither N nor MODEL=N")),
                 qPrintable(page.statusText()));
    QCOMPARE(server.requestCount(), 0);
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
    // gpt-4o may start one request a minute: its other two wait while gpt-4o-mini's three go through.
    page.rpmEdit()->setText(QStringLiteral("gpt-4o=1"));
    QSignalSpy finished(&page, &ui::TestPromptsPage::runFinished);
    page.run();
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 4, 10000);
    QTest::qWait(300);
    QCOMPARE(server.requestCount(), 4);
    int bigModel = 0;
    for (const HttpRequest& r : server.requests())
        bigModel += r.model() == u"gpt-4o" ? 1 : 0;
    QCOMPARE(bigModel, 1);
    page.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(page.lastSummary().cancelled);
}

void TestUiTestPrompts::fetchesTheEndpointsModels()
{
    LoopbackServer server([](const HttpRequest&, int) {
        Reply r;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = R"({"object":"list","data":[{"id":"llama-3.1-8b-instruct"},{"id":"gpt-4o-mini"}]})";
        return r;
    });
    services::RunJob job;
    ui::TestPromptsPage page(&job);
    page.setCatalogModels({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")});
    page.endpointEdit()->setText(server.baseUrl());
    QSignalSpy listed(&job, &services::RunJob::modelsListed);
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("fetchModelsButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 5000);
    auto* list = page.findChild<QListWidget*>(QStringLiteral("modelsList"));
    QCOMPARE(list->count(), 3); // the catalog's two and the endpoint's new one
    QCOMPARE(list->findItems(QStringLiteral("llama-3.1-8b-instruct"), Qt::MatchExactly).size(), 1);
    QCOMPARE(server.requests().at(0).path, QByteArray("/v1/models"));
    QCOMPARE(server.requests().at(0).header("Authorization"), "Bearer " + kKey);
    QVERIFY2(page.statusText().contains(QStringLiteral("2 models")), qPrintable(page.statusText()));
}

void TestUiTestPrompts::cancelStopsTheRun()
{
    LoopbackServer server([](const HttpRequest& r, int) {
        Reply reply = answer(r);
        reply.delayMs = 400;
        return reply;
    });
    services::RunJob job;
    ui::TestPromptsPage page(&job);
    page.setStorePath(m_dir.filePath(QStringLiteral("ui-cancel.db")));
    QByteArray many;
    for (int i = 0; i < 30; ++i)
        many += "{\"id\": \"c" + QByteArray::number(i) + "\", \"task_type\": \"chat\", \"prompt\": \"hi " + QByteArray::number(i) + "\"}\n";
    page.suiteEdit()->setText(writeFile(m_dir, QStringLiteral("many.jsonl"), many));
    page.endpointEdit()->setText(server.baseUrl());
    page.concurrencyBox()->setValue(2);
    page.setCheckedModels({QStringLiteral("gpt-4o-mini")});
    QSignalSpy finished(&page, &ui::TestPromptsPage::runFinished);
    page.run();
    QTRY_VERIFY_WITH_TIMEOUT(server.requestCount() >= 2, 10000);
    QElapsedTimer t;
    t.start();
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(t.elapsed() < 2000);
    QVERIFY(page.lastSummary().cancelled);
    QVERIFY(server.requestCount() < 30);
    // The calls cancelled in flight are kept with their usage unknown, like every call that finished.
    const api::ModelStats& mini = page.lastSummary().models.at(0);
    QVERIFY(mini.cancelled >= 1);
    QCOMPARE(mini.usageUnknown, mini.cancelled);
    QString error;
    auto store = store::CallStore::open(m_dir.filePath(QStringLiteral("ui-cancel.db")), &error,
                                        store::CallStore::Access::Read);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->callCount(), mini.ok + mini.cancelled);
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
}

void TestUiTestPrompts::pastRunsAreListedAndShown()
{
    // p2's answers come last: the rows must still follow the suite, not the order the calls ended in.
    LoopbackServer server([](const HttpRequest& r, int) {
        Reply reply = answer(r);
        reply.delayMs = r.body.contains("France") ? 300 : 0;
        return reply;
    });
    const QString db = m_dir.filePath(QStringLiteral("ui-past.db"));
    services::RunJob job;
    {
        ui::TestPromptsPage live(&job);
        live.setStorePath(db);
        live.suiteEdit()->setText(writeFile(m_dir, QStringLiteral("past.jsonl"), kSuite));
        live.endpointEdit()->setText(server.baseUrl());
        live.setCheckedModels({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")});
        live.referenceBox()->setCurrentIndex(live.referenceBox()->findData(QStringLiteral("gpt-4o-mini")));
        live.rpmEdit()->clear();
        live.run();
        QTRY_COMPARE_WITH_TIMEOUT(live.pastRunsModel()->rowCount(), 1, 20000); // listed again when the run ends
    }
    // A later session: the list comes from the store, and a click shows the run as it was shown live.
    ui::TestPromptsPage page(&job);
    page.resize(1200, 800);
    page.show();
    QSignalSpy listed(&page, &ui::TestPromptsPage::pastRunsListed);
    page.setStorePath(db);
    QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 5000);
    ui::PastRunsModel* runs = page.pastRunsModel();
    QCOMPARE(runs->rowCount(), 1);
    QCOMPARE(runs->index(0, ui::PastRunsModel::Suite).data().toString(), QStringLiteral("past"));
    QCOMPARE(runs->index(0, ui::PastRunsModel::Models).data().toString(), QStringLiteral("gpt-4o-mini, gpt-4o"));
    QCOMPARE(runs->index(0, ui::PastRunsModel::Calls).data().toString(), QStringLiteral("6"));
    QCOMPARE(runs->index(0, ui::PastRunsModel::PassRate).data().toString(), QStringLiteral("80 % of 5"));
    const QString runId = runs->index(0, ui::PastRunsModel::RunId).data(ui::PastRunsModel::RunIdRole).toString();
    QVERIFY(runId.startsWith(QStringLiteral("run-")));
    QSignalSpy shown(&page, &ui::TestPromptsPage::pastRunShown);
    QTableView* view = page.pastRunsView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(0, 2)).center());
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 5000);
    QCOMPARE(page.shownRunId(), runId);
    ui::RunStatsModel* stats = page.statsModel();
    QCOMPARE(stats->rowCount(), 2);
    QCOMPARE(stats->index(0, ui::RunStatsModel::Model).data().toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::Done).data().toString(), QStringLiteral("3"));
    QCOMPARE(stats->index(0, ui::RunStatsModel::Cost).data(ui::SortRole).toLongLong(), 3 * kMiniCall);
    QCOMPARE(stats->index(0, ui::RunStatsModel::PassRate).data().toString(), QStringLiteral("100 % of 2"));
    QCOMPARE(stats->index(1, ui::RunStatsModel::PassRate).data().toString(), QStringLiteral("67 % of 3"));
    ui::AnswersModel* answers = page.answersModel();
    QCOMPARE(answers->rowCount(), 3);
    QCOMPARE(answers->headerData(2, Qt::Horizontal).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(answers->index(1, 0).data().toString(), QStringLiteral("p2"));
    QCOMPARE(answers->index(1, 1).data().toString(), QStringLiteral("Paris."));
    QCOMPARE(answers->index(1, 2).data().toString(), QStringLiteral("billing"));
    QCOMPARE(answers->index(1, 2).data(ui::AnswersModel::PassedRole).toBool(), false);
    QVERIFY2(page.statusText().contains(runId), qPrintable(page.statusText()));
}

void TestUiTestPrompts::settingsKeepTheKeyOutOfTheSettingsFile()
{
    ui::SettingsDialog dialog;
    dialog.endpointEdit()->setText(QStringLiteral("http://api.example.com/v1"));
    dialog.accept(); // plain http to another host: refused, nothing saved
    QVERIFY(dialog.isVisible() || dialog.result() != QDialog::Accepted);
    QCOMPARE(api::ApiSettings::load().endpoint, QString());
    dialog.endpointEdit()->setText(QStringLiteral("http://127.0.0.1:9/v1"));
    dialog.concurrencyBox()->setValue(24);
    dialog.accept(); // no key typed: the keychain is not touched
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const api::ApiSettings saved = api::ApiSettings::load();
    QCOMPARE(saved.endpoint, QStringLiteral("http://127.0.0.1:9/v1"));
    QCOMPARE(saved.concurrency, 24);
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(kKey));
    QVERIFY(!settings.allKeys().contains(QStringLiteral("api/key")));
}

void TestUiTestPrompts::windowHasThePageOnCtrl3()
{
    ui::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(tabs->currentWidget(), window.testPromptsPage());
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("&Test prompts"));
}

void TestUiTestPrompts::movesShowWhatRunsFound()
{
    ui::MovesModel model;
    model.setMoves({{QStringLiteral("classification"), QStringLiteral("gpt-4o-mini"), 120, false, 0, {}},
                    {QStringLiteral("chat"), QStringLiteral("gpt-4o-mini"), 40, true, 0, {}},
                    {QStringLiteral("summarization"), QStringLiteral("Qwen/Qwen3-8B"), 7, false, 0, {}}});
    // Run calls named by an alias count for the catalog's model.
    model.setRunEvidence({{QStringLiteral("classification"), QStringLiteral("GPT-4o-mini"), 12, 10, 8},
                          {QStringLiteral("summarization"), QStringLiteral("qwen3-8b"), 3, 0, 0}},
                         pricing::PriceCatalog::bundled());
    QCOMPARE(model.index(0, ui::MovesModel::Evidence).data().toString(), QStringLiteral("tested: 12 calls, pass 80 %"));
    QCOMPARE(model.index(1, ui::MovesModel::Evidence).data().toString(), QStringLiteral("tested"));
    QCOMPARE(model.index(2, ui::MovesModel::Evidence).data().toString(), QStringLiteral("tested: 3 calls"));
}

QTEST_MAIN(TestUiTestPrompts)
#include "tst_ui_testprompts.moc"
