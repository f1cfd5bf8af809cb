#include "importers/Prescan.h"

#include "importers/Detect.h"

#include <QFile>
#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace costdash::importers {
namespace {

// Tracks what the text checks need across block boundaries.
class TextChecker {
public:
    explicit TextChecker(qsizetype maxLine)
        : m_maxLine(maxLine)
    {
    }

    // False with an error on the first failing block.
    bool feed(const char* data, qsizetype size, bool last, QString& error)
    {
        if (const auto* nul = static_cast<const char*>(std::memchr(data, '\0', size_t(size))))
            return fail(error, QStringLiteral("binary file (NUL byte on line %1)").arg(m_line + std::count(data, nul, '\n')));
        if (!checkUtf8(data, size, last, error))
            return false;
        return checkLines(data, size, error);
    }

private:
    static bool fail(QString& error, const QString& message)
    {
        error = message;
        return false;
    }

    static bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

    bool failUtf8(QString& error, const char* data, qsizetype upTo)
    {
        return fail(error, QStringLiteral("invalid UTF-8 on line %1").arg(m_line + std::count(data, data + upTo, '\n')));
    }

    // Validates in place; only a sequence cut by the block end is carried (at most 3 bytes) to the next block.
    bool checkUtf8(const char* data, qsizetype size, bool last, QString& error)
    {
        qsizetype from = 0;
        if (!m_carry.isEmpty()) {
            while (from < size && from < 3 && isContinuation(data[from]))
                ++from;
            m_carry.append(data, from);
            if (from == size && !last)
                return true;
            if (!simdjson::validate_utf8(m_carry.constData(), size_t(m_carry.size())))
                return failUtf8(error, data, 0);
            m_carry.clear();
        }
        qsizetype cut = size;
        if (!last) {
            qsizetype i = cut - 1;
            while (i >= from && cut - i < 4 && isContinuation(data[i]))
                --i;
            if (i >= from && static_cast<unsigned char>(data[i]) >= 0xC0)
                cut = i;
        }
        const QByteArrayView body(data + from, cut - from);
        if (!simdjson::validate_utf8(body.data(), size_t(body.size())))
            return failUtf8(error, data, from + qMax<qsizetype>(0, firstInvalidUtf8(body, true)));
        m_carry = QByteArray(data + cut, size - cut);
        return true;
    }

    bool checkLines(const char* data, qsizetype size, QString& error)
    {
        const char* p = data;
        const char* const end = data + size;
        while (p < end) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
            const qsizetype run = (nl ? nl : end) - p;
            m_lineLength += run;
            if (m_lineLength > m_maxLine)
                return fail(error, QStringLiteral("line %1 is longer than %2 MiB (record size cap)")
                                       .arg(m_line)
                                       .arg(m_maxLine >> 20));
            if (!nl)
                break;
            ++m_line;
            m_lineLength = 0;
            p = nl + 1;
        }
        return true;
    }

    qsizetype m_maxLine;
    std::int64_t m_line = 1;
    qsizetype m_lineLength = 0;
    QByteArray m_carry; // the start of a UTF-8 sequence the block end cut
};

// Reads `path` in blocks small enough to stay in cache between the passes over each block; `f(data, size, last)`
// returns false to stop. False (with *error) on open/read failure or cancel.
template <typename F>
bool forEachBlock(const QString& path, const std::atomic_bool* cancel, std::int64_t& size, QString& error, F f)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    size = file.size();
    QByteArray block(kPrescanBlockBytes, Qt::Uninitialized);
    std::int64_t done = 0;
    for (;;) {
        if (cancel && cancel->load()) {
            error = QStringLiteral("cancelled");
            return false;
        }
        const qint64 got = file.read(block.data(), block.size());
        if (got < 0) {
            error = QStringLiteral("read error: %1").arg(file.errorString());
            return false;
        }
        done += got;
        if (!f(block.constData(), qsizetype(got), got == 0 || done >= size))
            return false;
        if (got == 0)
            return true;
    }
}

// SHA-256 of every block, and the text checks on it while it is in cache (`checker` may be null): one read of
// the file for both.
PrescanResult scanFile(const QString& path, TextChecker* checker, const std::atomic_bool* cancel)
{
    PrescanResult result;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    QString refused;
    const bool ok = forEachBlock(path, cancel, result.size, result.error, [&](const char* data, qsizetype size, bool last) {
        return (!checker || checker->feed(data, size, last, refused)) && EVP_DigestUpdate(ctx.get(), data, size_t(size)) == 1;
    });
    if (!refused.isEmpty()) {
        result.error = refused;
        return result;
    }
    if (!ok) {
        if (result.error.isEmpty())
            result.error = QStringLiteral("SHA-256 failed");
        return result;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    result.sha256Hex = QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex();
    return result;
}

} // namespace

PrescanResult hashFile(const QString& path, const std::atomic_bool* cancel)
{
    return scanFile(path, nullptr, cancel);
}

QString checkTextFile(const QString& path, qsizetype maxLine, const std::atomic_bool* cancel)
{
    TextChecker checker(maxLine);
    QString error;
    std::int64_t size = 0;
    forEachBlock(path, cancel, size, error, [&](const char* data, qsizetype got, bool last) {
        return checker.feed(data, got, last, error);
    });
    return error;
}

PrescanResult prescanFile(const QString& path, bool textChecks, qsizetype maxLine, const std::atomic_bool* cancel)
{
    TextChecker checker(maxLine);
    return scanFile(path, textChecks ? &checker : nullptr, cancel);
}

} // namespace costdash::importers
