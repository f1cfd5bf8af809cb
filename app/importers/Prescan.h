#pragma once
// The whole-file work an import needs before its first write: SHA-256 (the import's identity: dedupe, resume)
// and, for text formats, the checks that refuse the file as a whole (NUL bytes, invalid UTF-8, an over-long
// line). prescanFile() does both in one read of the file; hashFile() and checkTextFile() one each.
#include <QByteArray>
#include <QString>
#include <atomic>
#include <cstdint>

namespace costdash::importers {

inline constexpr qsizetype kPrescanBlockBytes = 1 << 19; // small enough to stay in cache across the checks

struct PrescanResult {
    QByteArray sha256Hex;
    std::int64_t size = 0;
    QString error; // non-empty: refuse the file
};

// SHA-256 and size, through OpenSSL: Qt 6.4's QCryptographicHash is an order of magnitude slower (docs/PERFORMANCE.md).
PrescanResult hashFile(const QString& path, const std::atomic_bool* cancel = nullptr);

// The text checks; an empty string when the file passes, else the one-line reason.
QString checkTextFile(const QString& path, qsizetype maxLine, const std::atomic_bool* cancel = nullptr);

// Both (the text checks only when `textChecks`) in one pass: the verdict and identity of a file in one call.
PrescanResult prescanFile(const QString& path, bool textChecks, qsizetype maxLine,
                          const std::atomic_bool* cancel = nullptr);

} // namespace costdash::importers
