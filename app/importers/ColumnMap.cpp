#include "importers/ColumnMap.h"

namespace costdash::importers {
namespace {

Unit unitOf(Field field, const MapUnits& units)
{
    switch (field) {
    case Field::Timestamp:
    case Field::EndTime:
        return units.time;
    case Field::Cost:
        return units.money;
    case Field::LatencyMs:
        return units.latency;
    default:
        return Unit::Auto;
    }
}

} // namespace

QString mappableFields()
{
    QStringList names;
    for (int f = 0; f < int(Field::Raw); ++f)
        names.append(fieldName(Field(f)));
    return names.join(QStringLiteral(", "));
}

QStringList mapArguments(const ColumnMapping& mapping)
{
    QStringList args{QStringLiteral("--map"), mapping.map};
    const MapUnits defaults;
    if (mapping.units.time != defaults.time)
        args << QStringLiteral("--time-unit") << unitName(mapping.units.time);
    if (mapping.units.money != defaults.money)
        args << QStringLiteral("--cost-unit") << unitName(mapping.units.money);
    if (mapping.units.latency != defaults.latency)
        args << QStringLiteral("--latency-unit") << unitName(mapping.units.latency);
    return args;
}

QList<std::pair<Field, QString>> mapPairs(const QString& map)
{
    QList<std::pair<Field, QString>> pairs;
    for (const QString& pair : map.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (const auto field = fieldFromName(pair.left(eq).trimmed()); eq > 0 && field && *field != Field::Raw)
            pairs.append({*field, pair.mid(eq + 1).trimmed().toLower()});
    }
    return pairs;
}

std::unique_ptr<RowMapper> mapperFromMap(const QString& map, const MapUnits& units, QString* error)
{
    FormatSpec spec{QStringLiteral("map"), QStringLiteral("the columns named by --map"), {}, {}, {}};
    for (const QString& pair : map.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QByteArray path = pair.mid(eq + 1).trimmed().toLower().toUtf8();
        if (eq <= 0 || path.isEmpty()) {
            *error = QStringLiteral("--map takes FIELD=COLUMN pairs separated by commas, not \"%1\"").arg(pair);
            return nullptr;
        }
        const Field field = fieldFromName(pair.left(eq).trimmed()).value_or(Field::Raw);
        if (field == Field::Raw) {
            *error = QStringLiteral("--map: unknown field \"%1\" (fields: %2)").arg(pair.left(eq).trimmed(), mappableFields());
            return nullptr;
        }
        spec.sources.append({field, path, unitOf(field, units)});
        spec.signature.append({path}); // the file must have every mapped column
    }
    const auto mapped = [&spec](Field f) {
        return std::any_of(spec.sources.begin(), spec.sources.end(), [f](const Source& s) { return s.field == f; });
    };
    if (!mapped(Field::Timestamp) || !mapped(Field::Model)) {
        *error = QStringLiteral("--map needs at least timestamp=COLUMN and model=COLUMN");
        return nullptr;
    }
    return std::make_unique<SpecMapper>(std::move(spec));
}

} // namespace costdash::importers
