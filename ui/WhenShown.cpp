#include "WhenShown.h"

#include <QEvent>
#include <QWidget>

namespace costdash::ui {

WhenShown::WhenShown(QWidget* widget, std::function<void()> update)
    : QObject(widget)
    , m_widget(widget)
    , m_update(std::move(update))
{
    widget->installEventFilter(this);
}

void WhenShown::request()
{
    m_pending = !m_widget->isVisible();
    if (!m_pending)
        m_update();
}

bool WhenShown::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_widget && event->type() == QEvent::Show && m_pending) {
        m_pending = false;
        m_update();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace costdash::ui
