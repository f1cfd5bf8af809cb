#include "cli/Commands.h"

namespace costdash::cli {

const QList<Command>& commands()
{
    static const QList<Command> list{importCommand(), summaryCommand(), whatifCommand(), pricesCommand(),
                                     demoCommand(), runCommand(), runsCommand()};
    return list;
}

} // namespace costdash::cli
