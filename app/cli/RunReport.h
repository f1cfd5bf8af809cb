#pragma once
// What `costdash run` prints of a run, and `costdash runs show` of a past one: the same JSON, the same table.
#include "api/RunStats.h"

#include <QJsonObject>

namespace costdash::cli {

// {"run_id", "suite", "endpoint", "cancelled", "estimated_worst_case_nusd", "spent_nusd", "models": [...]}
QJsonObject runJson(const api::RunSummary& summary, const QString& endpoint);
QString runTextReport(const api::RunSummary& summary);

} // namespace costdash::cli
