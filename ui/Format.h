#pragma once
// Display formatting shared by the pages: counts, durations, shares. Money goes through money::formatUsd.
#include "money/Money.h"
#include "money/Share.h"

#include <QString>
#include <cstdint>
#include <optional>

namespace costdash::ui {

QString formatCount(std::int64_t count);                    // "12,345"
QString formatDuration(std::int64_t seconds);                // "0 s", "45 s", "12 min", "3 h", "7 d", "36 h"
// money::formatUsdReadable, but "$0.00" for zero (a table of amounts reads "$0.00", not "$0.000000").
QString formatUsdAmount(money::Nanos amount);
using money::formatShare;                                   // "12.3 %", "–" when whole is 0 (the CLI's too)
// "1 call" / "12,345 calls": English plurals without a translation file.
QString countOf(std::int64_t count, const QString& singular, const QString& plural);
// "$0.0123", "$0.0123 + 2 unknown": a cost and the calls not in it (unknown usage or price, never $0).
QString formatCostWithUnknown(money::Nanos cost, std::int64_t unknownCalls);
// "67 % of 3" (passed share of the judged answers), "–" when nothing was judged.
QString formatPassRate(std::optional<double> rate, std::int64_t judged);
// A price per 1M tokens with the decimals it has, at least two: "$0.15", "$0.075", "$2.50".
QString formatPricePerMillion(money::MicrosPerMillion price);
// To the cent ("$1,234.50"), but a non-zero amount below a cent with the digits it needs ("$0.000431"),
// never "$0.00" for something that cost money.
QString formatUsdCents(money::Nanos amount);
// Axis/plot value in USD: charts plot doubles; no sum is ever taken of these.
double toPlotUsd(money::Nanos amount);

} // namespace costdash::ui
