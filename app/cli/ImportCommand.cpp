#include "cli/Commands.h"

#include "cli/ImportDryRun.h"
#include "importers/ImportService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <unistd.h>

namespace costdash::cli {
namespace {

using importers::FileImportResult;

void configure(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Import call logs into the store. Formats are detected by content, never by file name: the seed's CSV, JSONL "
        "or SQLite file, OpenAI and Anthropic responses, OpenRouter generations, LiteLLM spend logs, Helicone and "
        "Langfuse exports, OpenTelemetry GenAI spans, OpenAI's usage and cost exports and LiteLLM's daily spend "
        "(README: Importing logs); .gz files are read as a stream. "
        "A bad row is skipped and reported; a file already imported imports nothing; "
        "rows already imported from another file (same request_id, else same time, model, tokens, cost and prompt) "
        "are skipped and counted as overlaps; an interrupted import resumes where it stopped."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Log files to import."),
                                 QStringLiteral("FILE..."));
    addDbOption(parser);
    addFormatOptions(parser);
    parser.addOption({QStringLiteral("strict"), QStringLiteral("Import nothing from a file with any bad row.")});
    parser.addOption({QStringLiteral("keep-overlaps"),
                      QStringLiteral("Also import rows already stored from another file (same request id, or same "
                                     "time, model, tokens, cost and prompt); they are still counted as overlaps.")});
    parser.addOption({QStringLiteral("batch-rows"), QStringLiteral("Source records per transaction (default 25000)."),
                      QStringLiteral("N")});
    addJsonOption(parser);
}

QJsonObject countsJson(const store::ImportCounts& c)
{
    return {{QStringLiteral("read"), qint64(c.read)},
            {QStringLiteral("imported"), qint64(c.imported)},
            {QStringLiteral("skipped"), qint64(c.skipped)},
            {QStringLiteral("duplicates"), qint64(c.duplicates)},
            {QStringLiteral("overlaps"), qint64(c.overlaps)},
            {QStringLiteral("idle"), qint64(c.idle)}};
}

QJsonArray errorsJson(const QList<importers::RowError>& errors)
{
    QJsonArray out;
    for (const importers::RowError& e : errors)
        out.append(QJsonObject{{QStringLiteral("line"), qint64(e.line)}, {QStringLiteral("reason"), e.reason}});
    return out;
}

QJsonObject fileJson(const FileImportResult& r)
{
    QJsonObject o = countsJson(r.counts);
    o.insert(QStringLiteral("file"), r.path);
    o.insert(QStringLiteral("format"), r.format);
    o.insert(QStringLiteral("errors"), errorsJson(r.errors));
    o.insert(QStringLiteral("unpriced_models"), QJsonArray::fromStringList(r.unpricedModels));
    o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings));
    o.insert(QStringLiteral("already_imported"), r.alreadyImported);
    o.insert(QStringLiteral("resumed"), r.resumed);
    if (!r.error.isEmpty())
        o.insert(QStringLiteral("error"), r.error);
    return o;
}

// The contract's top-level object: counts summed over the files, errors capped at 100 (tagged with their file
// when there are several), unpriced models merged.
QJsonObject totalJson(const QList<FileImportResult>& results)
{
    store::ImportCounts total;
    QJsonArray errors, files;
    QStringList unpriced, warnings;
    for (const FileImportResult& r : results) {
        total = {total.read + r.counts.read, total.imported + r.counts.imported, total.skipped + r.counts.skipped,
                 total.duplicates + r.counts.duplicates, total.overlaps + r.counts.overlaps,
                 total.idle + r.counts.idle};
        for (const importers::RowError& e : r.errors) {
            if (errors.size() >= 100)
                break;
            QJsonObject o{{QStringLiteral("line"), qint64(e.line)}, {QStringLiteral("reason"), e.reason}};
            if (results.size() > 1)
                o.insert(QStringLiteral("file"), r.path);
            errors.append(o);
        }
        for (const QString& m : r.unpricedModels) {
            if (!unpriced.contains(m))
                unpriced.append(m);
        }
        warnings += r.warnings;
        files.append(fileJson(r));
    }
    unpriced.sort();
    QJsonObject o = countsJson(total);
    o.insert(QStringLiteral("errors"), errors);
    o.insert(QStringLiteral("unpriced_models"), QJsonArray::fromStringList(unpriced));
    o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    o.insert(QStringLiteral("files"), files);
    return o;
}

QString summaryText(const FileImportResult& r, bool keptOverlaps)
{
    if (r.alreadyImported)
        return QStringLiteral("%1: already imported (%2 rows), nothing to do\n").arg(r.path).arg(r.counts.duplicates);
    QString text = QStringLiteral("%1 (%2): %3 imported, %4 skipped%5\n")
                       .arg(r.path, r.format)
                       .arg(r.counts.imported)
                       .arg(r.counts.skipped)
                       .arg(r.resumed ? QStringLiteral(", resumed an interrupted import") : QString());
    if (r.counts.overlaps > 0)
        text += QStringLiteral("  %1 row(s) already imported from another file: %2\n")
                    .arg(r.counts.overlaps)
                    .arg(keptOverlaps ? QStringLiteral("imported again (--keep-overlaps)")
                                      : QStringLiteral("skipped (--keep-overlaps imports them)"));
    if (r.counts.duplicates > 0)
        text += QStringLiteral("  %1 row(s) identical to an earlier row of the file: imported\n").arg(r.counts.duplicates);
    if (r.counts.idle > 0)
        text += QStringLiteral("  %1 idle row(s) (no activity that day): skipped\n").arg(r.counts.idle);
    for (const importers::RowError& e : r.errors.mid(0, 10))
        text += QStringLiteral("  line %1: %2\n").arg(e.line).arg(e.reason);
    if (r.counts.skipped > 10)
        text += QStringLiteral("  ... %1 more bad rows (--json lists up to 100)\n").arg(r.counts.skipped - 10);
    if (!r.unpricedModels.isEmpty())
        text += QStringLiteral("  unpriced models (not in the catalog): %1\n").arg(r.unpricedModels.join(QStringLiteral(", ")));
    for (const QString& warning : r.warnings)
        text += QStringLiteral("  warning: %1\n").arg(warning);
    return text;
}

int execute(const QCommandLineParser& parser)
{
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usage(QStringLiteral("import needs at least one FILE"));
    importers::ImportOptions options;
    options.strict = parser.isSet(QStringLiteral("strict"));
    options.keepOverlaps = parser.isSet(QStringLiteral("keep-overlaps"));
    QString error;
    if (!readFormatOptions(parser, options, &error))
        return usage(error);
    if (parser.isSet(QStringLiteral("batch-rows"))) {
        bool ok = false;
        options.batchRows = parser.value(QStringLiteral("batch-rows")).toInt(&ok);
        if (!ok || options.batchRows < 1)
            return usage(QStringLiteral("--batch-rows must be a positive number"));
    }
    if (parser.isSet(QStringLiteral("dry-run")))
        return dryRun(files, options, parser.isSet(QStringLiteral("json"))); // opens no store
    const auto store = openStore(parser);
    if (!store)
        return Failed;
    const bool tty = isatty(STDERR_FILENO);
    QList<FileImportResult> results;
    for (const QString& file : files) {
        importers::ProgressFn progress;
        if (tty) {
            progress = [&file](std::int64_t done, std::int64_t total) {
                std::fprintf(stderr, "\r%s: %3d%%", qPrintable(escapeForTerminal(file)), total > 0 ? int(done * 100 / total) : 100);
            };
        }
        results.append(importers::importFile(*store, file, options, nullptr, progress));
        if (tty)
            std::fprintf(stderr, "\r\033[K");
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson(QJsonDocument(totalJson(results)));
    else
        for (const FileImportResult& r : results)
            if (r.error.isEmpty())
                printText(summaryText(r, options.keepOverlaps));
    int code = Done;
    for (const FileImportResult& r : results) {
        if (r.failed()) {
            fail(r.error);
            code = Failed;
        }
    }
    return code;
}

} // namespace

Command importCommand()
{
    return {QStringLiteral("import"), QStringLiteral("import call logs (seed, OpenAI, Anthropic, LiteLLM, Helicone, Langfuse, OpenRouter, OTel) into the store"),
            configure, execute};
}

} // namespace costdash::cli
