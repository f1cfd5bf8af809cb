#pragma once
// What a user sees when there is no month to show yet: three ways to get one (the demo month, their own logs,
// test prompts sent now), instead of an all-zero dashboard.
#include <QWidget>

class QPushButton;

namespace costdash::ui {

class FirstRunPage final : public QWidget {
    Q_OBJECT
public:
    explicit FirstRunPage(QWidget* parent = nullptr);

Q_SIGNALS:
    void openDemoRequested();
    void importRequested();
    void testPromptsRequested();
};

} // namespace costdash::ui
