#pragma once
// Data-parallel loops for the snapshot and its indexes: the work is split into ranges that run on the global
// thread pool and on the calling thread (QtConcurrent's blocking map lets a pool thread wait without deadlock).
#include <QtConcurrent/QtConcurrentMap>
#include <algorithm>
#include <cstddef>
#include <vector>

namespace costdash::whatif::detail {

struct Range {
    std::size_t first = 0;
    std::size_t last = 0; // exclusive
};

// Calls f(Range) for consecutive ranges of at most `chunk` items covering [0, n); blocks until all are done.
// Range k starts at k * chunk, so per-range outputs can be indexed by first / chunk.
template<typename F>
void forRanges(std::size_t n, std::size_t chunk, F&& f)
{
    std::vector<Range> ranges;
    for (std::size_t at = 0; at < n; at += chunk)
        ranges.push_back({at, std::min(n, at + chunk)});
    if (ranges.size() == 1) {
        f(ranges.front()); // no thread hand-off for small inputs
        return;
    }
    QtConcurrent::blockingMap(ranges, [&f](const Range& r) { f(r); });
}

} // namespace costdash::whatif::detail
