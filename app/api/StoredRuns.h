#pragma once
// A past test-prompt run read back from the store: its summary and its calls as the run reported them while
// going, so the runs browser and `costdash runs show` tell it as the run did (figures recomputed from the stored
// calls at the catalog's prices, the run-level figures from its runs row).
#include "api/PromptRunner.h"
#include "store/CallStore.h"

namespace costdash::api {

struct StoredRun {
    RunSummary summary;
    QString endpoint;
    QList<RunCallResult> calls; // in the order they were stored
};

// nullopt and *error when the store has no run of that id.
std::optional<StoredRun> loadStoredRun(const store::CallStore& store, const QString& runId, QString* error);

} // namespace costdash::api
