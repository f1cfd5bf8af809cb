#include "cli/Command.h"

#include <QTextStream>
#include <cstdio>

namespace costdash::cli {

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

std::unique_ptr<store::CallStore> openStore(const QCommandLineParser& parser, store::CallStore::Access access)
{
    const QString path = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                                            : store::CallStore::defaultPath();
    QString error;
    auto store = store::CallStore::open(path, &error, access);
    if (!store)
        fail(QStringLiteral("cannot open the store %1: %2").arg(path, error));
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
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

int fail(const QString& message)
{
    const QByteArray bytes = (QStringLiteral("costdash: ") + message + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    return Failed;
}

int usage(const QString& message)
{
    fail(message);
    return BadUsage;
}

} // namespace costdash::cli
