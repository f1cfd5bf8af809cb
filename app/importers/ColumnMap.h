#pragma once
// Any CSV/JSONL/JSON log through a column mapping (costdash import --map): "timestamp=created_at,model=model_name,
// cost_usd=price,input_tokens=usage.prompt_tokens" (JSON keys may be dotted paths), with the units of time, money
// and latency. The result is a SpecMapper like every built-in format.
#include "importers/SpecMapper.h"

#include <memory>

namespace costdash::importers {

struct MapUnits {
    Unit time = Unit::Auto;    // timestamp, end_time: s, ms, ns, iso (auto: by shape and magnitude)
    Unit money = Unit::Usd;    // cost_usd: usd, cents
    Unit latency = Unit::Millis; // latency_ms: s, ms
};

// A mapping as `--map` takes it, whether typed on the command line or chosen in the window's mapping dialog.
struct ColumnMapping {
    QString map; // "timestamp=created_at,model=model_name"
    MapUnits units;
};

// nullptr with a one-line error for an unknown field, a pair without '=', or a mapping without timestamp and model.
std::unique_ptr<RowMapper> mapperFromMap(const QString& map, const MapUnits& units, QString* error);
inline std::unique_ptr<RowMapper> mapperFromMapping(const ColumnMapping& mapping, QString* error)
{
    return mapperFromMap(mapping.map, mapping.units, error);
}
// The command-line arguments that give the same mapping: --map TEXT and each unit that is not the default.
QStringList mapArguments(const ColumnMapping& mapping);
// The (known) fields of a --map text with their columns, in order.
QList<std::pair<Field, QString>> mapPairs(const QString& map);

// The field names --map takes, for messages and --help.
QString mappableFields();

} // namespace costdash::importers
