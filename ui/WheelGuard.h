#pragma once
// The mouse wheel changes a spin box, combo box or slider only once it has focus (a click or Tab gives it):
// scrolling a panel of controls must not change the values it passes over. Unfocused, the wheel scrolls the panel.
class QWidget;

namespace costdash::ui {

// Guards `widget` when it is a spin box, combo box or slider, and every such widget inside it.
void guardWheel(QWidget* widget);

} // namespace costdash::ui
