#pragma once
// The TTL slider's scale: position 0 is "no TTL" (0 s); positions 1..kTtlSteps run logarithmically from 1 s to
// 30 days, snapped to values people use (whole seconds below a minute, whole minutes below an hour, whole hours
// above), so a drag never shows "3,517 s".
#include <array>
#include <cstdint>

namespace costdash::ui::ttl {

inline constexpr int kSteps = 600;
inline constexpr std::int64_t kMaxSeconds = 30LL * 86400;
inline constexpr std::array<std::int64_t, 5> kPresets{0, 60, 3600, 86400, 7 * 86400};

std::int64_t secondsAt(int position);
int positionOf(std::int64_t seconds); // the nearest position; secondsAt(positionOf(p)) == p for every preset

} // namespace costdash::ui::ttl
