#include "cli/Commands.h"

namespace costdash::cli {

// Placeholder until the prices subcommand lands.
Command pricesCommand()
{
    return {QStringLiteral("prices"), QStringLiteral("(not built yet)"), [](QCommandLineParser&) {},
            [](const QCommandLineParser&) { return fail(QStringLiteral("prices is not built yet")); }};
}

} // namespace costdash::cli
