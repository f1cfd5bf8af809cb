#pragma once
// Importing a log into a real store file and reading every stored call back, field by field, through a
// connection of the test's own (what another program would see).
#include "importers/ImportService.h"
#include "store/CallStore.h"
#include "StoreFiles.h"
#include "TestFiles.h"

#include <QSqlRecord>
#include <QTemporaryDir>

namespace costdash::testing {

struct ImportedCalls {
    importers::FileImportResult result;
    QStringList calls;  // one line per stored call, in file order: "field=value ..." ("-" for NULL)
    QStringList errors; // "line N: reason" per bad row
};

// Every stored call of the store at `storePath`, in insertion order: "field=value ..." ("-" for NULL).
inline QStringList storedCalls(const QString& storePath)
{
    QStringList calls;
    withConnection(storePath, [&](QSqlDatabase& db) {
        QSqlQuery q(db);
        q.exec(QStringLiteral(
            "SELECT c.timestamp_ms AS ts, m.name AS model, p.name AS provider, c.input_tokens AS input, "
            "c.cached_tokens AS cached, c.cache_write_tokens AS cache_write, c.output_tokens AS output, "
            "c.reasoning_tokens AS reasoning, c.latency_ms AS latency, c.cost_nusd AS cost, t.name AS task, "
            "u.name AS user, c.success AS ok, c.http_status AS http, c.error AS error, c.request_id AS id "
            "FROM calls c LEFT JOIN models m ON m.id = c.model_id LEFT JOIN providers p ON p.id = c.provider_id "
            "LEFT JOIN tasks t ON t.id = c.task_id LEFT JOIN users u ON u.id = c.user_id ORDER BY c.id"));
        while (q.next()) {
            QStringList fields;
            const QSqlRecord r = q.record();
            for (int i = 0; i < r.count(); ++i)
                fields << r.fieldName(i) + u'=' + (q.isNull(i) ? QStringLiteral("-") : q.value(i).toString());
            calls << fields.join(u' ');
        }
    });
    return calls;
}

// Imports `bytes` (written to `name` in `dir`) into `dir`/store.db with `options`.
inline ImportedCalls importInto(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes,
                                const importers::ImportOptions& options = {})
{
    ImportedCalls out;
    const QString storePath = dir.filePath(QStringLiteral("store.db"));
    {
        QString error;
        auto store = store::CallStore::open(storePath, &error);
        if (!store)
            qFatal("store: %s", qPrintable(error));
        out.result = importers::importFile(*store, writeFile(dir, name, bytes), options);
    }
    for (const importers::RowError& e : out.result.errors)
        out.errors << QStringLiteral("line %1: %2").arg(e.line).arg(e.reason);
    out.calls = storedCalls(storePath);
    return out;
}

} // namespace costdash::testing
