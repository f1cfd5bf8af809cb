#pragma once
// Time is int64 milliseconds since the Unix epoch, UTC, everywhere inside costdash.
#include <QString>
#include <QStringView>
#include <cstdint>
#include <optional>

namespace costdash::timeutil {

using Millis = std::int64_t;
inline constexpr Millis kMillisPerDay = 86'400'000;

// Parses ISO 8601 ("2025-11-03T14:22:07.512Z", "2025-11-03 09:14:02.118" = UTC, "+02:00"/"+0200"/"+02" offsets,
// 0-9 fraction digits, truncated to the millisecond, a bare date = midnight UTC) and unix epoch numbers, whose unit
// is told by magnitude: seconds (< 1e11, fraction allowed), milliseconds (< 1e14), microseconds (< 1e17),
// nanoseconds otherwise. Returns nullopt with a reason in *error.
std::optional<Millis> parseTimestamp(QStringView text, QString* error = nullptr);

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms; proleptic Gregorian).
std::int64_t daysFromCivil(int year, unsigned month, unsigned day);
void civilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day);

// Day index (days since epoch, UTC) of an instant; floor division, so instants before 1970 work too.
inline std::int64_t dayOf(Millis t)
{
    return t >= 0 ? t / kMillisPerDay : -((-t + kMillisPerDay - 1) / kMillisPerDay);
}

QString formatIso(Millis t);            // "2025-11-03T14:22:07.512Z"
QString formatDay(std::int64_t day);    // "2025-11-03"
std::optional<std::int64_t> parseDay(QStringView text); // "2025-11-03" -> day index

} // namespace costdash::timeutil
