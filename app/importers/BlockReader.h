#pragma once
// Reads a file in large blocks into one buffer that keeps the unconsumed tail: the readers parse records in
// place and ask for more only when a record straddles the end. Memory stays flat whatever the file size.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <cstdint>
#include <memory>

namespace costdash::importers {

class GzipStream;

// A .gz file is decompressed as it is read (importers/Gzip.h); fileSize() is then gzip's recorded size.
class BlockReader {
public:
    // The buffer holds one block plus the longest record; `padding` readable bytes follow the data (simdjson).
    explicit BlockReader(qsizetype blockSize = 1 << 20, qsizetype maxRecord = 1 << 20, qsizetype padding = 64);
    ~BlockReader();

    bool open(const QString& path, QString* error);
    // Keeps bytes from `consumedUpTo` on, reads the next block after them. False at end of file (or error).
    bool refill(const char* consumedUpTo);

    const char* begin() const { return m_buffer.constData(); }
    const char* end() const { return m_buffer.constData() + m_size; }
    bool atEof() const { return m_eof; }
    QString error() const { return m_error; }
    std::int64_t fileSize() const { return m_fileSize; }
    // File offset of begin().
    std::int64_t offsetOfBegin() const { return m_offset; }
    qsizetype maxRecord() const { return m_maxRecord; }

private:
    qint64 readBlock(char* data, qint64 size);

    QFile m_file;
    std::unique_ptr<GzipStream> m_gzip; // set for a .gz file
    QByteArray m_buffer;
    qsizetype m_size = 0;
    qsizetype m_blockSize;
    qsizetype m_maxRecord;
    std::int64_t m_offset = 0;
    std::int64_t m_fileSize = 0;
    bool m_eof = false;
    QString m_error;
};

} // namespace costdash::importers
