#pragma once
namespace costdash::ui {

// Creates the QApplication and shows the dashboard; returns the exit code of the event loop.
int launch(int argc, char* argv[]);

} // namespace costdash::ui
