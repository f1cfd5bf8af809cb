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
#else
    Q_UNUSED(path);
#endif
}

Writeback::~Writeback()
{
#if defined(__linux__)
    if (m_fd >= 0)
        ::close(m_fd);
#endif
}

void Writeback::start()
{
#if defined(__linux__)
    if (m_fd >= 0)
        ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE); // a hint: a failure only loses the overlap
#endif
}

} // namespace costdash::store::detail
