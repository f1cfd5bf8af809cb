#pragma once
// What a store's path holds before SQLite touches it, and how to open it: a file that is not ours is never
// opened for writing, a missing file is created only when asked, and a file we may not write is read through an
// immutable connection (no locks, no -wal/-shm left behind).
#include <QString>

namespace costdash::store::detail {

enum class FileState {
    Missing,  // nothing at the path
    Empty,     // a file of 0 bytes
    Unclaimed, // an SQLite file without an application id: new, an older costdash's store, or foreign (the
               // schema tells, read inside a transaction)
    Ours,      // an SQLite file whose header carries our application id
    Foreign,   // refused: not SQLite, or another application's id
};

struct FileCheck {
    FileState state = FileState::Missing;
    bool writable = false; // we may write the file (or create it) and its -wal/-shm beside it
    QString refusal;       // for Foreign: why, in a few words
};

// Reads the 100-byte header only (never through SQLite, which would treat a short text file as empty).
FileCheck inspectStoreFile(const QString& path);

// The URI the connection opens: read-write creating, read-write existing, or read-only (immutable unless a
// -wal holds commits the file has not taken yet).
// ReadOnlyShared: a second connection that only reads a store others may write.
enum class OpenAs { Create, ReadWrite, ReadOnly, ReadOnlyShared };
QString storeUri(const QString& path, OpenAs as);

} // namespace costdash::store::detail
