#pragma once
// The command line: `costdash SUBCOMMAND ...` runs headless (QCoreApplication); see ARCHITECTURE.md.
namespace costdash::cli {

// True when argv names a subcommand (or help/--help/--version): the caller then runs the CLI, not the window.
bool wantsCli(int argc, char* argv[]);
int run(int argc, char* argv[]);

} // namespace costdash::cli
