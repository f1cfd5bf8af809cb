// Thin entry point: a subcommand runs the CLI without a display; no subcommand opens the window, if it can.
#include "cli/Cli.h"
#include "MainWindowLauncher.h"
#include "report/ReportCommand.h"

int main(int argc, char* argv[])
{
    if (costdash::cli::wantsCli(argc, argv))
        return costdash::cli::run(argc, argv, costdash::ui::report::hostedCommands());
    if (!costdash::cli::windowCanOpen(argc, argv))
        return costdash::cli::refuseWindowWithoutDisplay();
    return costdash::ui::launch(argc, argv);
}
