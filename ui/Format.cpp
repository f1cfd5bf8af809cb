#include "Format.h"

#include <QLocale>

namespace costdash::ui {

QString formatCount(std::int64_t count)
{
    // Fixed English grouping: numbers in the window match the CLI and the tests whatever the locale.
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale.toString(static_cast<qlonglong>(count));
}

QString countOf(std::int64_t count, const QString& singular, const QString& plural)
{
    return formatCount(count) + u' ' + (count == 1 ? singular : plural);
}

QString formatDuration(std::int64_t seconds)
{
    constexpr std::int64_t kMinute = 60;
    constexpr std::int64_t kHour = 3600;
    constexpr std::int64_t kDay = 86400;
    if (seconds < kMinute)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < kHour)
        return seconds % kMinute == 0 ? QStringLiteral("%1 min").arg(seconds / kMinute)
                                      : QStringLiteral("%1 min %2 s").arg(seconds / kMinute).arg(seconds % kMinute);
    if (seconds % kDay == 0)
        return QStringLiteral("%1 d").arg(seconds / kDay);
    if (seconds % kHour == 0)
        return QStringLiteral("%1 h").arg(seconds / kHour);
    return QStringLiteral("%1 h %2 min").arg(seconds / kHour).arg((seconds % kHour) / kMinute);
}

QString formatUsdAmount(money::Nanos amount)
{
    return amount == 0 ? money::formatUsd(0) : money::formatUsdReadable(amount);
}

QString formatUsdCents(money::Nanos amount)
{
    constexpr money::Nanos kCent = money::kNanosPerUsd / 100;
    return amount != 0 && amount > -kCent && amount < kCent ? money::formatUsdReadable(amount) : money::formatUsd(amount);
}

double toPlotUsd(money::Nanos amount)
{
    return static_cast<double>(amount) / static_cast<double>(money::kNanosPerUsd);
}

QString formatCostWithUnknown(money::Nanos cost, std::int64_t unknownCalls)
{
    const QString text = money::formatUsdReadable(cost);
    return unknownCalls > 0 ? text + QStringLiteral(" + %1 unknown").arg(unknownCalls) : text;
}

QString formatPassRate(std::optional<double> rate, std::int64_t judged)
{
    return rate ? QStringLiteral("%1 % of %2").arg(*rate * 100, 0, 'f', 0).arg(judged) : QStringLiteral("\u2013");
}

QString formatPricePerMillion(money::MicrosPerMillion price)
{
    int decimals = 6;
    for (std::int64_t unit = 10; decimals > 2 && price % unit == 0; unit *= 10)
        --decimals;
    return money::formatUsd(price * 1000, decimals); // micro-USD -> nano-USD
}

} // namespace costdash::ui
