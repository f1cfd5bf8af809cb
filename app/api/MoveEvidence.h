#pragma once
// What test-prompt runs say about a what-if move (task type -> model): "tested: 12 calls, pass 83 %".
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"
#include "whatif/Projection.h"

#include <optional>

namespace costdash::api {

// The runs' successful calls of `taskType` on `model` (names compared through the catalog's aliases, case-
// insensitively); nullopt when no run covered the pair.
std::optional<store::RunEvidence> evidenceFor(const QList<store::RunEvidence>& evidence, const QString& taskType,
                                              const QString& model, const pricing::PriceCatalog& catalog);

// "tested: 12 calls, pass 83 %", "tested: 12 calls" (nothing judged), "tested" (the logs only), "untested".
QString describeEvidence(bool testedInLogs, const std::optional<store::RunEvidence>& fromRuns);

// Whether anything vouches for `move`: the logs hold successful calls of it, or a test-prompt run covered it.
bool isTested(const whatif::Move& move, const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog);

// The savings counted twice: from every move, and from tested moves only (the dollars of untested moves, which
// nothing shows the cheaper model can do, left out). Cache and batch savings count in both.
struct HonestSavings {
    money::Nanos all = 0;
    money::Nanos testedOnly = 0;
    money::Nanos untested = 0; // what untested moves save (negative when they cost more)
    std::int64_t untestedMoves = 0;
    bool outOfRange = false;   // a sum left int64 nano-USD: show none of these
};
HonestSavings honestSavings(const whatif::Projection& projection, const QList<store::RunEvidence>& evidence,
                            const pricing::PriceCatalog& catalog);

} // namespace costdash::api
