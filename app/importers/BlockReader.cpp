#include "importers/BlockReader.h"

#include "importers/Gzip.h"

#include <cstring>

namespace costdash::importers {

BlockReader::BlockReader(qsizetype blockSize, qsizetype maxRecord, qsizetype padding)
    : m_blockSize(blockSize)
    , m_maxRecord(maxRecord)
{
    m_buffer.resize(blockSize + maxRecord + padding, '\0');
}

BlockReader::~BlockReader() = default;

bool BlockReader::open(const QString& path, QString* error)
{
    m_gzip.reset();
    if (isGzipFile(path)) {
        m_gzip = std::make_unique<GzipStream>();
        if (!m_gzip->open(path, error))
            return false;
    }
    m_file.close();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, m_file.errorString());
        return false;
    }
    m_fileSize = m_gzip ? qMax(gzipSizeHint(path), m_file.size()) : m_file.size();
    m_size = 0;
    m_offset = 0;
    m_eof = false;
    refill(begin());
    if (!m_error.isEmpty() && error)
        *error = m_error;
    return m_error.isEmpty();
}

bool BlockReader::refill(const char* consumedUpTo)
{
    if (m_eof)
        return false;
    const qsizetype consumed = consumedUpTo - begin();
    const qsizetype keep = m_size - consumed;
    char* data = m_buffer.data();
    if (keep > 0 && consumed > 0)
        std::memmove(data, data + consumed, size_t(keep));
    m_offset += consumed;
    m_size = keep;
    const qsizetype room = m_blockSize + m_maxRecord - m_size;
    const qint64 got = room > 0 ? readBlock(data + m_size, qMin(room, m_blockSize)) : 0;
    if (got < 0) {
        m_error = m_gzip ? m_gzip->error() : QStringLiteral("read error: %1").arg(m_file.errorString());
        m_eof = true;
        return false;
    }
    m_size += qsizetype(got);
    std::memset(data + m_size, 0, size_t(m_buffer.size() - m_size) < 64 ? size_t(m_buffer.size() - m_size) : 64);
    if (got == 0)
        m_eof = true;
    return got > 0;
}

qint64 BlockReader::readBlock(char* data, qint64 size)
{
    return m_gzip ? m_gzip->read(data, size) : m_file.read(data, size);
}

} // namespace costdash::importers
