#include "cli/Commands.h"

namespace costdash::cli {

// Placeholder until the demo subcommand lands.
Command demoCommand()
{
    return {QStringLiteral("demo"), QStringLiteral("(not built yet)"), [](QCommandLineParser&) {},
            [](const QCommandLineParser&) { return fail(QStringLiteral("demo is not built yet")); }};
}

} // namespace costdash::cli
