#pragma once
// The store's schema as numbered migrations; PRAGMA user_version holds the version a file is at.
#include <QString>
#include <sqlite3.h>

namespace costdash::store::detail {

int latestSchemaVersion();

// Brings the file to latestSchemaVersion() in one transaction. A file from a newer costdash is an error.
// *version receives the version the file is at afterwards.
bool migrate(sqlite3* db, int* version, QString* error);

} // namespace costdash::store::detail
