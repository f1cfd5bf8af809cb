#include "store/StoreFile.h"

#include "store/Schema.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>
#include <QtEndian>

#include <unistd.h>

namespace costdash::store::detail {
namespace {

constexpr char kSqliteMagic[] = "SQLite format 3";
constexpr qsizetype kHeaderBytes = 100;
constexpr qsizetype kApplicationIdOffset = 68;

bool mayWrite(const QString& path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

// The -wal and -shm files sit beside the store: SQLite needs the folder to create them.
bool mayWriteBeside(const QString& path)
{
    return mayWrite(QFileInfo(path).absolutePath());
}

} // namespace

FileCheck inspectStoreFile(const QString& path)
{
    FileCheck check;
    const QFileInfo info(path);
    if (!info.exists()) {
        check.writable = mayWriteBeside(path);
        return check;
    }
    check.writable = mayWrite(path) && mayWriteBeside(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        check.state = FileState::Foreign;
        check.refusal = QStringLiteral("it cannot be read (%1)").arg(file.errorString());
        return check;
    }
    const QByteArray header = file.read(kHeaderBytes);
    if (header.isEmpty()) {
        check.state = FileState::Empty;
        return check;
    }
    if (header.size() < kHeaderBytes || !header.startsWith(QByteArray(kSqliteMagic, sizeof kSqliteMagic))) {
        check.state = FileState::Foreign;
        check.refusal = QStringLiteral("it is not an SQLite database");
        return check;
    }
    const auto id = qFromBigEndian<std::uint32_t>(header.constData() + kApplicationIdOffset);
    if (id == kApplicationId) {
        check.state = FileState::Ours;
    } else if (id != 0) {
        check.state = FileState::Foreign;
        check.refusal = QStringLiteral("it is another application's SQLite database (application_id 0x%1)")
                            .arg(id, 8, 16, QLatin1Char('0'));
    } else {
        check.state = FileState::Unclaimed;
    }
    return check;
}

QString storeUri(const QString& path, OpenAs as)
{
    QUrl url = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
    QUrlQuery query;
    switch (as) {
    case OpenAs::Create:
        query.addQueryItem(QStringLiteral("mode"), QStringLiteral("rwc"));
        break;
    case OpenAs::ReadWrite:
        query.addQueryItem(QStringLiteral("mode"), QStringLiteral("rw"));
        break;
    case OpenAs::ReadOnlyShared:
        query.addQueryItem(QStringLiteral("mode"), QStringLiteral("ro"));
        break;
    case OpenAs::ReadOnly:
        query.addQueryItem(QStringLiteral("mode"), QStringLiteral("ro"));
        if (QFileInfo(path + QStringLiteral("-wal")).size() == 0)
            query.addQueryItem(QStringLiteral("immutable"), QStringLiteral("1"));
        break;
    }
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace costdash::store::detail
