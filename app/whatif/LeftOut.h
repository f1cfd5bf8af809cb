#pragma once
// What the replay leaves out, said in the same words by `costdash whatif` and the What-if page.
#include "money/Money.h"

#include <QString>
#include <cstdint>

namespace costdash::whatif {

// "Aggregates: 412 calls in usage buckets or daily spend rows ($1.25) are left out of the replay: a bucket cannot
// be replayed call by call" (no final stop: the CLI prints it as a line).
QString aggregatesLeftOut(std::int64_t calls, money::Nanos cost);

} // namespace costdash::whatif
