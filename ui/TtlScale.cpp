#include "TtlScale.h"

#include <algorithm>
#include <cmath>

namespace costdash::ui::ttl {
namespace {

std::int64_t snap(double seconds)
{
    if (seconds < 60)
        return std::llround(seconds);
    if (seconds < 3600)
        return std::llround(seconds / 60) * 60;
    return std::llround(seconds / 3600) * 3600;
}

double logSpan() { return std::log(static_cast<double>(kMaxSeconds)); }

} // namespace

std::int64_t secondsAt(int position)
{
    position = std::clamp(position, 0, kSteps);
    if (position == 0)
        return 0;
    const double fraction = static_cast<double>(position - 1) / (kSteps - 1);
    return std::min(snap(std::exp(fraction * logSpan())), kMaxSeconds);
}

int positionOf(std::int64_t seconds)
{
    if (seconds <= 0)
        return 0;
    const double fraction = std::log(static_cast<double>(std::min(seconds, kMaxSeconds))) / logSpan();
    return std::clamp(1 + static_cast<int>(std::lround(fraction * (kSteps - 1))), 1, kSteps);
}

} // namespace costdash::ui::ttl
