#pragma once
// The replay: a pure function of an immutable Snapshot and a Scenario (ARCHITECTURE.md, README "Replay rules").
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <memory>

namespace costdash::store {
struct CallColumns;
}
namespace costdash::pricing {
class PriceCatalog;
}

namespace costdash::whatif {

class Snapshot; // columnar month in memory, with per-distinct-prompt precomputation (whatif/Snapshot.h)

// Builds the snapshot (interning, normalised prompt keys, baseline costs); run it on a worker thread.
std::shared_ptr<const Snapshot> buildSnapshot(store::CallColumns columns, const pricing::PriceCatalog& catalog);

Projection replay(const Snapshot& snapshot, const Scenario& scenario);

} // namespace costdash::whatif
