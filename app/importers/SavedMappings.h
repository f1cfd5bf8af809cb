#pragma once
// Column mappings remembered per header (the window's mapping dialog): a file whose header was mapped once is
// offered the same mapping again. Kept in QSettings under "importMappings/<XXH3 of the normalized header>".
#include "importers/ColumnMap.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace costdash::importers {

// The key of a header: the hex XXH3 of its columns, trimmed, lower-cased and joined by commas.
QString headerKey(const QList<QByteArray>& columns);
std::optional<ColumnMapping> savedMapping(const QList<QByteArray>& columns);
void saveMapping(const QList<QByteArray>& columns, const ColumnMapping& mapping);

} // namespace costdash::importers
