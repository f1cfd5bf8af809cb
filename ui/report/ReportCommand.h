#pragma once
// `costdash report`: the savings report PDF from the command line, without a display (offscreen platform).
#include "cli/Cli.h"

namespace costdash::ui::report {

// The report subcommand and the QGuiApplication (offscreen) its painter needs, for cli::run.
cli::HostedCommands hostedCommands();

} // namespace costdash::ui::report
