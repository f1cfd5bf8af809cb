#include "whatif/LeftOut.h"

namespace costdash::whatif {

QString aggregatesLeftOut(std::int64_t calls, money::Nanos cost)
{
    return QStringLiteral("Aggregates: %1 calls in usage buckets or daily spend rows (%2) are left out of the replay: "
                          "a bucket cannot be replayed call by call")
        .arg(calls)
        .arg(money::formatUsdReadable(cost));
}

} // namespace costdash::whatif
