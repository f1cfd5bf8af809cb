#include "store/CallStore.h"

#include <QStandardPaths>

namespace costdash::store {

// Placeholder until the store lands.
struct CallStore::Impl {};

std::unique_ptr<CallStore> CallStore::open(const QString&, QString* error)
{
    if (error)
        *error = QStringLiteral("the store is not built yet");
    return nullptr;
}

QString CallStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/costdash.db");
}

CallStore::~CallStore() = default;

} // namespace costdash::store
