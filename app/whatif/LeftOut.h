#pragma once
// What the replay leaves out, said in the same words by `costdash whatif` and the What-if page.
#include "money/Money.h"

#include <QString>
#include <cstdint>

namespace costdash::whatif {

// "Aggregates: 412 calls in usage buckets or daily spend rows and 3 spend lines without a request count ($1.25)
// are left out of the replay: a bucket cannot be replayed call by call" (either part alone when the other is 0;
// no final stop: the CLI prints it as a line). `spendRows`: Cost CSV lines, Costs API results.
QString aggregatesLeftOut(std::int64_t calls, std::int64_t spendRows, money::Nanos cost);

} // namespace costdash::whatif
