#pragma once
// The store's schema as numbered migrations; PRAGMA user_version holds the version a file is at and PRAGMA
// application_id marks the file as a costdash store.
#include <QString>
#include <sqlite3.h>

#include <cstdint>

namespace costdash::store::detail {

// "CDSH": the application id of every store this costdash creates (SQLite file header, offset 68).
constexpr std::uint32_t kApplicationId = 0x43445348;

int latestSchemaVersion();

struct SchemaAccess {
    bool mayCreate = false; // an empty file may become a store (a read-only command never creates one)
    bool mayWrite = false;  // the connection can write: a store of an older schema is migrated
};

// Checks that the file is a costdash store and brings it to latestSchemaVersion(). Creating and migrating is one
// exclusive transaction that checks again inside, so two processes racing to create a store both succeed. A file
// that is not ours (another application's tables or id) is refused untouched; so is one from a newer costdash.
// *version receives the version the file is at afterwards.
bool openSchema(sqlite3* db, SchemaAccess access, int* version, QString* error);

} // namespace costdash::store::detail
