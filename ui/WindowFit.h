#pragma once
// How big the window opens and how small it may get: it must fit and stay usable on a 1280×720 screen.
#include <QRect>
#include <QSize>

class QWidget;

namespace costdash::ui::windowfit {

// The smallest screen the window is laid out for (a laptop); the window's minimum size plus its frame fits it.
inline constexpr QSize kSmallestScreen{1280, 720};
// What a title bar and borders take at most (GNOME's header bar is the tallest common one).
inline constexpr QSize kFrameAllowance{16, 48};
// The window's minimum size: well inside the smallest screen less the frame (the pages lay out down to it).
inline constexpr QSize kMinimumSize{960, 600};
// Below this available height the window opens on all of the screen (less the frame).
inline constexpr int kRoomyScreenHeight = 900;
// The first-run size: most of the screen's available area, centred on it, never above 1600×1000.
QRect initialGeometry(const QRect& available);
// `geometry` moved and shrunk so it lies inside `available` (a layout saved on a bigger screen).
QRect fitInto(const QRect& geometry, const QRect& available);
// The available geometry of the screen `widget` is on (or the primary screen's).
QRect availableGeometry(const QWidget* widget);

} // namespace costdash::ui::windowfit
