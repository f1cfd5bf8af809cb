#pragma once
// One factory per subcommand, each in its own <Name>Command.cpp.
#include "cli/Command.h"

namespace costdash::cli {

Command importCommand();
Command summaryCommand();
Command whatifCommand();
Command pricesCommand();
Command demoCommand();
Command runCommand();
Command runsCommand();

} // namespace costdash::cli
