#pragma once
// An update of a widget that is only worth doing where the user can see it (charts: their rebuild, layout and paint
// take the UI thread tens of ms): request() runs it at once when the widget is visible, else once when it is next
// shown. Pages hidden behind a tab then cost nothing until the user looks at them.
#include <QObject>
#include <functional>

class QWidget;

namespace costdash::ui {

class WhenShown final : public QObject {
public:
    WhenShown(QWidget* widget, std::function<void()> update);

    void request();
    // True while a requested update waits for the widget to be shown.
    bool isPending() const { return m_pending; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_widget;
    std::function<void()> m_update;
    bool m_pending = false;
};

} // namespace costdash::ui
