#include "money/Money.h"

#include <algorithm>
#include <limits>

namespace costdash::money {
namespace {

// GCC and Clang's 128-bit integers: products of two int64 never overflow them.
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

bool fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return false;
}

// The parts of a decimal number: its significant digits D and exponent E, value = sign * D * 10^E.
struct Decimal {
    bool negative = false;
    QString digits; // leading zeros stripped; may be empty (value 0)
    std::int64_t exponent = 0;
};

// Parses an integer-part with optional thousands commas into out.digits; returns chars consumed or -1.
qsizetype takeIntegerPart(QStringView s, qsizetype i, Decimal& out, int& digitCount)
{
    qsizetype groupLen = 0;
    bool sawComma = false;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isDigit() && c.unicode() < 128) {
            out.digits.append(c);
            ++groupLen;
            ++digitCount;
        } else if (c == u',') {
            if (groupLen == 0 || groupLen > 3 || (sawComma && groupLen != 3))
                return -1;
            sawComma = true;
            groupLen = 0;
        } else {
            break;
        }
    }
    if (sawComma && groupLen != 3)
        return -1;
    return i;
}

bool parseDecimal(QStringView text, Decimal& out, QString* error)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty())
        return fail(error, QStringLiteral("empty amount"));
    qsizetype i = 0;
    bool sawDollar = false;
    auto takeDollar = [&] {
        if (i < s.size() && s[i] == u'$' && !sawDollar) {
            sawDollar = true;
            ++i;
        }
    };
    takeDollar();
    if (i < s.size() && (s[i] == u'-' || s[i] == u'+')) {
        out.negative = s[i] == u'-';
        ++i;
    }
    takeDollar();
    int intDigits = 0;
    i = takeIntegerPart(s, i, out, intDigits);
    if (i < 0)
        return fail(error, QStringLiteral("misplaced thousands separator in \"%1\"").arg(text));
    int fracDigits = 0;
    if (i < s.size() && s[i] == u'.') {
        for (++i; i < s.size() && s[i].isDigit() && s[i].unicode() < 128; ++i) {
            out.digits.append(s[i]);
            ++fracDigits;
        }
    }
    if (intDigits + fracDigits == 0)
        return fail(error, QStringLiteral("not a number: \"%1\"").arg(text));
    std::int64_t exp = 0;
    if (i < s.size() && (s[i] == u'e' || s[i] == u'E')) {
        ++i;
        bool expNegative = false;
        if (i < s.size() && (s[i] == u'-' || s[i] == u'+'))
            expNegative = s[i++] == u'-';
        const qsizetype expStart = i;
        for (; i < s.size() && s[i].isDigit() && s[i].unicode() < 128; ++i) {
            if (exp < 100000) // beyond this the value is 0 or overflows anyway
                exp = exp * 10 + (s[i].unicode() - '0');
        }
        if (i == expStart)
            return fail(error, QStringLiteral("missing exponent digits in \"%1\"").arg(text));
        if (expNegative)
            exp = -exp;
    }
    if (i != s.size())
        return fail(error, QStringLiteral("not a number: \"%1\"").arg(text));
    qsizetype lead = 0;
    while (lead < out.digits.size() && out.digits[lead] == u'0')
        ++lead;
    out.digits.remove(0, lead);
    out.exponent = exp - fracDigits;
    return true;
}

// parseScaled, also telling whether a non-zero value rounded to 0.
std::optional<std::int64_t> parseScaledChecked(QStringView text, int scale, QString* error, bool* roundedToZero)
{
    Decimal d;
    if (!parseDecimal(text, d, error))
        return std::nullopt;
    *roundedToZero = false;
    if (d.digits.isEmpty())
        return 0;
    // value in units of 10^-scale = D * 10^(E + scale)
    const std::int64_t shift = d.exponent + scale;
    const auto n = static_cast<std::int64_t>(d.digits.size());
    auto overflow = [&] {
        fail(error, QStringLiteral("amount out of range: \"%1\"").arg(text));
        return std::optional<std::int64_t>{};
    };
    if (shift >= 0 && n + shift > 19)
        return overflow();
    const std::int64_t keep = shift >= 0 ? n : n + shift; // digits that form the integer result
    UInt128 value = 0;
    for (std::int64_t k = 0; k < keep; ++k)
        value = value * 10 + (d.digits[k].unicode() - '0');
    for (std::int64_t k = 0; k < shift; ++k)
        value *= 10;
    if (keep >= 0 && keep < n && d.digits[keep].unicode() >= '5')
        value += 1; // half away from zero: the sign is applied afterwards
    if (value > static_cast<UInt128>(std::numeric_limits<std::int64_t>::max()))
        return overflow();
    const auto v = static_cast<std::int64_t>(value);
    *roundedToZero = v == 0;
    return d.negative ? -v : v;
}

// A price at `scale` (6: USD per 1M tokens, 12: USD per token) in micro-USD per 1M tokens, within the bounds.
std::optional<MicrosPerMillion> parsePrice(QStringView text, int scale, QString* error)
{
    bool roundedToZero = false;
    const auto price = parseScaledChecked(text, scale, error, &roundedToZero);
    if (!price)
        return std::nullopt;
    if (*price > kMaxPricePerMillion)
        fail(error, QStringLiteral("price \"%1\" is above $100,000 per 1M tokens, the most costdash accepts")
                        .arg(text));
    else if (roundedToZero)
        fail(error, QStringLiteral("price \"%1\" is below $0.000001 per 1M tokens, the finest costdash stores "
                                   "(it would be $0)")
                        .arg(text));
    else
        return price;
    return std::nullopt;
}

} // namespace

QString tooManyTokens(std::int64_t tokens)
{
    return QStringLiteral("%1 tokens is more than one call can have (the limit is 10,000,000,000)").arg(tokens);
}

QString loggedCostTooLarge(Nanos cost)
{
    return QStringLiteral("%1 is more than one call can cost (the limit is $1,000,000)").arg(formatUsd(cost));
}

QString totalOutOfRange()
{
    return QStringLiteral("the total is beyond $9,223,372,036.85, the most costdash can add up exactly "
                          "(check the store for calls with absurd token counts or costs)");
}

std::optional<std::int64_t> parseScaled(QStringView text, int scale, QString* error)
{
    bool roundedToZero = false;
    return parseScaledChecked(text, scale, error, &roundedToZero);
}

std::optional<Nanos> parseUsd(QStringView text, QString* error)
{
    return parseScaled(text, 9, error);
}

std::optional<MicrosPerMillion> parsePricePerMillion(QStringView text, QString* error)
{
    return parsePrice(text, 6, error);
}

std::optional<MicrosPerMillion> parsePricePerToken(QStringView text, QString* error)
{
    return parsePrice(text, 12, error);
}

Nanos applyDiscount(Nanos amount, std::int64_t discountPpm)
{
    const Int128 scaled = static_cast<Int128>(amount) * (1'000'000 - discountPpm);
    const Int128 half = 500'000;
    const Int128 q = scaled >= 0 ? (scaled + half) / 1'000'000 : -((-scaled + half) / 1'000'000);
    return static_cast<Nanos>(q);
}

QString formatUsdExact(Nanos amount)
{
    const bool negative = amount < 0;
    const unsigned long long mag = negative ? 0ULL - static_cast<unsigned long long>(amount)
                                            : static_cast<unsigned long long>(amount);
    const QString frac = QString::number(mag % kNanosPerUsd).rightJustified(9, u'0');
    return (negative ? QStringLiteral("-") : QString()) + QString::number(mag / kNanosPerUsd) + u'.' + frac;
}

QString formatUsd(Nanos amount, int decimals)
{
    decimals = std::clamp(decimals, 0, 9);
    const bool negative = amount < 0;
    unsigned long long mag = negative ? 0ULL - static_cast<unsigned long long>(amount)
                                      : static_cast<unsigned long long>(amount);
    unsigned long long unit = 1;
    for (int k = decimals; k < 9; ++k)
        unit *= 10;
    mag = (mag + unit / 2) / unit; // now in 10^-decimals USD
    unsigned long long pow = 1;
    for (int k = 0; k < decimals; ++k)
        pow *= 10;
    QString whole = QString::number(mag / pow);
    for (qsizetype at = whole.size() - 3; at > 0; at -= 3)
        whole.insert(at, u',');
    QString out = (negative && mag != 0 ? QStringLiteral("-$") : QStringLiteral("$")) + whole;
    if (decimals > 0)
        out += u'.' + QString::number(mag % pow).rightJustified(decimals, u'0');
    return out;
}

QString formatUsdReadable(Nanos amount)
{
    const Nanos magnitude = amount < 0 ? -amount : amount;
    return formatUsd(amount, magnitude >= kNanosPerUsd ? 2 : magnitude >= kNanosPerUsd / 100 ? 4 : 6);
}

double toUsdDouble(Nanos amount)
{
    return static_cast<double>(amount) / static_cast<double>(kNanosPerUsd);
}

} // namespace costdash::money
