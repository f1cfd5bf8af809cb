#include "api/RetryPolicy.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace costdash::api {
namespace {

std::optional<double> parseNumber(QByteArrayView text)
{
    bool ok = false;
    const double v = text.trimmed().toByteArray().toDouble(&ok);
    return ok && std::isfinite(v) && v >= 0 ? std::optional<double>(v) : std::nullopt;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value, std::int64_t nowUtcMs)
{
    if (const auto seconds = parseNumber(value))
        return std::chrono::milliseconds(std::llround(*seconds * 1000));
    // RFC 9110: an IMF-fixdate, "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()),
                                                   QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    QDateTime utc = when;
    utc.setTimeZone(QTimeZone::utc());
    return std::chrono::milliseconds(std::max<std::int64_t>(0, utc.toMSecsSinceEpoch() - nowUtcMs));
}

} // namespace

std::optional<std::chrono::milliseconds> parseResetDuration(QByteArrayView text)
{
    const QByteArray s = text.trimmed().toByteArray();
    if (s.isEmpty())
        return std::nullopt;
    double totalMs = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        const qsizetype start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
            ++i;
        const auto number = parseNumber(QByteArrayView(s).sliced(start, i - start));
        const qsizetype unitStart = i;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
            ++i;
        const QByteArrayView unit = QByteArrayView(s).sliced(unitStart, i - unitStart);
        if (!number)
            return std::nullopt;
        if (unit == "ms")
            totalMs += *number;
        else if (unit == "s" || unit.isEmpty())
            totalMs += *number * 1000;
        else if (unit == "m")
            totalMs += *number * 60'000;
        else if (unit == "h")
            totalMs += *number * 3'600'000;
        else
            return std::nullopt;
    }
    return std::chrono::milliseconds(std::llround(totalMs));
}

std::optional<std::chrono::milliseconds> serverRetryDelay(const Headers& headers, std::int64_t nowUtcMs)
{
    std::optional<std::chrono::milliseconds> retryAfter;
    std::optional<std::chrono::milliseconds> reset;
    for (const auto& [name, value] : headers) {
        const QByteArray n = name.toLower();
        if (n == "retry-after-ms") {
            if (const auto ms = parseNumber(value))
                retryAfter = std::chrono::milliseconds(std::llround(*ms));
        } else if (n == "retry-after" && !retryAfter) {
            retryAfter = parseRetryAfter(value, nowUtcMs);
        } else if (n.startsWith("x-ratelimit-reset")) {
            if (const auto d = parseResetDuration(value); d && (!reset || *d > *reset))
                reset = d;
        }
    }
    return retryAfter ? retryAfter : reset;
}

bool RetryPolicy::shouldRetry(const ChatResult& attempt, bool answerStarted)
{
    switch (attempt.failure) {
    case FailureKind::Http:
        if (attempt.errorCode == u"insufficient_quota")
            return false;
        return attempt.httpStatus == 429 || attempt.httpStatus >= 500;
    case FailureKind::Network:
    case FailureKind::ConnectTimeout:
    case FailureKind::Stalled:
        // Once a stream has delivered part of its answer, a retry would send (and bill) it twice.
        return !answerStarted;
    default:
        return false;
    }
}

std::chrono::milliseconds RetryPolicy::delayBefore(int retry, const Headers& headers, double unit) const
{
    if (const auto hint = serverRetryDelay(headers, QDateTime::currentMSecsSinceEpoch()))
        return std::min(*hint, maxDelay);
    const int shift = std::clamp(retry - 1, 0, 30);
    const auto full = std::min<std::int64_t>(baseDelay.count() << shift, maxDelay.count());
    const double jittered = double(full) * (0.5 + 0.5 * std::clamp(unit, 0.0, 1.0));
    return std::chrono::milliseconds(std::llround(jittered));
}

} // namespace costdash::api
