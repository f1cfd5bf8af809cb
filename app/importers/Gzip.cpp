#include "importers/Gzip.h"

#include <QFile>
#include <zlib.h>

namespace costdash::importers {

bool isGzipFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(2) == QByteArrayView("\x1f\x8b");
}

GzipStream::~GzipStream()
{
    close();
}

bool GzipStream::open(const QString& path, QString* error)
{
    close();
    m_file = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!m_file) {
        if (error)
            *error = QStringLiteral("cannot open %1").arg(path);
        return false;
    }
    gzbuffer(static_cast<gzFile>(m_file), 1 << 18);
    return true;
}

std::int64_t GzipStream::read(char* data, std::int64_t size)
{
    std::int64_t total = 0;
    while (total < size) {
        const unsigned chunk = unsigned(qMin<std::int64_t>(size - total, 1 << 30));
        const int got = gzread(static_cast<gzFile>(m_file), data + total, chunk);
        int code = Z_OK;
        const char* message = got <= 0 ? gzerror(static_cast<gzFile>(m_file), &code) : nullptr;
        if (got < 0 || code != Z_OK) { // a cut stream ends with Z_BUF_ERROR, not with -1
            const QString text = QString::fromLocal8Bit(message);
            m_error = QStringLiteral("corrupt or truncated gzip stream: %1").arg(text.section(QStringLiteral(": "), -1));
            return -1;
        }
        if (got == 0)
            break;
        total += got;
    }
    return total;
}

void GzipStream::close()
{
    if (m_file)
        gzclose(static_cast<gzFile>(m_file));
    m_file = nullptr;
}

std::int64_t gzipSizeHint(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() < 18 || !f.seek(f.size() - 4))
        return 0;
    const QByteArray tail = f.read(4);
    const auto* b = reinterpret_cast<const unsigned char*>(tail.constData());
    return std::int64_t(b[0]) | std::int64_t(b[1]) << 8 | std::int64_t(b[2]) << 16 | std::int64_t(b[3]) << 24;
}

QByteArray gunzip(const QString& path, std::int64_t maxBytes, QString* error)
{
    GzipStream stream;
    if (!stream.open(path, error))
        return {};
    QByteArray out;
    constexpr std::int64_t kChunk = 1 << 20;
    while (out.size() < maxBytes) {
        const qsizetype at = out.size();
        out.resize(at + qsizetype(qMin(kChunk, maxBytes - at)));
        const std::int64_t got = stream.read(out.data() + at, out.size() - at);
        if (got < 0) {
            if (error)
                *error = stream.error();
            return {};
        }
        out.resize(at + qsizetype(got));
        if (got == 0)
            break;
    }
    return out;
}

} // namespace costdash::importers
