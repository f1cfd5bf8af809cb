#include "store/Writeback.h"

#include <QFile>

#if defined(__linux__)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace costdash::store::detail {

Writeback::Writeback(const QString& path)
{
#if defined(__linux__)
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd >= 0)
        m_thread = std::thread([this] { run(); });
#else
    Q_UNUSED(path);
#endif
}

Writeback::~Writeback()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
#if defined(__linux__)
    if (m_fd >= 0)
        ::close(m_fd);
#endif
}

void Writeback::start()
{
    if (!m_thread.joinable())
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void Writeback::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_requested || m_stop; });
        if (m_stop)
            return;
        m_requested = false;
        lock.unlock();
#if defined(__linux__)
        ::fdatasync(m_fd); // a head start only: a failure is found by the import's own final sync
#endif
        lock.lock();
    }
}

} // namespace costdash::store::detail
