#pragma once
// Gets a file's writes to the disk while an import goes on, so that its final sync has little left to do. An
// import commits its batches with synchronous=OFF and syncs once at its end; that one sync found the whole
// import still to be written (120 MB for a million calls) and waited 0.3 s for the disk, and with the data
// written along the way (sync_file_range) it still waited 0.07-0.2 s, for the file system's journal to take the
// blocks of the whole import at once. So a thread of its own syncs the file after each batch (20-30 ms each, in
// the background): the disk work overlaps the import, whose threads never wait for it, and the final sync takes
// under 20 ms. Durability is unchanged: the final sync still happens.
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace costdash::store::detail {

class Writeback {
public:
    explicit Writeback(const QString& path); // where unsupported (not Linux) or unopenable, does nothing
    ~Writeback();
    Writeback(const Writeback&) = delete;
    Writeback& operator=(const Writeback&) = delete;

    // Asks for a sync of the file; returns at once. Requests that come while one runs make one more.
    void start();

private:
    void run();

    int m_fd = -1;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stop = false;
    std::thread m_thread; // last: it starts in the constructor and uses the members above
};

} // namespace costdash::store::detail
