#include "cli/Commands.h"

namespace costdash::cli {

// Placeholder until the import subcommand lands.
Command importCommand()
{
    return {QStringLiteral("import"), QStringLiteral("(not built yet)"), [](QCommandLineParser&) {},
            [](const QCommandLineParser&) { return fail(QStringLiteral("import is not built yet")); }};
}

} // namespace costdash::cli
