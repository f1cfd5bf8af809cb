#pragma once
// Data-parallel loops for the snapshot and its indexes: the ranges are shared by the calling thread and, when
// there are more, by one std::thread per further core, each taking the next range until none is left. Plain
// threads (not Qt's pool): a caller that is itself a pool thread cannot starve, and the joins are visible to
// ThreadSanitizer, which does not see QtConcurrent's barriers inside the uninstrumented QtCore.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
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
    const std::size_t count = (n + chunk - 1) / chunk;
    const auto range = [n, chunk](std::size_t k) { return Range{k * chunk, std::min(n, (k + 1) * chunk)}; };
    if (count <= 1) {
        if (count == 1)
            f(range(0)); // no thread for small inputs
        return;
    }
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t k = next.fetch_add(1, std::memory_order_relaxed); k < count;
             k = next.fetch_add(1, std::memory_order_relaxed))
            f(range(k));
    };
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::thread> helpers;
    helpers.reserve(std::min(count, cores) - 1);
    for (std::size_t i = 1; i < std::min(count, cores); ++i)
        helpers.emplace_back(work);
    work();
    for (auto& helper : helpers)
        helper.join();
}

} // namespace costdash::whatif::detail
