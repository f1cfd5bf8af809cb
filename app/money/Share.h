#pragma once
// The one way a share is shown, in the window and in the CLI's text output alike.
#include "money/Money.h"

#include <QString>

namespace costdash::money {

// `part` as a percentage of `whole` with one decimal: "12.3 %"; "–" when `whole` is 0. Display only: the amounts
// stay exact, the ratio is rounded for people.
QString formatShare(Nanos part, Nanos whole);

} // namespace costdash::money
