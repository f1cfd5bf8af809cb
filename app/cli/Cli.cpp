#include "cli/Cli.h"
#include "cli/Command.h"
#include "pricing/PriceCatalog.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>
#include <cstring>

namespace costdash::cli {
namespace {

const Command* findCommand(const QList<Command>& list, const QString& name)
{
    for (const Command& c : list) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QString overview(const QList<Command>& all)
{
    QString text = QStringLiteral(
        "Usage: costdash [--db PATH] [--demo]          open the dashboard\n"
        "       costdash SUBCOMMAND [OPTIONS]          run headless\n\nSubcommands:\n");
    for (const Command& c : all)
        text += QStringLiteral("  %1%2\n").arg(c.name.leftJustified(10), c.synopsis);
    text += QStringLiteral("\n`costdash help SUBCOMMAND` describes one. Exit codes: 0 done, 1 failed, 2 bad usage.\n");
    return text;
}

const QCommandLineOption& helpOption()
{
    static const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                         QStringLiteral("Show this help."));
    return help;
}

void configureParser(QCommandLineParser& parser, const Command& command)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(helpOption());
    command.configure(parser);
}

QString commandHelp(const Command& command)
{
    QCommandLineParser parser;
    configureParser(parser, command);
    // helpText() starts "Usage: <argv[0]>"; name the subcommand instead.
    const QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    return QStringLiteral("Usage: costdash ") + command.name
        + text.mid(QStringLiteral("Usage: ").size() + program.size());
}

int runCommand(const Command& command, const QStringList& args)
{
    QCommandLineParser parser;
    configureParser(parser, command);
    QStringList argv = args;
    argv[0] = QCoreApplication::arguments().value(0); // the parser skips argv[0]
    if (!parser.parse(argv))
        return usage(parser.errorText() + QStringLiteral(" (see `costdash help ") + command.name + u')');
    if (parser.isSet(helpOption())) {
        printText(commandHelp(command));
        return Done;
    }
    return command.execute(parser);
}

} // namespace

bool wantsCli(int argc, char* argv[])
{
    if (argc < 2)
        return false;
    const char* first = argv[1];
    return first[0] != '-' || std::strcmp(first, "--help") == 0 || std::strcmp(first, "-h") == 0
        || std::strcmp(first, "--version") == 0;
}

bool windowCanOpen(int argc, char* argv[])
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "--platform") == 0)
            platform = argv[i + 1];
    }
    if (const qsizetype colon = platform.indexOf(':'); colon >= 0)
        platform.truncate(colon); // "offscreen:fontengine=freetype" names offscreen
    const bool x11 = !qgetenv("DISPLAY").isEmpty();
    const bool wayland = !qgetenv("WAYLAND_DISPLAY").isEmpty();
    if (platform.isEmpty())
        return x11 || wayland;
    if (platform == "xcb")
        return x11;
    if (platform.startsWith("wayland"))
        return wayland;
    return true; // offscreen, minimal, vnc, eglfs, linuxfb: no display server needed
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return true;
#endif
}

int refuseWindowWithoutDisplay()
{
    std::fputs("costdash: the window needs a display (DISPLAY or WAYLAND_DISPLAY is not set); "
               "`costdash --help` lists the commands that run without one\n",
               stderr);
    return BadUsage;
}

int run(int argc, char* argv[], const HostedCommands& hosted)
{
    const bool isHosted = argc > 1 && hosted.makeApplication
        && findCommand(hosted.commands, QString::fromLocal8Bit(argv[1]));
    const std::unique_ptr<QCoreApplication> app = isHosted ? hosted.makeApplication(argc, argv)
                                                           : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("costdash"));
    QCoreApplication::setOrganizationName(QStringLiteral("costdash"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COSTDASH_VERSION));
    const QList<Command> all = commands() + hosted.commands;
    QStringList args = QCoreApplication::arguments();
    args.removeAt(0); // program path
    const QString name = args.value(0);
    if (name == u"--version") {
        printText(QStringLiteral("costdash ") + QCoreApplication::applicationVersion() + u'\n'
                  + QStringLiteral("bundled price catalog of ") + pricing::PriceCatalog::bundled().snapshotDate()
                  + u'\n');
        return Done;
    }
    if (name == u"--help" || name == u"-h" || (name == u"help" && args.size() == 1)) {
        printText(overview(all));
        return Done;
    }
    if (name == u"help") {
        const Command* c = findCommand(all, args.value(1));
        if (!c)
            return usage(QStringLiteral("unknown subcommand \"%1\"\n").arg(args.value(1)) + overview(all));
        printText(commandHelp(*c));
        return Done;
    }
    const Command* c = findCommand(all, name);
    if (!c)
        return usage(QStringLiteral("unknown command \"%1\" (`costdash --help` lists the commands)").arg(name));
    return runCommand(*c, args);
}

} // namespace costdash::cli
