#include "cli/Commands.h"

namespace costdash::cli {

// Placeholder until the whatif subcommand lands.
Command whatifCommand()
{
    return {QStringLiteral("whatif"), QStringLiteral("(not built yet)"), [](QCommandLineParser&) {},
            [](const QCommandLineParser&) { return fail(QStringLiteral("whatif is not built yet")); }};
}

} // namespace costdash::cli
