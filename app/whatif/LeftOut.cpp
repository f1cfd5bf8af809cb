#include "whatif/LeftOut.h"

#include <QStringList>

namespace costdash::whatif {

QString aggregatesLeftOut(std::int64_t calls, std::int64_t spendRows, money::Nanos cost)
{
    QStringList parts;
    if (calls > 0)
        parts << QStringLiteral("%1 calls in usage buckets or daily spend rows").arg(calls);
    if (spendRows > 0)
        parts << (spendRows == 1 ? QStringLiteral("1 spend line without a request count")
                                 : QStringLiteral("%1 spend lines without a request count").arg(spendRows));
    return QStringLiteral("Aggregates: %1 (%2) %3 left out of the replay: a bucket cannot be replayed call by call")
        .arg(parts.join(QStringLiteral(" and ")), money::formatUsdReadable(cost),
             calls + spendRows == 1 ? QStringLiteral("is") : QStringLiteral("are"));
}

} // namespace costdash::whatif
