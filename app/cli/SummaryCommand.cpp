#include "cli/Commands.h"

namespace costdash::cli {

// Placeholder until the summary subcommand lands.
Command summaryCommand()
{
    return {QStringLiteral("summary"), QStringLiteral("(not built yet)"), [](QCommandLineParser&) {},
            [](const QCommandLineParser&) { return fail(QStringLiteral("summary is not built yet")); }};
}

} // namespace costdash::cli
