#include "MainWindowLauncher.h"

#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace costdash::ui {

int launch(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("costdash"));
    QApplication::setOrganizationName(QStringLiteral("costdash"));
    QApplication::setApplicationDisplayName(QStringLiteral("costdash"));
    QApplication::setApplicationVersion(QStringLiteral(COSTDASH_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.costdash.costdash"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Open the costdash dashboard."));
    parser.addHelpOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The call store to open."), QStringLiteral("PATH"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the demo store (generated on first use)."));
    parser.addOption(db);
    parser.addOption(demo);
    parser.process(app);

    MainWindow window;
    if (parser.isSet(db)) {
        window.openStore(parser.value(db));
    } else if (parser.isSet(demo)) {
        window.openDemoStore(MainWindow::demoStorePath());
    } else {
        const QString path = MainWindow::rememberedStorePath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        window.openStore(path);
    }
    window.show();
    return QApplication::exec();
}

} // namespace costdash::ui
