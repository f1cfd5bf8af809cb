#include "importers/FieldParse.h"

#include <QStringDecoder>
#include <string_view>

#include <cstring>

namespace costdash::importers {
namespace {

QByteArrayView trimmed(QByteArrayView b)
{
    while (!b.isEmpty() && (b.front() == ' ' || b.front() == '\t'))
        b = b.sliced(1);
    while (!b.isEmpty() && (b.back() == ' ' || b.back() == '\t' || b.back() == '\r'))
        b.chop(1);
    return b;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QString shown(QByteArrayView b)
{
    constexpr qsizetype kShown = 40;
    const QString text = QString::fromUtf8(b.first(qMin(b.size(), kShown)));
    return b.size() > kShown ? text + QStringLiteral("...") : text;
}

// Reads `width` ASCII digits at `p`; false at the first non-digit.
bool digitsAt(const char* p, int width, int& out)
{
    out = 0;
    for (int k = 0; k < width; ++k) {
        if (!isDigit(p[k]))
            return false;
        out = out * 10 + (p[k] - '0');
    }
    return true;
}

// "YYYY-MM-DD[Tt ]hh:mm[:ss][.f{1,9}][Zz]" exactly; nullopt for anything else (the general parser decides).
// Same arithmetic and range checks as timeutil's ISO parser, so both give the same instant.
std::optional<timeutil::Millis> fastIso(QByteArrayView b)
{
    const char* s = b.data();
    const qsizetype n = b.size();
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (n < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':'
        || !digitsAt(s, 4, year) || !digitsAt(s + 5, 2, month) || !digitsAt(s + 8, 2, day)
        || !digitsAt(s + 11, 2, hour) || !digitsAt(s + 14, 2, minute))
        return std::nullopt;
    qsizetype i = 16;
    if (i < n && s[i] == ':') {
        if (i + 3 > n || !digitsAt(s + i + 1, 2, second))
            return std::nullopt;
        i += 3;
    }
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        int digits = 0;
        for (++i; i < n && isDigit(s[i]); ++i, ++digits) {
            if (digits < 3)
                millis = millis * 10 + (s[i] - '0');
        }
        if (digits == 0 || digits > 9)
            return std::nullopt;
        for (; digits < 3; ++digits)
            millis *= 10;
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z'))
        ++i;
    if (i != n || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60)
        return std::nullopt;
    const std::int64_t days = timeutil::daysFromCivil(year, unsigned(month), unsigned(day));
    return ((days * 24 + hour) * 60 + minute) * 60'000LL + second * 1000LL + millis;
}

// Plain unsigned unix numbers (no sign, no fraction, at most 18 digits): unit by magnitude, as timeutil does.
std::optional<timeutil::Millis> fastUnix(QByteArrayView b)
{
    if (b.isEmpty() || b.size() > 18)
        return std::nullopt;
    std::int64_t w = 0;
    for (const char c : b) {
        if (!isDigit(c))
            return std::nullopt;
        w = w * 10 + (c - '0');
    }
    if (w < 100'000'000'000LL)
        return w * 1000;
    if (w < 100'000'000'000'000LL)
        return w;
    if (w < 100'000'000'000'000'000LL)
        return w / 1000;
    return w / 1'000'000;
}

} // namespace

QStringView Utf16Scratch::view(QByteArrayView bytes)
{
    m_text.resize(bytes.size());
    QChar* out = m_text.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x80) {
            m_text = QString::fromUtf8(bytes);
            return m_text;
        }
        out[i] = QLatin1Char(char(c));
    }
    return m_text;
}

std::optional<std::int64_t> parseCount(QByteArrayView bytes, QString* reason)
{
    const QByteArrayView b = trimmed(bytes);
    qsizetype i = 0;
    std::int64_t value = 0;
    for (; i < b.size() && isDigit(b[i]); ++i) {
        value = value * 10 + (b[i] - '0');
        if (value > money::kMaxTokensPerCall) {
            *reason = QStringLiteral("too large: \"%1\" (the limit is 10,000,000,000 tokens per call)").arg(shown(b));
            return std::nullopt;
        }
    }
    const qsizetype digits = i;
    if (i < b.size() && b[i] == '.') { // "59200.0": a whole number written as a float
        for (++i; i < b.size() && b[i] == '0'; ++i) {
        }
    }
    if (digits == 0 || i != b.size()) {
        *reason = b.isEmpty() ? QStringLiteral("empty") : QStringLiteral("not a whole number: \"%1\"").arg(shown(b));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parseFlag(QByteArrayView bytes, QString* reason)
{
    const QByteArrayView b = trimmed(bytes);
    auto is = [&](std::string_view word) { // ASCII case-insensitive, inline: it runs on every row
        if (std::size_t(b.size()) != word.size())
            return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            const char c = b[qsizetype(i)];
            if ((c >= 'A' && c <= 'Z' ? char(c + 32) : c) != word[i])
                return false;
        }
        return true;
    };
    if (is("true") || is("1") || is("yes") || is("t") || is("y"))
        return true;
    if (is("false") || is("0") || is("no") || is("f") || is("n"))
        return false;
    *reason = b.isEmpty() ? QStringLiteral("empty") : QStringLiteral("not true/false: \"%1\"").arg(shown(bytes));
    return std::nullopt;
}

std::optional<money::Nanos> parseCostUsd(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason)
{
    // Fast path: "123.456789" with at most 9 integer and 9 fraction digits is exact in int64 nanos.
    const QByteArrayView b = trimmed(bytes);
    qsizetype i = 0;
    std::int64_t whole = 0;
    for (; i < b.size() && i < 9 && isDigit(b[i]); ++i)
        whole = whole * 10 + (b[i] - '0');
    const qsizetype wholeDigits = i;
    std::int64_t fraction = 0;
    int fractionDigits = 0;
    if (wholeDigits > 0 && i < b.size() && b[i] == '.') {
        for (++i; i < b.size() && fractionDigits < 9 && isDigit(b[i]); ++i, ++fractionDigits)
            fraction = fraction * 10 + (b[i] - '0');
    }
    if (wholeDigits > 0 && i == b.size()) {
        for (int k = fractionDigits; k < 9; ++k)
            fraction *= 10;
        return whole * money::kNanosPerUsd + fraction;
    }
    QString error;
    const auto value = money::parseUsd(scratch.view(b), &error);
    if (!value)
        *reason = error;
    return value;
}

std::optional<timeutil::Millis> parseTimestampBytes(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason)
{
    if (!bytes.isEmpty() && isDigit(bytes.front())) {
        if (const auto t = isDigit(bytes.back()) ? fastUnix(bytes) : std::nullopt)
            return t;
        if (const auto t = fastIso(bytes))
            return t;
    }
    return timeutil::parseTimestamp(scratch.view(bytes), reason);
}

std::optional<std::int64_t> parseMillis(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason)
{
    if (!bytes.isEmpty() && bytes.size() <= 18) {
        std::int64_t value = 0;
        qsizetype i = 0;
        for (; i < bytes.size() && isDigit(bytes[i]); ++i)
            value = value * 10 + (bytes[i] - '0');
        if (i == bytes.size())
            return value;
    }
    return money::parseScaled(scratch.view(bytes), 0, reason);
}

QString Interner::intern(QByteArrayView bytes)
{
    for (const auto& [key, text] : m_first) {
        if (key.size() == bytes.size() && std::memcmp(key.constData(), bytes.data(), size_t(bytes.size())) == 0)
            return text;
    }
    if (m_first.size() < kScanned) {
        QString text = QString::fromUtf8(bytes);
        m_first.emplace_back(bytes.toByteArray(), text);
        return text;
    }
    const auto it = m_more.constFind(QByteArray::fromRawData(bytes.data(), bytes.size()));
    if (it != m_more.constEnd())
        return it.value();
    QString text = QString::fromUtf8(bytes);
    constexpr qsizetype kMaxDistinct = 4096; // a free-text field: stop caching, stay small
    if (m_more.size() < kMaxDistinct)
        m_more.insert(bytes.toByteArray(), text);
    return text;
}

} // namespace costdash::importers
