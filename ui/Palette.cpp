#include "Palette.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <algorithm>

namespace costdash::ui::palette {

QString onWindow(const QString& colour)
{
    const QColor c(colour);
    if (QGuiApplication::palette().color(QPalette::Window).lightness() >= 128)
        return colour;
    return QColor::fromHsl(c.hslHue(), c.hslSaturation(), std::max(c.lightness(), 175)).name();
}

} // namespace costdash::ui::palette
