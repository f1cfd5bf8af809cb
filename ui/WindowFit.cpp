#include "WindowFit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <algorithm>

namespace costdash::ui::windowfit {

QRect initialGeometry(const QRect& available)
{
    // A laptop's 720 or 768 lines are all needed (the What-if page's tiles, charts and tables); larger screens
    // get most of their area.
    const int share = available.height() < kRoomyScreenHeight ? 10 : 9;
    const QSize size(std::clamp(available.width() * share / 10, kMinimumSize.width(), 1600),
                     std::clamp(available.height() * share / 10, kMinimumSize.height(), 1000));
    QRect rect(QPoint(0, 0), size.boundedTo(available.size() - kFrameAllowance).expandedTo(kMinimumSize));
    rect.moveCenter(available.center());
    return rect;
}

QRect fitInto(const QRect& geometry, const QRect& available)
{
    QRect rect(geometry.topLeft(), geometry.size().boundedTo(available.size() - kFrameAllowance).expandedTo(kMinimumSize));
    rect.moveLeft(std::clamp(rect.left(), available.left(), std::max(available.left(), available.right() - rect.width())));
    rect.moveTop(std::clamp(rect.top(), available.top(), std::max(available.top(), available.bottom() - rect.height())));
    return rect;
}

QRect availableGeometry(const QWidget* widget)
{
    const QScreen* screen = widget && widget->screen() ? widget->screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(QPoint(0, 0), kSmallestScreen);
}

} // namespace costdash::ui::windowfit
