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

    bool checkUtf8(const char* data, qsizetype size, bool last, QString& error)
    {
        // Carry a multi-byte sequence cut by the block end over to the next block.
        m_utf8.append(data, size);
        qsizetype cut = m_utf8.size();
        if (!last) {
            qsizetype i = cut - 1;
            while (i >= 0 && cut - i < 4 && (static_cast<unsigned char>(m_utf8[i]) & 0xC0) == 0x80)
                --i;
            if (i >= 0 && static_cast<unsigned char>(m_utf8[i]) >= 0xC0)
                cut = i;
        }
        if (!simdjson::validate_utf8(m_utf8.constData(), size_t(cut))) {
            const qsizetype bad = firstInvalidUtf8(QByteArrayView(m_utf8.constData(), cut), true);
            const qsizetype at = qMax<qsizetype>(0, bad);
            return fail(error, QStringLiteral("invalid UTF-8 on line %1").arg(m_line + m_utf8.left(at).count('\n')));
        }
        m_utf8.remove(0, cut);
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
    QByteArray m_utf8;
};

} // namespace

PrescanResult prescanFile(const QString& path, bool textChecks, qsizetype maxLine, const std::atomic_bool* cancel)
{
    PrescanResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        result.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return result;
    }
    result.size = file.size();
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    TextChecker checker(maxLine);
    QByteArray block(4 << 20, Qt::Uninitialized);
    std::int64_t done = 0;
    for (;;) {
        if (cancel && cancel->load()) {
            result.error = QStringLiteral("cancelled");
            return result;
        }
        const qint64 got = file.read(block.data(), block.size());
        if (got < 0) {
            result.error = QStringLiteral("read error: %1").arg(file.errorString());
            return result;
        }
        done += got;
        EVP_DigestUpdate(ctx.get(), block.constData(), size_t(got));
        const bool last = got == 0 || done >= result.size;
        if (textChecks && !checker.feed(block.constData(), qsizetype(got), last, result.error))
            return result;
        if (got == 0)
            break;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    result.sha256Hex = QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex();
    return result;
}

} // namespace costdash::importers
