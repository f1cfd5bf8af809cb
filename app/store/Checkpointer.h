#pragma once
// Copies an import's committed WAL frames into the store file on a thread of its own, while the import goes on:
// the writer thread is the import's bottleneck, and a checkpoint at the end would copy the whole month there.
#include "platform/HelperThread.h"

#include <QString>

#include <condition_variable>
#include <cstdint>
#include <mutex>

struct sqlite3;

namespace costdash::store::detail {

struct CheckpointFrames {
    int perCheckpoint = 1000; // as SQLite's own auto-checkpoint: once the WAL holds this many pages
    // Past this many pages (64 MB of the store's 16 KB pages, its journal_size_limit) the writer waits for the
    // checkpoint of its last commit, so that its next transaction starts the WAL over: its pages are then
    // rewritten in place rather than appended to a file that grows by the whole month.
    int beforeRestart = 4096;
};

class Checkpointer {
public:
    // Watches `writer`'s commits (its WAL hook) and checkpoints through a connection of its own to `uri`.
    Checkpointer(sqlite3* writer, const QString& uri, CheckpointFrames frames = {});
    ~Checkpointer(); // removes the hook, finishes a checkpoint under way, closes its connection

    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    static int onCommit(void* self, sqlite3* db, const char* schema, int walFrames);
    void run(const QString& uri);

    sqlite3* m_writer;
    CheckpointFrames m_frames;
    std::mutex m_mutex;
    std::condition_variable m_wake;     // the checkpointer's: a commit to copy, or stop
    std::condition_variable m_caughtUp; // the writer's: the checkpoint it waits for is done
    std::int64_t m_requested = 0;       // commits asked to be copied
    std::int64_t m_copied = 0;          // of them, those a finished checkpoint covered
    bool m_stop = false;
    platform::HelperThread<> m_thread; // last: it starts in the constructor and uses the members above
};

} // namespace costdash::store::detail
