#pragma once
// `costdash import --dry-run` and the options that pick a log format (--format NAME, --map with its units).
#include "importers/ImportService.h"

#include <QCommandLineParser>

namespace costdash::cli {

void addFormatOptions(QCommandLineParser& parser);
// Fills options.format / options.mapper from --format, --map and the unit options; false with a usage message.
bool readFormatOptions(const QCommandLineParser& parser, importers::ImportOptions& options, QString* error);
// Prints each file's preview (text or --json); writes nothing, opens no store. Returns an ExitCode.
int dryRun(const QStringList& files, const importers::ImportOptions& options, bool json);

} // namespace costdash::cli
