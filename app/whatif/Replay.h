#pragma once
// The replay: a pure function of an immutable Snapshot and a Scenario (ARCHITECTURE.md, README "Replay rules").
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <atomic>
#include <memory>
#include <optional>

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

// Figures: what the window's knobs show. CacheTokens: also Projection::cacheTokens (the CLI and the report).
enum class ReplayDetail { Figures, CacheTokens };

Projection replay(const Snapshot& snapshot, const Scenario& scenario, ReplayDetail detail = ReplayDetail::Figures);

// The same, stopped early once `cancel` is set (it is read every few thousand calls and while the near index is
// built): nullopt then.
std::optional<Projection> replay(const Snapshot& snapshot, const Scenario& scenario, const std::atomic<bool>& cancel,
                                 ReplayDetail detail = ReplayDetail::Figures);

} // namespace costdash::whatif
