#pragma once
// What every subcommand provides, and the helpers they share (options, store opening, JSON, exit codes).
#include "store/CallStore.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QString>
#include <memory>
#include <optional>

namespace costdash::cli {

enum ExitCode : int { Done = 0, Failed = 1, BadUsage = 2 };

struct Command {
    QString name;
    QString synopsis;                                   // one line for `costdash --help`
    void (*configure)(QCommandLineParser& parser);      // options, positional arguments, description
    int (*execute)(const QCommandLineParser& parser);   // returns an ExitCode
};

// The subcommands, in the order `costdash --help` lists them (CommandList.cpp).
const QList<Command>& commands();

// Shared options.
void addDbOption(QCommandLineParser& parser);   // --db PATH
void addJsonOption(QCommandLineParser& parser); // --json
void addPeriodOptions(QCommandLineParser& parser); // --from DAY --to DAY (UTC, inclusive)

// The days of --from and --to (day indices, UTC); false with *error (bad usage) when one is not a day or --from is
// after --to.
bool parsePeriod(const QCommandLineParser& parser, std::optional<std::int64_t>* fromDay,
                 std::optional<std::int64_t>* toDay, QString* error);

// Opens --db (or the default store); prints the error and returns nullptr on failure. A command that only reads
// asks for Access::Read: it never creates a store.
std::unique_ptr<store::CallStore> openStore(const QCommandLineParser& parser,
                                            store::CallStore::Access access = store::CallStore::Access::ReadWrite);

// Output: one JSON document on stdout (JSON escapes every control character); text on stdout; "costdash: message"
// on stderr. Text and messages go through escapeForTerminal: a name from a log never drives the terminal.
QString escapeForTerminal(const QString& text); // "\x1B[31m" for ESC [31m, "\u202E" for a bidi override
void printJson(const QJsonDocument& doc);
void printText(const QString& text);
int fail(const QString& message);  // prints, returns Failed
int usage(const QString& message); // prints, returns BadUsage
void warn(const QString& message); // "costdash: warning: message" on stderr; the command goes on

} // namespace costdash::cli
