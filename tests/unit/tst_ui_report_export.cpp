// File ▸ Export report in the real window (issue 14): a demo month in a real store, the PDF written by the window's
// job read back with pdftotext and compared with `costdash report` on the same store and scenario; cancel and a bad
// path leave no file behind.
#include "CliRunner.h"
#include "MainWindow.h"
#include "ScenarioPanel.h"
#include "WhatIfPage.h"
#include "report/ExportReportFlow.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"

#include <QAction>
#include <QDir>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::ui;
using testing::runCli;

class TestUiReportExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void menuHasCtrlE();
    void exportEqualsCliReport();
    void pinnedScenariosAreCompared();
    void cancelLeavesTheTargetAlone();
    void unwritablePathSaysWhy();

private:
    std::unique_ptr<MainWindow> openDemo();
    QTemporaryDir m_dir;
    QString m_db;
};

namespace {

QString pdfText(const QString& pdf)
{
    return QString::fromUtf8(testing::runProgram(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf,
                                                                               QStringLiteral("-")}).out);
}

// Every dollar amount of the text, in order: the report's figures without its dates and paths.
QStringList amounts(const QString& text)
{
    static const QRegularExpression money(QStringLiteral(R"(\$[0-9,]+(\.[0-9]+)?)"));
    QStringList out;
    for (const QRegularExpressionMatch& m : money.globalMatch(text))
        out.append(m.captured());
    return out;
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

} // namespace

void TestUiReportExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    uitest::isolateSettings(m_dir.filePath(QStringLiteral("settings")));
    m_db = m_dir.filePath(QStringLiteral("month.db"));
    const testing::CliResult demo = runCli({QStringLiteral("demo"), QStringLiteral("--rows"), QStringLiteral("20000"),
                                            QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--db"), m_db});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
}

std::unique_ptr<MainWindow> TestUiReportExport::openDemo()
{
    auto window = std::make_unique<MainWindow>();
    QSignalSpy snapshot(window->storeService(), &services::StoreService::snapshotReady);
    window->openStore(m_db);
    window->show();
    return snapshot.wait(20'000) ? std::move(window) : nullptr;
}

void TestUiReportExport::menuHasCtrlE()
{
    const auto window = openDemo();
    QVERIFY(window);
    const auto* action = window->findChild<QAction*>(QStringLiteral("exportReportAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+E")));
    QVERIFY(action->text().contains(QStringLiteral("Export report")));
}

void TestUiReportExport::exportEqualsCliReport()
{
    const auto window = openDemo();
    QVERIFY(window);
    ui::report::ExportReportFlow* flow = window->reportFlow();
    QSignalSpy exported(flow, &ui::report::ExportReportFlow::exported);
    const QString pdf = m_dir.filePath(QStringLiteral("window.pdf"));
    QVERIFY(flow->exportTo(pdf, window->reportRequest()));
    QVERIFY(!flow->exportTo(pdf, window->reportRequest())); // one export at a time
    QVERIFY(exported.wait(60'000));
    QCOMPARE(exported.first().at(0).toString(), pdf);
    QVERIFY(exported.first().at(1).toInt() >= 4);

    // The window's default scenario is the bundled tiered router: the same figures as the CLI's default report.
    const QString cliPdf = m_dir.filePath(QStringLiteral("cli.pdf"));
    const testing::CliResult cli = runCli({QStringLiteral("report"), QStringLiteral("--db"), m_db,
                                           QStringLiteral("--out"), cliPdf});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QStringList windowAmounts = amounts(pdfText(pdf));
    QVERIFY(windowAmounts.size() > 20);
    QCOMPARE(windowAmounts, amounts(pdfText(cliPdf)));
    QVERIFY(pdfText(pdf).contains(QStringLiteral("(as set in the window)")));

    QMessageBox* done = flow->doneDialog();
    QVERIFY(done);
    QVERIFY(done->text().contains(QDir::toNativeSeparators(pdf)));
    const auto* open = done->findChild<QPushButton*>(QStringLiteral("openReport"));
    QVERIFY(open);
    QCOMPARE(open->text(), QStringLiteral("Open"));
    done->close();
}

// The current scenario leads, the pinned ones follow: the same figures as `costdash report` given the same files.
void TestUiReportExport::pinnedScenariosAreCompared()
{
    const auto window = openDemo();
    QVERIFY(window);
    ScenarioPanel* panel = window->whatIfPage()->scenarioPanel();
    QVERIFY(panel->loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
    QVERIFY(window->whatIfPage()->pinScenario());
    QVERIFY(panel->loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
    QVERIFY(window->whatIfPage()->pinScenario());
    QCOMPARE(window->reportRequest().scenarios.size(), 2); // the pinned tiered router is the current one

    ui::report::ExportReportFlow* flow = window->reportFlow();
    QSignalSpy exported(flow, &ui::report::ExportReportFlow::exported);
    const QString pdf = m_dir.filePath(QStringLiteral("pinned.pdf"));
    QVERIFY(flow->exportTo(pdf, window->reportRequest()));
    QVERIFY(exported.wait(60'000));
    const QString cliPdf = m_dir.filePath(QStringLiteral("cli-two.pdf"));
    const QString scenarios = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/");
    const testing::CliResult cli = runCli({QStringLiteral("report"), QStringLiteral("--db"), m_db, QStringLiteral("--out"), cliPdf,
                                           QStringLiteral("--scenario"), scenarios + QStringLiteral("tiered-router.json"),
                                           QStringLiteral("--scenario"), scenarios + QStringLiteral("cache-only.json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(amounts(pdfText(pdf)), amounts(pdfText(cliPdf)));
    QVERIFY(amounts(pdfText(pdf)).size() > amounts(pdfText(m_dir.filePath(QStringLiteral("cli.pdf")))).size());
    flow->doneDialog()->close();
}

void TestUiReportExport::cancelLeavesTheTargetAlone()
{
    const auto window = openDemo();
    QVERIFY(window);
    ui::report::ExportReportFlow* flow = window->reportFlow();
    const QString pdf = m_dir.filePath(QStringLiteral("keep.pdf"));
    {
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("an earlier report");
    }
    QSignalSpy cancelled(flow, &ui::report::ExportReportFlow::cancelled);
    QVERIFY(flow->exportTo(pdf, window->reportRequest()));
    auto* progress = window->findChild<QProgressDialog*>(QStringLiteral("reportProgress"));
    QVERIFY(progress);
    auto* cancelButton = progress->findChild<QPushButton*>();
    QVERIFY(cancelButton);
    cancelButton->click();
    QVERIFY(cancelled.wait(60'000));
    QCOMPARE(contents(pdf), QByteArray("an earlier report"));
    const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("keep.pdf*")}, QDir::Files);
    QCOMPARE(left, QStringList{QStringLiteral("keep.pdf")}); // no temporary file left beside it
}

void TestUiReportExport::unwritablePathSaysWhy()
{
    const auto window = openDemo();
    QVERIFY(window);
    ui::report::ExportReportFlow* flow = window->reportFlow();
    QSignalSpy failed(flow, &ui::report::ExportReportFlow::failed);
    const QString pdf = m_dir.filePath(QStringLiteral("no-such-folder/report.pdf"));
    QVERIFY(flow->exportTo(pdf, window->reportRequest()));
    QVERIFY(failed.wait(60'000));
    QVERIFY2(failed.first().at(0).toString().startsWith(QStringLiteral("cannot write the report")),
             qPrintable(failed.first().at(0).toString()));
    QVERIFY(flow->doneDialog());
    QCOMPARE(flow->doneDialog()->icon(), QMessageBox::Warning);
    QVERIFY(!flow->doneDialog()->findChild<QPushButton*>(QStringLiteral("openReport")));
    QVERIFY(!QFileInfo::exists(pdf));
}

QTEST_MAIN(TestUiReportExport)
#include "tst_ui_report_export.moc"
