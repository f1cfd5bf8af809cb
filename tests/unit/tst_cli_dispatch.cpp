// The command-line contract every subcommand shares: help, version, exit codes 0/1/2.
#include "CliRunner.h"
#include "cli/Cli.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestCliDispatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exitCodes_data();
    void exitCodes();
    void helpListsEverySubcommand();
    void helpPerSubcommand_data();
    void helpPerSubcommand();
    void versionNamesProjectAndCatalog();
    void withoutDisplay_data();
    void withoutDisplay();
    void windowCanOpen_data();
    void windowCanOpen();
};

namespace {
struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCostdash(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    const costdash::testing::CliResult r = costdash::testing::runCli(args, env);
    return {r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
}
} // namespace

void TestCliDispatch::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0 << QString();
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << 0 << QString();
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0 << QString();
    QTest::newRow("help unknown") << QStringList{QStringLiteral("help"), QStringLiteral("frobnicate")} << 2
                                  << QStringLiteral("unknown subcommand");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("summary"), QStringLiteral("--frobnicate")} << 2
                                    << QStringLiteral("frobnicate");
}

void TestCliDispatch::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    const Run r = runCostdash(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(stderrHas), qPrintable(r.err));
}

void TestCliDispatch::helpListsEverySubcommand()
{
    const Run r = runCostdash({QStringLiteral("--help")});
    for (const char* name : {"import", "summary", "whatif", "prices", "demo"})
        QVERIFY2(r.out.contains(QStringLiteral("  ") + QLatin1String(name) + u' '), name);
}

void TestCliDispatch::helpPerSubcommand_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {"import", "summary", "whatif", "prices", "demo"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestCliDispatch::helpPerSubcommand()
{
    QFETCH(QString, name);
    const Run viaHelp = runCostdash({QStringLiteral("help"), name});
    const Run viaFlag = runCostdash({name, QStringLiteral("--help")});
    QCOMPARE(viaHelp.exitCode, 0);
    QCOMPARE(viaFlag.exitCode, 0);
    QVERIFY(viaHelp.out.startsWith(QStringLiteral("Usage: costdash ") + name));
    QCOMPARE(viaHelp.out, viaFlag.out);
}

void TestCliDispatch::versionNamesProjectAndCatalog()
{
    const Run r = runCostdash({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    // help2man takes the first line as the man page's version: it must be exactly "costdash VERSION".
    const QStringList lines = r.out.split(u'\n');
    QCOMPARE(lines.value(0), QStringLiteral("costdash " COSTDASH_VERSION));
    QFile catalog(QStringLiteral(COSTDASH_SOURCE_DIR "/resources/pricing/catalog.json"));
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    const QString snapshot = QJsonDocument::fromJson(catalog.readAll()).object().value(u"snapshot").toString();
    QVERIFY(!snapshot.isEmpty());
    QCOMPARE(lines.value(1), QStringLiteral("bundled price catalog of ") + snapshot);
}

void TestCliDispatch::withoutDisplay_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("platform"); // QT_QPA_PLATFORM; "" = unset
    QTest::addColumn<QString>("stderrIs");
    const QString unknown = QStringLiteral("costdash: unknown command \"sumary\" (`costdash --help` lists the commands)\n");
    const QString needsDisplay = QStringLiteral(
        "costdash: the window needs a display (DISPLAY or WAYLAND_DISPLAY is not set); `costdash --help` lists the "
        "commands that run without one\n");
    QTest::newRow("mistyped command") << QStringList{QStringLiteral("sumary")} << QString() << unknown;
    QTest::newRow("mistyped command, offscreen") << QStringList{QStringLiteral("sumary")} << QStringLiteral("offscreen")
                                                 << unknown;
    QTest::newRow("mistyped command with options")
        << QStringList{QStringLiteral("sumary"), QStringLiteral("--db"), QStringLiteral("/nonexistent/x.db")} << QString()
        << unknown;
    QTest::newRow("plain costdash") << QStringList{} << QString() << needsDisplay;
    QTest::newRow("window options") << QStringList{QStringLiteral("--db"), QStringLiteral("/nonexistent/x.db")}
                                    << QString() << needsDisplay;
    QTest::newRow("xcb asked for") << QStringList{} << QStringLiteral("xcb") << needsDisplay;
}

// Without a display, a mistyped command is reported (never a window attempt and Qt's abort); the window says
// it needs one. Exit 2 both times.
void TestCliDispatch::withoutDisplay()
{
    QFETCH(QStringList, args);
    QFETCH(QString, platform);
    QFETCH(QString, stderrIs);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    if (!platform.isEmpty())
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    const Run r = runCostdash(args, env);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, stderrIs);
    QCOMPARE(r.out, QString());
}

void TestCliDispatch::windowCanOpen_data()
{
    QTest::addColumn<QByteArray>("platform"); // QT_QPA_PLATFORM
    QTest::addColumn<QByteArray>("display");  // DISPLAY
    QTest::addColumn<bool>("canOpen");
    QTest::newRow("offscreen, no display") << QByteArray("offscreen") << QByteArray() << true;
    QTest::newRow("offscreen with options") << QByteArray("offscreen:fontengine=freetype") << QByteArray() << true;
    QTest::newRow("xcb, no display") << QByteArray("xcb") << QByteArray() << false;
    QTest::newRow("xcb with options, display") << QByteArray("xcb:nomitshm") << QByteArray(":0") << true;
    QTest::newRow("default, no display") << QByteArray() << QByteArray() << false;
    QTest::newRow("default, display") << QByteArray() << QByteArray(":0") << true;
}

// The window's own platform choice, decided before Qt would abort: offscreen needs no display server.
void TestCliDispatch::windowCanOpen()
{
    QFETCH(QByteArray, platform);
    QFETCH(QByteArray, display);
    const QByteArray savedPlatform = qgetenv("QT_QPA_PLATFORM");
    const QByteArray savedDisplay = qgetenv("DISPLAY");
    const QByteArray savedWayland = qgetenv("WAYLAND_DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    platform.isEmpty() ? qunsetenv("QT_QPA_PLATFORM") : qputenv("QT_QPA_PLATFORM", platform);
    display.isEmpty() ? qunsetenv("DISPLAY") : qputenv("DISPLAY", display);
    char program[] = "costdash";
    char* argv[] = {program, nullptr};
    const bool canOpen = costdash::cli::windowCanOpen(1, argv);
    qputenv("QT_QPA_PLATFORM", savedPlatform);
    qputenv("DISPLAY", savedDisplay);
    qputenv("WAYLAND_DISPLAY", savedWayland);
    QTEST(canOpen, "canOpen");
}

QTEST_GUILESS_MAIN(TestCliDispatch)
#include "tst_cli_dispatch.moc"
