#pragma once
// Writing the files tests read: one helper instead of a QFile block in every test.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace costdash::testing {

// Writes `bytes` to `path` (replacing the file) and returns the path; a test cannot go on without its file.
inline QString writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    return writeFile(dir.filePath(name), bytes);
}

} // namespace costdash::testing
