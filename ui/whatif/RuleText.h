#pragma once
// How a router rule reads in the narrow panel: "task is classification\n→ trivial (Qwen/Qwen3-8B)".
#include "whatif/Scenario.h"

#include <QString>

namespace costdash::ui {

QString conditionText(const whatif::RuleCondition& when); // "always" without conditions
QString tierText(const QString& tier, const whatif::Router& router); // "trivial (Qwen/Qwen3-8B)"
QString ruleText(const whatif::RouterRule& rule, const whatif::Router& router);
QString ruleToolTip(const whatif::RouterRule& rule, const whatif::Router& router); // every keyword

} // namespace costdash::ui
