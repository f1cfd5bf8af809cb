#include "store/RowTable.h"

#include <QByteArray>

namespace costdash::store::detail {
namespace {

struct Cursor {
    sqlite3_vtab_cursor base;
    std::size_t row;
};

// The vtab object SQLite keeps per connection; it points back at the RowTable.
struct Vtab {
    sqlite3_vtab base;
    const RowTable* table;
};

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**)
{
    const auto* table = static_cast<const RowTable*>(aux);
    QByteArray schema = "CREATE TABLE x(";
    for (int c = 0; c < table->columns(); ++c)
        schema.append(c ? ", c" : "c").append(QByteArray::number(c));
    schema += ')';
    if (const int rc = sqlite3_declare_vtab(db, schema.constData()); rc != SQLITE_OK)
        return rc;
    auto* vtab = new Vtab{};
    vtab->table = table;
    *out = &vtab->base;
    return SQLITE_OK;
}

int bestIndex(sqlite3_vtab*, sqlite3_index_info* info)
{
    info->estimatedCost = 1;
    return SQLITE_OK;
}

int disconnect(sqlite3_vtab* vtab)
{
    delete reinterpret_cast<Vtab*>(vtab);
    return SQLITE_OK;
}

int openCursor(sqlite3_vtab*, sqlite3_vtab_cursor** out)
{
    auto* cursor = new Cursor{};
    *out = &cursor->base;
    return SQLITE_OK;
}

int closeCursor(sqlite3_vtab_cursor* cursor)
{
    delete reinterpret_cast<Cursor*>(cursor);
    return SQLITE_OK;
}

const RowTable& rowsOf(sqlite3_vtab_cursor* cursor)
{
    return *reinterpret_cast<Vtab*>(cursor->pVtab)->table;
}

int filter(sqlite3_vtab_cursor* cursor, int, const char*, int, sqlite3_value**)
{
    reinterpret_cast<Cursor*>(cursor)->row = 0;
    return SQLITE_OK;
}

int next(sqlite3_vtab_cursor* cursor)
{
    ++reinterpret_cast<Cursor*>(cursor)->row;
    return SQLITE_OK;
}

int eof(sqlite3_vtab_cursor* cursor)
{
    return reinterpret_cast<Cursor*>(cursor)->row >= rowsOf(cursor).rows();
}

int column(sqlite3_vtab_cursor* cursor, sqlite3_context* ctx, int c)
{
    rowsOf(cursor).resultInto(ctx, reinterpret_cast<Cursor*>(cursor)->row, c);
    return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* out)
{
    *out = sqlite3_int64(reinterpret_cast<Cursor*>(cursor)->row);
    return SQLITE_OK;
}

// Eponymous-only (no xCreate): usable by name without CREATE VIRTUAL TABLE, read-only.
constexpr sqlite3_module kModule = {
    .iVersion = 0,
    .xCreate = nullptr,
    .xConnect = connect,
    .xBestIndex = bestIndex,
    .xDisconnect = disconnect,
    .xDestroy = nullptr,
    .xOpen = openCursor,
    .xClose = closeCursor,
    .xFilter = filter,
    .xNext = next,
    .xEof = eof,
    .xColumn = column,
    .xRowid = rowid,
    .xUpdate = nullptr,
    .xBegin = nullptr,
    .xSync = nullptr,
    .xCommit = nullptr,
    .xRollback = nullptr,
    .xFindFunction = nullptr,
    .xRename = nullptr,
    .xSavepoint = nullptr,
    .xRelease = nullptr,
    .xRollbackTo = nullptr,
    .xShadowName = nullptr,
};

} // namespace

RowTable::RowTable(sqlite3* db, const char* name, int columns)
    : m_db(db)
    , m_name(name)
    , m_columns(columns)
{
    m_ok = sqlite3_create_module(db, name, &kModule, this) == SQLITE_OK;
}

RowTable::~RowTable()
{
    if (m_ok)
        sqlite3_create_module(m_db, m_name.c_str(), nullptr, nullptr);
}

void RowBuffer::clear(int columns)
{
    m_columns = columns;
    m_kinds.clear();
    m_values.clear();
    m_texts.clear();
    m_text.clear();
}

void RowBuffer::addText(std::string_view utf8)
{
    push(Kind::Text, std::int64_t(m_texts.size()));
    m_texts.push_back(TextRef{m_text.size(), utf8.size()});
    m_text.append(utf8);
}

void RowBuffer::resultInto(sqlite3_context* ctx, std::size_t row, int column) const
{
    const std::size_t at = row * std::size_t(m_columns) + std::size_t(column);
    switch (m_kinds[at]) {
    case Kind::Null:
        sqlite3_result_null(ctx);
        return;
    case Kind::Integer:
        sqlite3_result_int64(ctx, m_values[at]);
        return;
    case Kind::Text: {
        const TextRef& t = m_texts[std::size_t(m_values[at])];
        sqlite3_result_text(ctx, m_text.data() + t.offset, int(t.size), SQLITE_STATIC);
        return;
    }
    }
}

} // namespace costdash::store::detail
