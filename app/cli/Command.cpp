#include "cli/Command.h"
#include "timeutil/Timestamp.h"

#include <QTextStream>
#include <algorithm>
#include <cstdio>

namespace costdash::cli {
namespace {

// Characters a terminal would act on rather than show: C0/C1 controls (ESC starts colour and cursor sequences),
// DEL, and the bidirectional overrides that reorder what is shown. Lines and tabs stay.
bool actsOnTerminal(char16_t c)
{
    return (c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
}

} // namespace

QString escapeForTerminal(const QString& text)
{
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return actsOnTerminal(c.unicode()); }))
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (!actsOnTerminal(c.unicode()))
            out += c;
        else if (c.unicode() < 0x100)
            out += QStringLiteral("\\x") + QString::number(c.unicode(), 16).toUpper().rightJustified(2, u'0');
        else
            out += QStringLiteral("\\u") + QString::number(c.unicode(), 16).toUpper();
    }
    return out;
}

void addDbOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("db"),
                      QStringLiteral("The call store (SQLite file). Default: %1").arg(store::CallStore::defaultPath()),
                      QStringLiteral("PATH")});
}

void addJsonOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON document (for scripts).")});
}

void addPeriodOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("from"), QStringLiteral("First day included (YYYY-MM-DD, UTC)."), QStringLiteral("DAY")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("Last day included (YYYY-MM-DD, UTC)."), QStringLiteral("DAY")});
}

bool parsePeriod(const QCommandLineParser& parser, std::optional<std::int64_t>* fromDay,
                 std::optional<std::int64_t>* toDay, QString* error)
{
    for (const auto& [name, slot] : {std::pair{QStringLiteral("from"), fromDay}, std::pair{QStringLiteral("to"), toDay}}) {
        if (!parser.isSet(name))
            continue;
        *slot = timeutil::parseDay(parser.value(name));
        if (!*slot) {
            *error = QStringLiteral("--%1 must be a day such as 2025-11-03 (got \"%2\")").arg(name, parser.value(name));
            return false;
        }
    }
    if (*fromDay && *toDay && **fromDay > **toDay) {
        *error = QStringLiteral("--from is after --to");
        return false;
    }
    return true;
}

std::unique_ptr<store::CallStore> openStore(const QCommandLineParser& parser, store::CallStore::Access access)
{
    const QString path = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                                            : store::CallStore::defaultPath();
    QString error;
    auto store = store::CallStore::open(path, &error, access);
    if (!store) {
        fail(QStringLiteral("cannot open the store %1: %2").arg(path, error));
        return store;
    }
    for (const QString& problem : store->priceOverrideProblems())
        warn(problem);
    return store;
}

void printJson(const QJsonDocument& doc)
{
    const QByteArray bytes = doc.toJson(QJsonDocument::Indented);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printText(const QString& text)
{
    const QByteArray bytes = escapeForTerminal(text).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

int fail(const QString& message)
{
    const QByteArray bytes = (QStringLiteral("costdash: ") + escapeForTerminal(message) + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    return Failed;
}

void warn(const QString& message)
{
    const QByteArray bytes = (QStringLiteral("costdash: warning: ") + escapeForTerminal(message) + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

int usage(const QString& message)
{
    fail(message);
    return BadUsage;
}

} // namespace costdash::cli
