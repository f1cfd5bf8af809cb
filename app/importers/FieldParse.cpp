#include "importers/FieldParse.h"

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
    constexpr std::int64_t kLimit = std::int64_t(1) << 53; // no token count comes near this
    for (; i < b.size() && isDigit(b[i]); ++i) {
        value = value * 10 + (b[i] - '0');
        if (value > kLimit) {
            *reason = QStringLiteral("too large: \"%1\"").arg(shown(b));
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
    const QByteArray b = trimmed(bytes).toByteArray().toLower();
    if (b == "true" || b == "1" || b == "yes" || b == "t" || b == "y")
        return true;
    if (b == "false" || b == "0" || b == "no" || b == "f" || b == "n")
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

QString Interner::intern(QByteArrayView bytes)
{
    const auto it = m_strings.constFind(QByteArray::fromRawData(bytes.data(), bytes.size()));
    if (it != m_strings.constEnd())
        return it.value();
    QString text = QString::fromUtf8(bytes);
    constexpr qsizetype kMaxDistinct = 4096; // a free-text field: stop caching, stay small
    if (m_strings.size() < kMaxDistinct)
        m_strings.insert(bytes.toByteArray(), text);
    return text;
}

} // namespace costdash::importers
