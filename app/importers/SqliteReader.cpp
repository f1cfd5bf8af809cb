#include "importers/SqliteReader.h"

#include <sqlite3.h>

namespace costdash::importers {

SqliteSource::~SqliteSource()
{
    sqlite3_finalize(m_select);
    sqlite3_close(m_db);
}

QString SqliteSource::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool SqliteSource::open(const QString& path, QString* error)
{
    auto failWith = [&](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return failWith(QStringLiteral("cannot open SQLite file: %1").arg(lastError()));
    sqlite3_stmt* info = nullptr;
    const QByteArray pragma = QByteArray("PRAGMA table_info(") + kSeedTable + ')';
    if (sqlite3_prepare_v2(m_db, pragma.constData(), -1, &info, nullptr) != SQLITE_OK)
        return failWith(QStringLiteral("not a readable SQLite file: %1").arg(lastError()));
    while (sqlite3_step(info) == SQLITE_ROW)
        m_columns.append(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(info, 1))).toLower());
    sqlite3_finalize(info);
    if (m_columns.isEmpty())
        return failWith(QStringLiteral("unknown format: the SQLite file has no table `%1`")
                            .arg(QLatin1String(kSeedTable)));
    sqlite3_stmt* count = nullptr;
    const QByteArray countSql = QByteArray("SELECT count(*) FROM ") + kSeedTable;
    if (sqlite3_prepare_v2(m_db, countSql.constData(), -1, &count, nullptr) == SQLITE_OK
        && sqlite3_step(count) == SQLITE_ROW)
        m_rowCount = sqlite3_column_int64(count, 0);
    sqlite3_finalize(count);
    return true;
}

void SqliteSource::bind(const QList<QByteArray>& fieldNames)
{
    sqlite3_finalize(m_select);
    m_select = nullptr;
    m_statementColumnOfField.clear();
    QByteArray sql = "SELECT ";
    int selected = 0;
    for (const QByteArray& name : fieldNames) {
        if (!m_columns.contains(name)) {
            m_statementColumnOfField.push_back(-1);
            continue;
        }
        sql += (selected ? ", \"" : "\"") + name + '"';
        m_statementColumnOfField.push_back(selected++);
    }
    if (selected == 0)
        sql += "NULL";
    sql += QByteArray(" FROM ") + kSeedTable + " ORDER BY rowid";
    if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &m_select, nullptr) != SQLITE_OK)
        m_error = QStringLiteral("cannot read table `%1`: %2").arg(QLatin1String(kSeedTable), lastError());
}

ReadStatus SqliteSource::next(SourceRow& row, RowError& info)
{
    if (!m_select)
        return ReadStatus::Fatal;
    const int rc = sqlite3_step(m_select);
    if (rc == SQLITE_DONE)
        return ReadStatus::End;
    if (rc != SQLITE_ROW) {
        m_error = QStringLiteral("cannot read table `%1`: %2").arg(QLatin1String(kSeedTable), lastError());
        return ReadStatus::Fatal;
    }
    info.line = ++m_row;
    row.resize(m_statementColumnOfField.size());
    for (size_t i = 0; i < m_statementColumnOfField.size(); ++i) {
        const int column = m_statementColumnOfField[i];
        if (column < 0 || sqlite3_column_type(m_select, column) == SQLITE_NULL) {
            row[i] = {};
            continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_select, column));
        row[i] = {QByteArrayView(text, sqlite3_column_bytes(m_select, column)), true};
    }
    return ReadStatus::Row;
}

} // namespace costdash::importers
