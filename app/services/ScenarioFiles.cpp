#include "services/ScenarioFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace costdash::services {
namespace {

const QString kPresetDir = QStringLiteral(":/scenarios");

// Lower-case letters and digits, every other run of characters one hyphen.
QString slug(const QString& name)
{
    QString out;
    for (const QChar c : name.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out += c;
        else if (!out.isEmpty() && !out.endsWith(u'-'))
            out += u'-';
    }
    while (out.endsWith(u'-'))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("scenario") : out;
}

} // namespace

const QList<ScenarioPreset>& bundledPresets()
{
    static const QList<ScenarioPreset> presets = [] {
        QList<ScenarioPreset> out;
        const QStringList files = QDir(kPresetDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString& file : files) {
            const QString path = kPresetDir + u'/' + file;
            QFile in(path);
            const QString name = in.open(QIODevice::ReadOnly)
                ? QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("name")).toString()
                : QString();
            out.append({path, name.isEmpty() ? QFileInfo(file).baseName() : name});
        }
        return out;
    }();
    return presets;
}

bool isBundledPreset(const QString& path)
{
    return path.startsWith(kPresetDir + u'/');
}

std::optional<whatif::Scenario> readScenarioFile(const QString& path, const pricing::PriceCatalog& catalog,
                                                 QString* error)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), in.errorString());
        return std::nullopt;
    }
    QString why;
    std::optional<whatif::Scenario> parsed = whatif::parseScenario(in.readAll(), catalog, &why);
    if (!parsed)
        *error = QFileInfo(path).fileName() + QStringLiteral(": ") + why;
    return parsed;
}

bool writeScenarioFile(const QString& path, const whatif::Scenario& scenario, QString* error)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(whatif::toJson(scenario)) < 0 || !out.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    return true;
}

QString withJsonSuffix(const QString& path)
{
    return path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) ? path : path + QStringLiteral(".json");
}

QString proposedFileName(const QString& name, const QString& dir)
{
    const QString base = slug(name);
    QString file = base + QStringLiteral(".json");
    for (int n = 2; QFileInfo::exists(QDir(dir).filePath(file)); ++n)
        file = base + QStringLiteral("-%1.json").arg(n);
    return file;
}

} // namespace costdash::services
