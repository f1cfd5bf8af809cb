#pragma once
// What test-prompt runs say about a what-if move (task type -> model): "tested: 12 calls, pass 83 %".
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"

#include <optional>

namespace costdash::api {

// The runs' successful calls of `taskType` on `model` (names compared through the catalog's aliases, case-
// insensitively); nullopt when no run covered the pair.
std::optional<store::RunEvidence> evidenceFor(const QList<store::RunEvidence>& evidence, const QString& taskType,
                                              const QString& model, const pricing::PriceCatalog& catalog);

// "tested: 12 calls, pass 83 %", "tested: 12 calls" (nothing judged), "tested" (the logs only), "untested".
QString describeEvidence(bool testedInLogs, const std::optional<store::RunEvidence>& fromRuns);

} // namespace costdash::api
