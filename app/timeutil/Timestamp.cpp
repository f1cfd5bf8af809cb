#include "timeutil/Timestamp.h"

namespace costdash::timeutil {
namespace {

std::optional<Millis> fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return std::nullopt;
}

// A cursor over ASCII text that reads fixed-width digit fields.
struct Cursor {
    QStringView s;
    qsizetype i = 0;
    bool atEnd() const { return i >= s.size(); }
    bool peek(char16_t c) const { return i < s.size() && s[i] == c; }
    bool take(char16_t c)
    {
        if (!peek(c))
            return false;
        ++i;
        return true;
    }
    bool digitAt(qsizetype k) const { return k < s.size() && s[k].unicode() >= '0' && s[k].unicode() <= '9'; }
    bool number(int width, int& out)
    {
        out = 0;
        for (int k = 0; k < width; ++k) {
            if (!digitAt(i + k))
                return false;
            out = out * 10 + (s[i + k].unicode() - '0');
        }
        i += width;
        return true;
    }
};

bool isUnixNumber(QStringView s)
{
    qsizetype i = (s.startsWith(u'-') || s.startsWith(u'+')) ? 1 : 0;
    bool digits = false;
    bool dot = false;
    for (; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c >= '0' && c <= '9')
            digits = true;
        else if (c == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits;
}

std::optional<Millis> parseUnix(QStringView s, QString* error)
{
    const qsizetype dot = s.indexOf(u'.');
    const QStringView whole = dot < 0 ? s : s.left(dot);
    const QStringView frac = dot < 0 ? QStringView() : s.mid(dot + 1);
    bool ok = true;
    const qint64 w = whole.isEmpty() || whole == u"-" || whole == u"+" ? 0 : whole.toLongLong(&ok);
    if (!ok)
        return fail(error, QStringLiteral("timestamp out of range: \"%1\"").arg(s));
    const qint64 mag = w < 0 ? -w : w;
    if (mag < 100'000'000'000LL) { // seconds
        qint64 ms = 0;
        for (qsizetype k = 0; k < 3; ++k)
            ms = ms * 10 + (k < frac.size() ? frac[k].unicode() - '0' : 0);
        return s.startsWith(u'-') ? w * 1000 - ms : w * 1000 + ms;
    }
    if (mag < 100'000'000'000'000LL)
        return w;
    if (mag < 100'000'000'000'000'000LL)
        return w / 1000 - (w < 0 && w % 1000 ? 1 : 0);
    return w / 1'000'000 - (w < 0 && w % 1'000'000 ? 1 : 0);
}

std::optional<Millis> parseIso(QStringView s, QString* error)
{
    auto bad = [&] { return fail(error, QStringLiteral("not a timestamp: \"%1\"").arg(s)); };
    Cursor c{s};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!c.number(4, year) || !c.take(u'-') || !c.number(2, month) || !c.take(u'-') || !c.number(2, day))
        return bad();
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return bad();
    if (c.take(u'T') || c.take(u't') || c.take(u' ')) {
        if (!c.number(2, hour) || !c.take(u':') || !c.number(2, minute))
            return bad();
        if (c.take(u':') && !c.number(2, second))
            return bad();
        if (c.take(u'.') || c.take(u',')) {
            int digits = 0;
            for (; c.digitAt(c.i); ++c.i, ++digits) {
                if (digits < 3)
                    millis = millis * 10 + (s[c.i].unicode() - '0');
            }
            if (digits == 0 || digits > 9)
                return bad();
            for (; digits < 3; ++digits)
                millis *= 10;
        }
        if (hour > 24 || minute > 59 || second > 60)
            return bad();
    }
    int offsetMinutes = 0;
    if (c.take(u'Z') || c.take(u'z')) {
    } else if (c.peek(u'+') || c.peek(u'-')) {
        const int sign = s[c.i] == u'-' ? -1 : 1;
        ++c.i;
        int oh = 0, om = 0;
        if (!c.number(2, oh))
            return bad();
        if (c.take(u':')) {
            if (!c.number(2, om))
                return bad();
        } else if (c.digitAt(c.i) && !c.number(2, om)) {
            return bad();
        }
        offsetMinutes = sign * (oh * 60 + om);
    }
    if (!c.atEnd())
        return bad();
    const std::int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    const Millis local = ((days * 24 + hour) * 60 + minute) * 60'000LL + second * 1000LL + millis;
    return local - offsetMinutes * 60'000LL;
}

} // namespace

std::int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, int& year, unsigned& month, unsigned& day)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
}

std::optional<Millis> parseTimestamp(QStringView text, QString* error)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty())
        return fail(error, QStringLiteral("empty timestamp"));
    if (isUnixNumber(s))
        return parseUnix(s, error);
    return parseIso(s, error);
}

QString formatDay(std::int64_t dayIndex)
{
    int y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(dayIndex, y, m, d);
    return QStringLiteral("%1-%2-%3")
        .arg(y, 4, 10, QLatin1Char('0'))
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(d, 2, 10, QLatin1Char('0'));
}

QString formatIso(Millis t)
{
    const std::int64_t day = dayOf(t);
    const Millis inDay = t - day * kMillisPerDay;
    return formatDay(day) + QStringLiteral("T%1:%2:%3.%4Z")
                                .arg(inDay / 3'600'000, 2, 10, QLatin1Char('0'))
                                .arg(inDay / 60'000 % 60, 2, 10, QLatin1Char('0'))
                                .arg(inDay / 1000 % 60, 2, 10, QLatin1Char('0'))
                                .arg(inDay % 1000, 3, 10, QLatin1Char('0'));
}

std::optional<std::int64_t> parseDay(QStringView text)
{
    const auto t = parseTimestamp(text);
    if (!t)
        return std::nullopt;
    return dayOf(*t);
}

} // namespace costdash::timeutil
