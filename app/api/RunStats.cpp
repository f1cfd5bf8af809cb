#include "api/RunStats.h"

#include <algorithm>

namespace costdash::api {

std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, int p)
{
    if (values.empty())
        return std::nullopt;
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    const std::size_t rank = std::max<std::size_t>(1, (values.size() * std::size_t(p) + 99) / 100);
    const auto nth = values.begin() + std::ptrdiff_t(std::min(rank, values.size()) - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

std::optional<std::int64_t> ModelStats::p50Ms() const
{
    return percentile(latenciesMs, 50);
}

std::optional<std::int64_t> ModelStats::p95Ms() const
{
    return percentile(latenciesMs, 95);
}

std::optional<std::int64_t> ModelStats::ttftP50Ms() const
{
    return percentile(ttftsMs, 50);
}

std::optional<double> ModelStats::passRate() const
{
    return judged > 0 ? std::optional<double>(double(passed) / double(judged)) : std::nullopt;
}

} // namespace costdash::api
