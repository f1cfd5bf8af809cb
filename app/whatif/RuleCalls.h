#pragma once
// The calls one rule's conditions select, one bit per call in replay order: the compiled router assigns each call
// the first enabled rule whose bit is set. Snapshot::callsMatching memoizes it per condition, so an edit to one
// rule evaluates that rule only, and moving, enabling or disabling rules or editing tiers evaluates none.
#include "whatif/Snapshot.h"

namespace costdash::whatif {

struct RuleCondition;

// Bit i is set when call i satisfies every condition of `when`.
Bitset evaluateCondition(const Snapshot& snapshot, const RuleCondition& when);

} // namespace costdash::whatif
