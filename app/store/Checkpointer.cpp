#include "store/Checkpointer.h"

#include <sqlite3.h>

namespace costdash::store::detail {

Checkpointer::Checkpointer(sqlite3* writer, const QString& uri, CheckpointFrames frames)
    : m_writer(writer)
    , m_frames(frames)
    , m_thread([this, uri] { run(uri); })
{
    sqlite3_wal_hook(m_writer, &Checkpointer::onCommit, this);
}

Checkpointer::~Checkpointer()
{
    sqlite3_wal_hook(m_writer, nullptr, nullptr);
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

int Checkpointer::onCommit(void* self, sqlite3*, const char*, int walFrames)
{
    auto* me = static_cast<Checkpointer*>(self);
    if (walFrames < me->m_frames.perCheckpoint)
        return SQLITE_OK;
    std::unique_lock lock(me->m_mutex);
    const std::int64_t commit = ++me->m_requested;
    me->m_wake.notify_one();
    if (walFrames >= me->m_frames.beforeRestart)
        me->m_caughtUp.wait(lock, [me, commit] { return me->m_copied >= commit || me->m_stop; });
    return SQLITE_OK;
}

// PASSIVE: copies what is committed without waiting for, or blocking, the writer. A failed checkpoint is left to
// the next one, and to the one the import makes when it finishes.
void Checkpointer::run(const QString& uri)
{
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    // A connection finds the WAL when it first reads: until then a checkpoint has nothing to copy.
    const bool open = sqlite3_open_v2(uri.toUtf8().constData(), &db, flags, nullptr) == SQLITE_OK
        && sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) == SQLITE_OK;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_requested > m_copied || m_stop; });
        if (m_stop)
            break;
        const std::int64_t upTo = m_requested;
        lock.unlock();
        if (open)
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        m_copied = upTo;
        m_caughtUp.notify_one();
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace costdash::store::detail
