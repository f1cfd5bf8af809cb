#include "store/Sqlite.h"

namespace costdash::store::detail {

QString busyMessage()
{
    return QStringLiteral("the store is busy: another costdash is writing it (try again when it is done)");
}

QString lastError(sqlite3* db)
{
    if ((sqlite3_errcode(db) & 0xff) == SQLITE_BUSY)
        return busyMessage();
    return QString::fromUtf8(sqlite3_errmsg(db));
}

bool exec(sqlite3* db, const char* sql, QString* error)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return true;
    if (error)
        *error = (rc & 0xff) == SQLITE_BUSY ? busyMessage() : QString::fromUtf8(message ? message : "unknown SQLite error");
    sqlite3_free(message);
    return false;
}

std::optional<std::int64_t> queryInt(sqlite3* db, const char* sql)
{
    Statement s(db, sql);
    if (!s.ok() || !s.next() || s.isNull(0))
        return std::nullopt;
    return s.integer(0);
}

QByteArray queryText(sqlite3* db, const char* sql)
{
    Statement s(db, sql);
    if (!s.ok() || !s.next())
        return QByteArray();
    return QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
}

Statement::Statement(sqlite3* db, const char* sql)
    : m_db(db)
{
    m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
    if (m_rc != SQLITE_OK) {
        m_error = lastError(db);
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

bool Statement::next()
{
    m_rc = sqlite3_step(m_stmt);
    return m_rc == SQLITE_ROW;
}

bool Statement::run(QString* error)
{
    m_rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    if (m_rc == SQLITE_DONE || m_rc == SQLITE_ROW)
        return true;
    if (error)
        *error = lastError(m_db);
    return false;
}

QString Statement::text(int column) const
{
    // The file is UTF-8: Qt's converter is faster than asking SQLite for UTF-16.
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int bytes = sqlite3_column_bytes(m_stmt, column);
    return data ? QString::fromUtf8(data, bytes) : QString();
}

QStringList loadNames(sqlite3* db, const char* sql)
{
    QStringList names;
    Statement s(db, sql);
    while (s.next())
        names << s.text(0);
    return names;
}

} // namespace costdash::store::detail
