#pragma once
// CallStore's private state, shared by the .cpp files that implement it.
#include "store/CallStore.h"
#include "store/Writeback.h"
#include "store/Writer.h"

#include <QSqlDatabase>

namespace costdash::store {

struct CallStore::Impl {
    QString connectionName;
    QString path;
    QSqlDatabase db;
    sqlite3* handle = nullptr;
    int schemaVersion = 0;
    bool outOfWal = false; // rollback journal during an import (leaveWal)
    std::unique_ptr<detail::Writer> writer; // created by the first batch
    std::unique_ptr<detail::Writeback> writeback; // while outOfWal
    mutable std::optional<pricing::PriceCatalog> catalog; // bundled + overrides, until an override changes

    ~Impl();
    detail::Writer& writerOrNew(const CallStore& store);
    void leaveWal();
    void restoreWal();
};

} // namespace costdash::store
