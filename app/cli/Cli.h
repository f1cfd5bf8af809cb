#pragma once
// The command line: `costdash SUBCOMMAND ...` runs headless (QCoreApplication); see ARCHITECTURE.md.
#include "cli/Command.h"

#include <QCoreApplication>
#include <memory>

namespace costdash::cli {

// Subcommands that live above the core (the PDF report paints with Qt Gui): main.cpp hands them in with the
// application object they need, which run() creates instead of a QCoreApplication when one of them is asked for.
struct HostedCommands {
    QList<Command> commands;
    std::unique_ptr<QCoreApplication> (*makeApplication)(int& argc, char** argv) = nullptr;
};

// True when argv names a subcommand (or help/--help/--version): the caller then runs the CLI, not the window.
// Any first argument that is not an option counts as a subcommand, so a mistyped one is reported, not opened.
bool wantsCli(int argc, char* argv[]);
int run(int argc, char* argv[], const HostedCommands& hosted = {});

// False when the window cannot open: on X11/Wayland systems, no display in the environment and no Qt platform
// (QT_QPA_PLATFORM, -platform) that needs none, such as offscreen.
bool windowCanOpen(int argc, char* argv[]);
// Says in one line that the window needs a display and names --help; returns the bad-usage exit code.
int refuseWindowWithoutDisplay();

} // namespace costdash::cli
