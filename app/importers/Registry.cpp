#include "importers/RowMapper.h"
#include "importers/SeedMapper.h"

namespace costdash::importers {

// Each format under importers/formats/ defines `const RowMapper& <name>Mapper()`; Formats.inc lists them.
#define COSTDASH_FORMAT(name) const RowMapper& name##Mapper();
#include "importers/formats/Formats.inc"
#undef COSTDASH_FORMAT

const QList<const RowMapper*>& mappers()
{
    static const SeedMapper seed;
    static const QList<const RowMapper*> list{
        &seed,
#define COSTDASH_FORMAT(name) &name##Mapper(),
#include "importers/formats/Formats.inc"
#undef COSTDASH_FORMAT
    };
    return list;
}

const RowMapper* mapperFor(const QList<QByteArray>& columns)
{
    for (const RowMapper* mapper : mappers()) {
        if (mapper->accepts(columns))
            return mapper;
    }
    return nullptr;
}

const RowMapper* mapperNamed(QStringView name)
{
    for (const RowMapper* mapper : mappers()) {
        if (name.compare(mapper->name(), Qt::CaseInsensitive) == 0)
            return mapper;
    }
    return nullptr;
}

QString noFormatMatches(const QList<QByteArray>& columns, const QString& what)
{
    QByteArray joined = columns.join(", ");
    if (joined.size() > 200)
        joined = joined.left(200) + "...";
    QStringList tried;
    for (const RowMapper* mapper : mappers())
        tried.append(mapper->name() + QStringLiteral(" (") + mapper->missing(columns) + u')');
    return QStringLiteral("unknown format: %1 %2 match no known log format; tried %3")
        .arg(what, QString::fromUtf8(joined), tried.join(QStringLiteral(", ")));
}

} // namespace costdash::importers
