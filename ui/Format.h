#pragma once
// Display formatting shared by the pages: counts, durations, shares. Money goes through money::formatUsd.
#include "money/Money.h"
#include "money/Share.h"

#include <QString>
#include <cstdint>

namespace costdash::ui {

QString formatCount(std::int64_t count);                    // "12,345"
QString formatDuration(std::int64_t seconds);                // "0 s", "45 s", "12 min", "3 h", "7 d", "36 h"
// money::formatUsdReadable, but "$0.00" for zero (a table of amounts reads "$0.00", not "$0.000000").
QString formatUsdAmount(money::Nanos amount);
using money::formatShare;                                   // "12.3 %", "–" when whole is 0 (the CLI's too)
// "1 call" / "12,345 calls": English plurals without a translation file.
QString countOf(std::int64_t count, const QString& singular, const QString& plural);
// Axis/plot value in USD: charts plot doubles; no sum is ever taken of these.
double toPlotUsd(money::Nanos amount);

} // namespace costdash::ui
