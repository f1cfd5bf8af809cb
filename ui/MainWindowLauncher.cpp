#include "MainWindowLauncher.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

namespace costdash::ui {

int launch(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("costdash"));
    QApplication::setOrganizationName(QStringLiteral("costdash"));
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("costdash"));
    window.setCentralWidget(new QLabel(QStringLiteral("costdash"), &window));
    window.resize(1200, 800);
    window.show();
    return QApplication::exec();
}

} // namespace costdash::ui
