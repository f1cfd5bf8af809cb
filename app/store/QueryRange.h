#pragma once
// What the store's read side shares: a query's days, their bounds as parameters, models keyed as `summary`
// groups them.
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"
#include "store/Sqlite.h"

#include <algorithm>
#include <limits>

namespace costdash::store::detail {

struct DayRange {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = std::numeric_limits<std::int64_t>::max();
};

inline DayRange rangeOf(const SummaryQuery& q)
{
    return {q.fromDay.value_or(std::numeric_limits<std::int64_t>::min()),
            q.toDay.value_or(std::numeric_limits<std::int64_t>::max())};
}

// Binds the range's first and last day to parameters 1 and 2 of `s` (a rollup's `day BETWEEN ? AND ?`).
inline void bindDays(Statement& s, const DayRange& range)
{
    s.bind(1, range.from);
    s.bind(2, range.to);
}

// Binds the range's first instant and the instant after its last day to parameters 1 and 2 of `s`.
inline void bindMillis(Statement& s, const DayRange& range)
{
    const auto dayStart = [](std::int64_t day) {
        const std::int64_t limit = std::numeric_limits<std::int64_t>::max() / timeutil::kMillisPerDay;
        return std::clamp(day, -limit, limit) * timeutil::kMillisPerDay;
    };
    s.bind(1, dayStart(range.from));
    s.bind(2, range.to == std::numeric_limits<std::int64_t>::max() ? range.to : dayStart(range.to + 1));
}

// Models group under their catalog id, so "openai/gpt-4o-2024-08-06" and "gpt-4o" are one line; unknown
// models keep their logged name. Indexed by model id - 1.
inline QStringList modelKeysOf(const QStringList& models, const pricing::PriceCatalog& catalog)
{
    QStringList keys;
    for (const QString& name : models)
        keys << catalog.resolve(name).value_or(name);
    return keys;
}

} // namespace costdash::store::detail
