#pragma once
// Field conversions from raw UTF-8 bytes, shared by the mappers. Only the fields a mapper keeps become QString.
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

namespace costdash::importers {

// A reusable UTF-16 view of bytes: no allocation for the short ASCII fields (numbers, timestamps).
class Utf16Scratch {
public:
    QStringView view(QByteArrayView bytes);

private:
    QString m_text;
};

// Whole token counts: "1234", " 1234 ", "59200.0" (integers written as floats); not "1.5", "-3", "", nor more
// than money::kMaxTokensPerCall.
std::optional<std::int64_t> parseCount(QByteArrayView bytes, QString* reason);
// true/false/1/0/yes/no, case-insensitively (also "t"/"f", "y"/"n").
std::optional<bool> parseFlag(QByteArrayView bytes, QString* reason);
// Exact USD to nano-USD: plain decimals on a fast path, everything else through money::parseUsd.
std::optional<money::Nanos> parseCostUsd(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason);

// Timestamps straight from bytes: "YYYY-MM-DD[T ]hh:mm[:ss[.f...]][Z]" and plain unix integers on a byte-level
// fast path, everything else (offsets, signs, fractions of seconds since the epoch, ...) through
// timeutil::parseTimestamp, which the fast path agrees with wherever it answers.
std::optional<timeutil::Millis> parseTimestampBytes(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason);
// Whole milliseconds: plain digits on a fast path, else money::parseScaled(text, 0) ("812.4" rounds to 812).
std::optional<std::int64_t> parseMillis(QByteArrayView bytes, Utf16Scratch& scratch, QString* reason);

// Qt's QByteArrayView::trimmed() (ASCII whitespace at both ends), inline: it runs on several fields per row.
inline QByteArrayView trimmedAscii(QByteArrayView b)
{
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    qsizetype from = 0;
    qsizetype to = b.size();
    while (from < to && space(b[from]))
        ++from;
    while (to > from && space(b[to - 1]))
        --to;
    return b.sliced(from, to - from);
}

// Shares one QString per distinct value of a low-cardinality field (model, task type): no allocation per row.
class Interner {
public:
    QString intern(QByteArrayView bytes);

private:
    // A handful of values: a scan comparing sizes first beats hashing the bytes; more go to the hash.
    static constexpr std::size_t kScanned = 16;
    std::vector<std::pair<QByteArray, QString>> m_first;
    QHash<QByteArray, QString> m_more;
};

} // namespace costdash::importers
