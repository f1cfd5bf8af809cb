#pragma once
// The projection as the JSON object of `costdash whatif --json` (README "What-if scenarios and replay rules").
// Money is integer nano-USD under *_nusd keys.
#include "whatif/Projection.h"

#include <QJsonObject>

namespace costdash::whatif {

QJsonObject projectionToJson(const Projection& projection);

} // namespace costdash::whatif
