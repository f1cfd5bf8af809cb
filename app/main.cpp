// Thin entry point: a subcommand runs the CLI without a display; no subcommand opens the window.
#include "cli/Cli.h"
#include "MainWindowLauncher.h"

int main(int argc, char* argv[])
{
    if (costdash::cli::wantsCli(argc, argv))
        return costdash::cli::run(argc, argv);
    return costdash::ui::launch(argc, argv);
}
