#pragma once
// Starts the kernel writing a file's dirty pages to disk, without waiting for it. An import commits its batches
// with synchronous=OFF and syncs once at its end; that one sync found the whole import still in memory (120 MB
// for a million calls) and waited 0.3 s for the disk. Started after every batch, the writing overlaps the import
// and the final sync has little left to do. Durability is unchanged: the final sync still happens.
#include <QString>

namespace costdash::store::detail {

class Writeback {
public:
    explicit Writeback(const QString& path); // where unsupported (not Linux) or unopenable, does nothing
    ~Writeback();
    Writeback(const Writeback&) = delete;
    Writeback& operator=(const Writeback&) = delete;

    void start();

private:
    int m_fd = -1;
};

} // namespace costdash::store::detail
