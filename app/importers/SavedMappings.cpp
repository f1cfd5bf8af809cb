#include "importers/SavedMappings.h"

#include "model/Hash.h"

#include <QSettings>

namespace costdash::importers {
namespace {

QString settingsKey(const QList<QByteArray>& columns)
{
    return QStringLiteral("importMappings/") + headerKey(columns);
}

} // namespace

QString headerKey(const QList<QByteArray>& columns)
{
    QByteArrayList normalized;
    for (const QByteArray& column : columns)
        normalized << column.trimmed().toLower();
    const QByteArray line = normalized.join(',');
    return QString::number(hashBytes(line.constData(), std::size_t(line.size())), 16).rightJustified(16, u'0');
}

std::optional<ColumnMapping> savedMapping(const QList<QByteArray>& columns)
{
    QSettings settings;
    settings.beginGroup(settingsKey(columns));
    const QString map = settings.value(QStringLiteral("map")).toString();
    if (map.isEmpty())
        return std::nullopt;
    ColumnMapping saved{map, {}};
    const auto unit = [&settings](const char* key, Unit fallback) {
        return unitFromName(settings.value(QLatin1String(key)).toString()).value_or(fallback);
    };
    saved.units = {unit("timeUnit", Unit::Auto), unit("costUnit", Unit::Usd), unit("latencyUnit", Unit::Millis)};
    return saved;
}

void saveMapping(const QList<QByteArray>& columns, const ColumnMapping& mapping)
{
    QSettings settings;
    settings.beginGroup(settingsKey(columns));
    settings.setValue(QStringLiteral("map"), mapping.map);
    settings.setValue(QStringLiteral("timeUnit"), unitName(mapping.units.time));
    settings.setValue(QStringLiteral("costUnit"), unitName(mapping.units.money));
    settings.setValue(QStringLiteral("latencyUnit"), unitName(mapping.units.latency));
}

} // namespace costdash::importers
