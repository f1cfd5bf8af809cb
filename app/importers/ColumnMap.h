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

// nullptr with a one-line error for an unknown field, a pair without '=', or a mapping without timestamp and model.
std::unique_ptr<RowMapper> mapperFromMap(const QString& map, const MapUnits& units, QString* error);

// The field names --map takes, for messages and --help.
QString mappableFields();

} // namespace costdash::importers
