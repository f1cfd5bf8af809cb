#pragma once
// Reading and changing a store's file the way another program would: through a connection of its own.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace costdash::testing {

// Runs `f` on a connection of its own to `path`, closed afterwards.
template <typename F>
void withConnection(const QString& path, F f)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("cannot open %s", qPrintable(path));
        f(db);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

// The first column of every row `sql` returns, as text.
inline QStringList column(const QString& path, const char* sql)
{
    QStringList out;
    withConnection(path, [&](QSqlDatabase& db) {
        QSqlQuery q(db);
        q.exec(QString::fromLatin1(sql));
        while (q.next())
            out << q.value(0).toString();
    });
    return out;
}

// Runs one statement; false when it failed.
inline bool execOn(const QString& path, const QString& sql)
{
    bool ok = false;
    withConnection(path, [&](QSqlDatabase& db) { ok = QSqlQuery(db).exec(sql); });
    return ok;
}

} // namespace costdash::testing
