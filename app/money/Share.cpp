#include "money/Share.h"

namespace costdash::money {

QString formatShare(Nanos part, Nanos whole)
{
    if (whole == 0)
        return QStringLiteral("\u2013");
    const double percent = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    return QStringLiteral("%1 %").arg(percent, 0, 'f', 1);
}

} // namespace costdash::money
