#pragma once
// The real window for widget tests: shown on a store, returned once its month is loaded.
#include "MainWindow.h"
#include "services/StoreService.h"
#include "uitest_fixtures.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <memory>

namespace costdash::uitest {

// A shown window on the store at `path`, once its snapshot is loaded; nullptr when it never is.
inline std::unique_ptr<ui::MainWindow> openWindow(const QString& path)
{
    auto window = std::make_unique<ui::MainWindow>();
    QSignalSpy snapshot(window->storeService(), &services::StoreService::snapshotReady);
    window->openStore(path);
    window->show();
    if (!snapshot.wait(10'000))
        return nullptr;
    return window;
}

} // namespace costdash::uitest
