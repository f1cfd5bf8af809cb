#pragma once
// Rows in memory that one `INSERT ... SELECT ... FROM <name>` reads as a table (an eponymous virtual table on
// the connection). SQLite then takes each value straight from here into its record: no bind call, no
// parameter register copied per value (docs/PERFORMANCE.md has the figures against a multi-row INSERT).
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace costdash::store::detail {

// The values of a batch of rows, row-major; any thread may fill one.
class RowBuffer {
public:
    RowBuffer() = default;
    explicit RowBuffer(int columns)
        : m_columns(columns)
    {
    }

    int columns() const { return m_columns; }
    std::size_t rows() const { return m_kinds.size() / std::size_t(m_columns); }
    // Empties the buffer (keeping its memory) for rows of `columns` values.
    void clear(int columns);

    // Row building: values are appended column by column; a row must get exactly columns() values.
    void add(std::int64_t value) { push(Kind::Integer, value); }
    void addNull() { push(Kind::Null, 0); }
    void addText(std::string_view utf8); // copied

    void resultInto(sqlite3_context* ctx, std::size_t row, int column) const;

private:
    enum class Kind : std::uint8_t { Null, Integer, Text };
    struct TextRef {
        std::size_t offset; // in m_text
        std::size_t size;
    };
    void push(Kind kind, std::int64_t value)
    {
        m_kinds.push_back(kind);
        m_values.push_back(value);
    }

    int m_columns = 1;
    std::vector<Kind> m_kinds;          // row-major
    std::vector<std::int64_t> m_values; // the integer, or for text the index into m_texts
    std::vector<TextRef> m_texts;
    std::string m_text;
};

// The virtual table `name` on a connection, reading the RowBuffer set last (columns c0, c1, ...).
class RowTable {
public:
    // The object must outlive its use on `db`; it unregisters itself when destroyed.
    RowTable(sqlite3* db, const char* name, int columns);
    ~RowTable();
    RowTable(const RowTable&) = delete;
    RowTable& operator=(const RowTable&) = delete;

    bool ok() const { return m_ok; }
    int columns() const { return m_columns; }
    // The rows the next statement reads: they must have columns() columns and outlive the statement's run.
    void setRows(const RowBuffer* rows) { m_rows = rows; }
    std::size_t rows() const { return m_rows ? m_rows->rows() : 0; }
    void resultInto(sqlite3_context* ctx, std::size_t row, int column) const { m_rows->resultInto(ctx, row, column); }

private:
    sqlite3* m_db;
    std::string m_name;
    int m_columns;
    bool m_ok = false;
    const RowBuffer* m_rows = nullptr;
};

} // namespace costdash::store::detail
