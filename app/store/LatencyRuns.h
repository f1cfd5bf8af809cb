#pragma once
// Latencies of one batch's calls of one (day, model) as a blob of zigzag LEB128 varints: about two bytes a call
// where a plain int64 column would take eight and a row of its own.
#include "store/Rollup.h"

#include <QByteArray>
#include <cstdint>
#include <span>
#include <vector>

namespace costdash::store::detail {

QByteArray encodeLatencies(std::span<const std::int64_t> values);
// Appends the values of `bytes` to `out`; false (and `out` as it was) for bytes no encoder wrote.
bool decodeLatencies(std::span<const std::uint8_t> bytes, std::vector<std::int64_t>& out);

// A row of table latency_runs.
struct LatencyRun {
    std::int64_t day = 0;
    std::int32_t modelId = 0;
    QByteArray latencies;
};

// The latencies of `rollup` encoded, one run per (day, model).
std::vector<LatencyRun> latencyRunsOf(const RollupMap& rollup);

} // namespace costdash::store::detail
