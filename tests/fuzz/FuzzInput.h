#pragma once
// Helpers the libFuzzer targets share: the readers take a path, so an input goes to one scratch file per process.
#include <QByteArray>
#include <QDir>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace costdash::fuzz {

// Writes the input to this process's scratch file (removed at exit) and returns its path.
inline QString writeInput(const std::uint8_t* data, std::size_t size, const char* suffix)
{
    static const QString path = [suffix] {
        const QString p = QDir::tempPath() + QStringLiteral("/costdash-fuzz-%1%2").arg(getpid()).arg(QLatin1String(suffix));
        static QByteArray local = p.toLocal8Bit();
        std::atexit([] { std::remove(local.constData()); });
        return p;
    }();
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
    if (!f || (size > 0 && std::fwrite(data, 1, size, f) != size))
        std::abort();
    std::fclose(f);
    return path;
}

inline QByteArrayView bytesOf(const std::uint8_t* data, std::size_t size)
{
    return QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size));
}

// A broken promise of the code under test: libFuzzer keeps the input that made it.
[[noreturn]] inline void broken(const char* what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

} // namespace costdash::fuzz
