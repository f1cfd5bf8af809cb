#pragma once
// Exact money: costs are int64 nano-USD, prices integer micro-USD per million tokens (= pico-USD per token).
// Decimal text is parsed digit by digit, never through double.
#include <QString>
#include <QStringView>
#include <cstdint>
#include <limits>
#include <optional>

namespace costdash::money {

using Nanos = std::int64_t;            // 1e-9 USD
using MicrosPerMillion = std::int64_t; // price: 1e-6 USD per 1,000,000 tokens

inline constexpr Nanos kNanosPerUsd = 1'000'000'000;

// Bounds no real call or price comes near (README.md, "Limits"). Inside them every call's cost fits int64 nano-USD
// (see callCost); what lies outside is refused where it enters, with one of the sentences below.
inline constexpr std::int64_t kMaxTokensPerCall = 10'000'000'000;               // per token count of one call
inline constexpr Nanos kMaxLoggedCostPerCall = 1'000'000 * kNanosPerUsd;        // $1,000,000 logged for one call
inline constexpr MicrosPerMillion kMaxPricePerMillion = 100'000'000'000;        // $100,000 per 1M tokens

QString tooManyTokens(std::int64_t tokens);
QString loggedCostTooLarge(Nanos cost);
// The one sentence for a sum (a total, a group, a projection) that int64 nano-USD cannot hold.
QString totalOutOfRange();

// Adds `amount` to `total`; true when the exact sum left int64 (the caller then reports totalOutOfRange()).
inline bool addOverflows(std::int64_t& total, std::int64_t amount)
{
    return __builtin_add_overflow(total, amount, &total);
}

// A sum of many amounts that no month can overflow (2^127 nano-USD): exact until checked back into Nanos.
__extension__ using WideSum = __int128;
inline bool fitsNanos(WideSum sum)
{
    return sum >= std::numeric_limits<Nanos>::min() && sum <= std::numeric_limits<Nanos>::max();
}

// Parses a decimal amount of `unit` into an integer count of 10^-scale units, rounding half away from zero.
// Accepts: surrounding blanks, a sign, a '$' (before or after the sign), thousands commas in groups of three,
// a fraction, an exponent ("2.805e-05", "1E-7"). "-0" is 0. Rejects with a reason in *error: empty text,
// "NaN"/"inf", stray characters ("1.2.3"), and values beyond int64 ("1e400").
std::optional<std::int64_t> parseScaled(QStringView text, int scale, QString* error = nullptr);

// USD text ("0.000431", "$1,234.50") to nano-USD.
std::optional<Nanos> parseUsd(QStringView text, QString* error = nullptr);

// USD-per-million-tokens text ("2.50") to micro-USD per million tokens. A price is refused when above
// kMaxPricePerMillion, or non-zero yet below the unit's precision (it would be stored as $0); callers refuse
// negative prices with their own wording.
std::optional<MicrosPerMillion> parsePricePerMillion(QStringView text, QString* error = nullptr);
// USD-per-token text ("1.5e-07", LiteLLM's unit) to micro-USD per million tokens, refused as above.
std::optional<MicrosPerMillion> parsePricePerToken(QStringView text, QString* error = nullptr);

// Cost in nano-USD of `tokens` at `price` (micro-USD per million tokens), before rounding: pico-USD.
inline std::int64_t picosOf(std::int64_t tokens, MicrosPerMillion price) { return tokens * price; }

// Rounds pico-USD to nano-USD, half away from zero.
inline constexpr Nanos roundPicosToNanos(std::int64_t picos)
{
    return picos >= 0 ? (picos + 500) / 1000 : -((-picos + 500) / 1000);
}

// Nanos scaled by (1 - discount) where discount is given in parts per million; rounds half away from zero.
Nanos applyDiscount(Nanos amount, std::int64_t discountPpm);

// "0.000431000" style: full nano precision, '.' separator, no grouping; exact inverse of parseUsd.
QString formatUsdExact(Nanos amount);
// "$1,234.50" style for people: `decimals` fraction digits (rounded half away from zero), thousands commas.
QString formatUsd(Nanos amount, int decimals = 2);
// formatUsd with as many decimals as a person needs to tell small amounts apart: 2 from $1 up,
// 4 from $0.01, else 6 (never "$0.00" for a non-zero amount above $0.0000005).
QString formatUsdReadable(Nanos amount);
// JSON number for `cost_usd` fields: nano precision, trailing zeros trimmed.
double toUsdDouble(Nanos amount);

} // namespace costdash::money
