#include "cli/ImportDryRun.h"

#include "cli/Command.h"
#include "importers/ColumnMap.h"
#include "importers/Preview.h"
#include "money/Money.h"

#include <QJsonArray>
#include <QJsonObject>

namespace costdash::cli {
namespace {

using importers::Unit;

QString formatNames()
{
    QStringList names;
    for (const importers::RowMapper* m : importers::mappers())
        names.append(m->name());
    return names.join(QStringLiteral(", "));
}

bool readUnit(const QCommandLineParser& parser, const char* option, std::initializer_list<Unit> allowed, Unit& out,
              QString* error)
{
    const QString name = QString::fromLatin1(option);
    if (!parser.isSet(name))
        return true;
    const auto unit = importers::unitFromName(parser.value(name));
    if (!unit || std::find(allowed.begin(), allowed.end(), *unit) == allowed.end()) {
        *error = QStringLiteral("--%1 does not take \"%2\"").arg(name, parser.value(name));
        return false;
    }
    out = *unit;
    return true;
}

QJsonObject rowJson(const CallRecord& c)
{
    QJsonObject o{{QStringLiteral("timestamp"), timeutil::formatIso(c.timestampMs)},
                  {QStringLiteral("model"), c.model},
                  {QStringLiteral("provider"), c.provider},
                  {QStringLiteral("input_tokens"), qint64(c.inputTokens)},
                  {QStringLiteral("cached_input_tokens"), qint64(c.cachedInputTokens)},
                  {QStringLiteral("cache_write_tokens"), qint64(c.cacheWriteTokens)},
                  {QStringLiteral("output_tokens"), qint64(c.outputTokens)},
                  {QStringLiteral("reasoning_tokens"), qint64(c.reasoningTokens)},
                  {QStringLiteral("task_type"), c.taskType},
                  {QStringLiteral("user"), c.user},
                  {QStringLiteral("success"), c.success},
                  {QStringLiteral("http_status"), c.httpStatus},
                  {QStringLiteral("error"), c.error},
                  {QStringLiteral("request_id"), c.requestId}};
    if (!c.usageKnown) { // stored as NULL tokens: shown as null, never as 0
        for (const char* key : {"input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
                                "reasoning_tokens"})
            o.insert(QLatin1String(key), QJsonValue());
    }
    o.insert(QStringLiteral("usage_known"), c.usageKnown);
    o.insert(QStringLiteral("latency_ms"), c.latencyMs ? QJsonValue(qint64(*c.latencyMs)) : QJsonValue());
    o.insert(QStringLiteral("cost_usd"), c.loggedCost ? QJsonValue(money::formatUsdExact(*c.loggedCost)) : QJsonValue());
    // null: one call; N: an aggregate of N requests; 0: a spend line (its line item as the tag)
    o.insert(QStringLiteral("aggregate_requests"),
             c.aggregateRequests ? QJsonValue(qint64(*c.aggregateRequests)) : QJsonValue());
    o.insert(QStringLiteral("tag"), c.tag);
    return o;
}

// " spend_line=\"gpt-4o-2024-08-06, input\"", " aggregate_requests=412", or nothing for one call.
QString aggregateText(const CallRecord& c)
{
    if (c.isSpendRow())
        return QStringLiteral(" spend_line=\"%1\"").arg(c.tag);
    return c.aggregateRequests ? QStringLiteral(" aggregate_requests=%1").arg(*c.aggregateRequests) : QString();
}

QString rowText(const CallRecord& c)
{
    const QString usage = c.usageKnown ? QStringLiteral("input=%1 cached=%2 cache_write=%3 output=%4 reasoning=%5")
                                             .arg(c.inputTokens).arg(c.cachedInputTokens).arg(c.cacheWriteTokens)
                                             .arg(c.outputTokens).arg(c.reasoningTokens)
                                       : QStringLiteral("usage=unknown");
    return QStringLiteral("  %1 %2 provider=%3 %4 latency_ms=%5 "
                          "cost_usd=%6 task=%7 user=%8 %9%10 id=%11\n")
        .arg(timeutil::formatIso(c.timestampMs), c.model, c.provider, usage)
        .arg(c.latencyMs ? QString::number(*c.latencyMs) : QStringLiteral("-"),
             c.loggedCost ? money::formatUsdExact(*c.loggedCost) : QStringLiteral("- (priced from the catalog)"),
             c.taskType, c.user, c.success ? QStringLiteral("ok") : QStringLiteral("failed"),
             c.httpStatus ? QStringLiteral(" status=%1").arg(c.httpStatus) : QString(),
             c.error.isEmpty() ? c.requestId : c.requestId + QStringLiteral(" error=") + c.error)
        .chopped(1) + aggregateText(c) + u'\n';
}

QJsonObject previewJson(const QString& file, const importers::ImportPreview& p)
{
    QJsonArray rows, errors;
    for (const CallRecord& c : p.firstRows)
        rows.append(rowJson(c));
    for (const importers::RowError& e : p.errors)
        errors.append(QJsonObject{{QStringLiteral("line"), qint64(e.line)}, {QStringLiteral("reason"), e.reason}});
    return {{QStringLiteral("file"), file},          {QStringLiteral("format"), p.format},
            {QStringLiteral("log_format"), p.mapper}, {QStringLiteral("mapping"), QJsonArray::fromStringList(p.mapping)},
            {QStringLiteral("rows"), rows},          {QStringLiteral("records"), qint64(p.records)},
            {QStringLiteral("bad_rows"), qint64(p.badRows)}, {QStringLiteral("errors"), errors},
            {QStringLiteral("idle_rows"), qint64(p.idleRows)}, {QStringLiteral("aggregate_rows"), qint64(p.aggregateRows)},
            {QStringLiteral("spend_rows"), qint64(p.spendRows)}};
}

QString previewText(const QString& file, const importers::ImportPreview& p)
{
    QString text = QStringLiteral("%1: %2 file, %3 log (%4)\nmapping:\n").arg(file, p.format, p.mapper, p.mapperTitle);
    for (const QString& line : p.mapping)
        text += QStringLiteral("  ") + line + u'\n';
    text += QStringLiteral("first rows as they would be stored:\n");
    for (const CallRecord& c : p.firstRows)
        text += rowText(c);
    text += QStringLiteral("%1 records: %2 would be imported, %3 bad rows%4\n")
                .arg(p.records)
                .arg(p.records - p.badRows - p.idleRows)
                .arg(p.badRows)
                .arg(p.idleRows ? QStringLiteral(", %1 idle rows (no activity) skipped").arg(p.idleRows) : QString());
    for (const importers::RowError& e : p.errors.mid(0, 10))
        text += QStringLiteral("  line %1: %2\n").arg(e.line).arg(e.reason);
    return text + QStringLiteral("nothing was written (--dry-run)\n");
}

} // namespace

void addFormatOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("Override detection: a file format (csv, jsonl, json, sqlite) or a log format (%1).")
                          .arg(formatNames()),
                      QStringLiteral("F")});
    parser.addOption({QStringLiteral("map"),
                      QStringLiteral("Read any CSV/JSONL through a column mapping FIELD=COLUMN,... (JSON keys may be "
                                     "dotted paths). Fields: %1.").arg(importers::mappableFields()),
                      QStringLiteral("MAP")});
    parser.addOption({QStringLiteral("time-unit"), QStringLiteral("--map times: s, ms, ns, iso (default: by shape)."),
                      QStringLiteral("U")});
    parser.addOption({QStringLiteral("cost-unit"), QStringLiteral("--map costs: usd (default) or cents."),
                      QStringLiteral("U")});
    parser.addOption({QStringLiteral("latency-unit"), QStringLiteral("--map latency: ms (default) or s."),
                      QStringLiteral("U")});
    parser.addOption({QStringLiteral("dry-run"),
                      QStringLiteral("Show the detected format, the mapping, the first rows as they would be stored and "
                                     "the bad-row count; write nothing.")});
}

bool readFormatOptions(const QCommandLineParser& parser, importers::ImportOptions& options, QString* error)
{
    if (parser.isSet(QStringLiteral("format"))) {
        const QString name = parser.value(QStringLiteral("format"));
        options.format = importers::formatFromName(name);
        const importers::RowMapper* mapper = options.format ? nullptr : importers::mapperNamed(name);
        if (!options.format && !mapper) {
            *error = QStringLiteral("--format must be a file format (csv, jsonl, json, sqlite) or a log format (%1)")
                         .arg(formatNames());
            return false;
        }
        if (mapper)
            options.mapper = std::shared_ptr<const importers::RowMapper>(mapper, [](const importers::RowMapper*) {});
    }
    importers::MapUnits units;
    if (!readUnit(parser, "time-unit", {Unit::Seconds, Unit::Millis, Unit::Nanos, Unit::Iso, Unit::Auto}, units.time, error)
        || !readUnit(parser, "cost-unit", {Unit::Usd, Unit::Cents}, units.money, error)
        || !readUnit(parser, "latency-unit", {Unit::Seconds, Unit::Millis}, units.latency, error))
        return false;
    if (!parser.isSet(QStringLiteral("map")))
        return true;
    if (options.mapper) {
        *error = QStringLiteral("--map replaces a log format: give --format only a file format with it");
        return false;
    }
    options.mapper = importers::mapperFromMapping({parser.value(QStringLiteral("map")), units}, error);
    return options.mapper != nullptr;
}

int dryRun(const QStringList& files, const importers::ImportOptions& options, bool json)
{
    QJsonArray previews;
    int code = Done;
    for (const QString& file : files) {
        const importers::ImportPreview p = importers::previewFile(file, options);
        if (!p.error.isEmpty()) {
            fail(p.error);
            code = Failed;
            continue;
        }
        if (json)
            previews.append(previewJson(file, p));
        else
            printText(previewText(file, p));
    }
    if (json)
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("dry_run"), true}, {QStringLiteral("files"), previews}}));
    return code;
}

} // namespace costdash::cli
