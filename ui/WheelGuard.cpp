#include "WheelGuard.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>

namespace costdash::ui {
namespace {

class WheelFilter final : public QObject {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        const auto* widget = qobject_cast<QWidget*>(watched);
        if (event->type() != QEvent::Wheel || !widget || widget->hasFocus())
            return false;
        event->ignore(); // not for this control: QApplication hands it on to the parents (the scroll area)
        return true;
    }
};

bool isValueControl(const QWidget* w)
{
    return qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QComboBox*>(w)
        || qobject_cast<const QAbstractSlider*>(w);
}

void guardOne(QWidget* w)
{
    static WheelFilter filter;
    w->setFocusPolicy(Qt::StrongFocus); // the wheel gives no focus either
    w->installEventFilter(&filter);
}

} // namespace

void guardWheel(QWidget* widget)
{
    if (isValueControl(widget))
        guardOne(widget);
    for (QWidget* child : widget->findChildren<QWidget*>()) {
        if (isValueControl(child))
            guardOne(child);
    }
}

} // namespace costdash::ui
