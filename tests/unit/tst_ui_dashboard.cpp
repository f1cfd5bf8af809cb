// The window as a new user meets it (issue 13): it fits a 1280×720 laptop screen, and every page stays laid out
// there. Driven on the real window against a real temporary store holding the known month.
#include "MainWindow.h"
#include "WindowFit.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"

#include <QChartView>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::ui;

class TestUiDashboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void minimumSizeFitsA1280x720Screen();
    void firstSizeFitsTheScreen();

private:
    std::unique_ptr<MainWindow> openAndWait(const QString& path);

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestUiDashboard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    uitest::isolateSettings(m_dir.filePath(QStringLiteral("settings")));
    m_dbPath = m_dir.filePath(QStringLiteral("known.db"));
    QString error;
    QVERIFY2(uitest::writeKnownMonth(m_dbPath, &error), qPrintable(error));
}

void TestUiDashboard::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestUiDashboard::openAndWait(const QString& path)
{
    auto window = std::make_unique<MainWindow>();
    QSignalSpy snapshot(window->storeService(), &services::StoreService::snapshotReady);
    window->openStore(path);
    window->show();
    if (!snapshot.wait(10'000))
        return nullptr;
    return window;
}

void TestUiDashboard::minimumSizeFitsA1280x720Screen()
{
    const auto window = openAndWait(m_dbPath);
    QVERIFY(window);
    const QSize fits = windowfit::kSmallestScreen - windowfit::kFrameAllowance;
    auto* pages = window->findChild<QTabWidget*>();
    QVERIFY(pages);
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        const QSize minimum = window->minimumSize().expandedTo(window->minimumSizeHint());
        QVERIFY2(minimum.width() <= fits.width() && minimum.height() <= fits.height(),
                 qPrintable(QStringLiteral("page %1 needs %2×%3").arg(pages->tabText(i)).arg(minimum.width()).arg(minimum.height())));
    }
    // Laid out at the size that fits the small screen, no chart is squeezed below what it asks for.
    window->resize(fits);
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        QCoreApplication::processEvents();
        const auto views = pages->widget(i)->findChildren<QChartView*>();
        for (const QChartView* view : views) {
            if (view->isVisibleTo(window.get()))
                QVERIFY2(view->height() >= view->minimumSizeHint().height() && view->height() >= 150,
                         qPrintable(view->objectName() + QStringLiteral(" is %1 px high").arg(view->height())));
        }
    }
}

void TestUiDashboard::firstSizeFitsTheScreen()
{
    const QRect laptop(0, 0, 1366, 768);
    const QRect first = windowfit::initialGeometry(laptop);
    QVERIFY(laptop.contains(first));
    QVERIFY(first.height() + windowfit::kFrameAllowance.height() <= laptop.height());
    QCOMPARE(first.center(), laptop.center());
    const QRect big = windowfit::initialGeometry(QRect(0, 0, 3840, 2160));
    QCOMPARE(big.size(), QSize(1600, 1000));
    // A layout saved on a big screen is brought back inside a small one.
    const QRect restored = windowfit::fitInto(QRect(400, 300, 1800, 1100), QRect(0, 0, 1280, 720));
    QVERIFY(QRect(0, 0, 1280, 720).contains(restored));
    QCOMPARE(restored.size(), windowfit::kSmallestScreen - windowfit::kFrameAllowance);
    // A new window takes its first size from the screen it is on.
    MainWindow window;
    QCOMPARE(window.size(), windowfit::initialGeometry(windowfit::availableGeometry(&window)).size());
}

QTEST_MAIN(TestUiDashboard)
#include "tst_ui_dashboard.moc"
