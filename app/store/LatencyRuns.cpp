#include "store/LatencyRuns.h"

#include <map>

namespace costdash::store::detail {

QByteArray encodeLatencies(std::span<const std::int64_t> values)
{
    QByteArray bytes;
    bytes.reserve(qsizetype(values.size()) * 2);
    for (const std::int64_t v : values) {
        std::uint64_t z = (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63); // zigzag: small magnitudes, few bytes
        while (z >= 0x80) {
            bytes.append(char(z | 0x80));
            z >>= 7;
        }
        bytes.append(char(z));
    }
    return bytes;
}

bool decodeLatencies(std::span<const std::uint8_t> bytes, std::vector<std::int64_t>& out)
{
    const std::size_t before = out.size();
    std::uint64_t z = 0;
    int shift = 0;
    for (const std::uint8_t b : bytes) {
        if (shift > 63 || (shift == 63 && (b & 0x7e))) {
            out.resize(before);
            return false;
        }
        z |= std::uint64_t(b & 0x7f) << shift;
        if (b & 0x80) {
            shift += 7;
            continue;
        }
        out.push_back(std::int64_t(z >> 1) ^ -std::int64_t(z & 1));
        z = 0;
        shift = 0;
    }
    if (shift != 0)
        out.resize(before);
    return shift == 0;
}

std::vector<LatencyRun> latencyRunsOf(const RollupMap& rollup)
{
    std::map<std::pair<std::int64_t, std::int32_t>, std::vector<std::int64_t>> byDayModel;
    for (const auto& [key, sums] : rollup) {
        if (sums.stats.latencies.empty())
            continue;
        auto& values = byDayModel[{key.day, key.modelId}];
        values.insert(values.end(), sums.stats.latencies.begin(), sums.stats.latencies.end());
    }
    std::vector<LatencyRun> runs;
    runs.reserve(byDayModel.size());
    for (const auto& [dayModel, values] : byDayModel)
        runs.push_back({dayModel.first, dayModel.second, encodeLatencies(values)});
    return runs;
}

} // namespace costdash::store::detail
