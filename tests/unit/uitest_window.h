#pragma once
// The real window for widget tests: shown on a store, returned once its month is loaded.
#include "MainWindow.h"
#include "OverviewPage.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"

#include <QChartView>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <memory>

namespace costdash::uitest {

// A shown window on the store at `path`, once its snapshot is loaded and the Overview's charts in sight are drawn;
// nullptr when either never is.
inline std::unique_ptr<ui::MainWindow> openWindow(const QString& path)
{
    auto window = std::make_unique<ui::MainWindow>();
    QSignalSpy snapshot(window->storeService(), &services::StoreService::snapshotReady);
    QSignalSpy charts(window->overviewPage(), &ui::OverviewPage::chartsShown);
    window->openStore(path);
    window->show();
    if (!snapshot.wait(10'000) || (charts.isEmpty() && !charts.wait(10'000)))
        return nullptr;
    return window;
}

// Brings the Overview's by-day total (on the tab behind the stacked chart) into sight; true once it is drawn.
inline bool showDayTotals(ui::OverviewPage& page)
{
    QSignalSpy drawn(&page, &ui::OverviewPage::chartsShown);
    page.findChild<QTabWidget*>(QStringLiteral("dayTabs"))->setCurrentWidget(page.spendByDayChart());
    return drawn.wait(10'000);
}

} // namespace costdash::uitest
