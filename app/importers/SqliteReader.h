#pragma once
// The seed's own SQLite file as a source: table `ai_calls`, opened read-only with the sqlite3 C API.
// Values come back as SQLite's text form; the record "line" is the row's ordinal (1-based, rowid order).
#include "importers/RecordSource.h"

struct sqlite3;
struct sqlite3_stmt;

namespace costdash::importers {

inline constexpr const char* kSeedTable = "ai_calls";

class SqliteSource final : public RecordSource {
public:
    ~SqliteSource() override;
    bool open(const QString& path, QString* error);
    QList<QByteArray> columns() const override { return m_columns; }
    void bind(const QList<QByteArray>& fieldNames) override;
    ReadStatus next(SourceRow& row, RowError& info) override;
    QString error() const override { return m_error; }
    std::int64_t position() const override { return m_row; }
    std::int64_t total() const override { return m_rowCount; }

private:
    QString lastError() const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_select = nullptr;
    QList<QByteArray> m_columns;
    std::vector<int> m_statementColumnOfField; // -1: the table has no such column
    std::int64_t m_row = 0;
    std::int64_t m_rowCount = 0;
    QString m_error;
};

} // namespace costdash::importers
