#pragma once
// .gz logs read as a stream (zlib): any CSV, JSONL or JSON document may be gzip-compressed; detection looks at
// the decompressed bytes.
#include <QByteArray>
#include <QString>
#include <cstdint>

namespace costdash::importers {

// Whether the file at `path` starts with the gzip magic bytes.
bool isGzipFile(const QString& path);

class GzipStream {
public:
    GzipStream() = default;
    ~GzipStream();
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    bool open(const QString& path, QString* error);
    // Up to `size` decompressed bytes; 0 at the end, -1 on a corrupt stream (error()).
    std::int64_t read(char* data, std::int64_t size);
    QString error() const { return m_error; }
    void close();

private:
    void* m_file = nullptr; // gzFile
    QString m_error;
};

// The decompressed size gzip records (modulo 4 GiB), for progress; 0 when unknown.
std::int64_t gzipSizeHint(const QString& path);
// The first `maxBytes` decompressed bytes (all when the file is shorter); empty with *error on a corrupt stream.
QByteArray gunzip(const QString& path, std::int64_t maxBytes, QString* error);

} // namespace costdash::importers
