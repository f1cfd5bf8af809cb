#pragma once
// A thin RAII layer over the sqlite3 C API, used on the store's hot paths (bulk insert, column load, rollup)
// through the handle of the Qt connection: Qt Sql's per-row QVariant traffic costs more than the insert itself.
#include <QString>
#include <QStringList>
#include <sqlite3.h>

#include <cstdint>
#include <optional>

namespace costdash::store::detail {

// How long a connection waits for another's write transaction (PRAGMA busy_timeout) before giving up.
constexpr int kBusyTimeoutMs = 10000;
// The one sentence for a store another process keeps locked past kBusyTimeoutMs.
QString busyMessage();

// The connection's last error; busyMessage() for SQLITE_BUSY.
QString lastError(sqlite3* db);

// Runs one or more statements without results; false and *error on failure.
bool exec(sqlite3* db, const char* sql, QString* error);

// The first column of the first row of `sql` as an integer; nullopt when there is no row or on error.
std::optional<std::int64_t> queryInt(sqlite3* db, const char* sql);
// The first column of the first row as UTF-8 (empty when none).
QByteArray queryText(sqlite3* db, const char* sql);

// Names of a dense id table (`SELECT name FROM t ORDER BY id`), id 1 at index 0.
QStringList loadNames(sqlite3* db, const char* sql);

class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return m_stmt != nullptr; }
    QString error() const { return m_error; }

    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bindNull(int index) { sqlite3_bind_null(m_stmt, index); }
    void bind(int index, std::optional<std::int64_t> value)
    {
        value ? bind(index, *value) : bindNull(index);
    }
    // Binds UTF-16 text directly: SQLite converts once, with no QByteArray in between.
    void bindText(int index, const QString& text)
    {
        sqlite3_bind_text16(m_stmt, index, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
    }

    void bindBlob(int index, const QByteArray& bytes)
    {
        sqlite3_bind_blob(m_stmt, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    }

    // One step; true for SQLITE_ROW. done() tells whether the statement finished without error.
    bool next();
    // Steps a statement without results and resets it; false and *error on failure.
    bool run(QString* error);
    void reset() { sqlite3_reset(m_stmt); }

    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    QString text(int column) const;
    sqlite3_stmt* get() const { return m_stmt; }
    int lastResult() const { return m_rc; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_OK;
    QString m_error;
};

} // namespace costdash::store::detail
