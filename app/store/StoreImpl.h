#pragma once
// CallStore's private state, shared by the .cpp files that implement it.
#include "store/CallStore.h"
#include "store/Checkpointer.h"
#include "store/Writer.h"

#include <QSqlDatabase>

namespace costdash::store {

struct CallStore::Impl {
    QString connectionName;
    QString path;
    QString readerUri; // what a second, read-only connection opens (as immutable as this one when read-only)
    QSqlDatabase db;
    sqlite3* handle = nullptr;
    int schemaVersion = 0;
    bool readOnly = false; // an immutable read-only connection: the file or its folder is not ours to write
    std::unique_ptr<detail::Writer> writer; // created by the first batch
    std::unique_ptr<detail::Checkpointer> checkpointer; // while an import runs
    mutable std::optional<pricing::PriceCatalog> catalog; // bundled + overrides, until an override changes
    mutable std::optional<std::int64_t> catalogVersion;   // PRAGMA data_version when `catalog` was read

    ~Impl();
    detail::Writer& writerOrNew(const CallStore& store);
    bool connect(const QString& uri, bool readOnly, QString* error);
    bool repriceIfStale(const CallStore& store, bool mustSucceed, QString* error);
    void enterImport();
    void leaveImport();
};

namespace detail {
// The `imports` row of a new import (a file, or a test-prompt run): its id.
std::optional<std::int64_t> insertImport(sqlite3* db, const ImportSource& source, QString* error);
// Records the import `id` as finished with `counts`.
bool finishImport(sqlite3* db, std::int64_t id, const ImportCounts& counts, QString* error);
} // namespace detail

} // namespace costdash::store
