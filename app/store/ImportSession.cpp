#include "store/ImportSession.h"

#include "store/StoreImpl.h"

#include <QDateTime>

namespace costdash::store {
namespace {

using detail::exec;

bool fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return false;
}

// A file with an import of its size in the store may be a re-import or a resume: it waits for its SHA-256.
bool hasImportOfSize(sqlite3* db, std::int64_t size)
{
    detail::Statement s(db, "SELECT 1 FROM imports WHERE size = ? LIMIT 1");
    s.bind(1, size);
    return s.next() || s.lastResult() != SQLITE_DONE; // when in doubt, yes
}

} // namespace

namespace detail {

std::optional<std::int64_t> insertImport(sqlite3* db, const ImportSource& source, QString* error)
{
    detail::Statement s(db, "INSERT INTO imports(file_name, size, sha256, format, started_ms) VALUES(?, ?, ?, ?, ?)");
    const auto textOrNull = [&s](int index, const QString& text) {
        text.isNull() ? s.bindNull(index) : s.bindText(index, text);
    };
    textOrNull(1, source.fileName);
    s.bind(2, source.size);
    // '' (not NULL) while a provisional import waits for its hash
    s.bindText(3, source.sha256.isEmpty() ? QStringLiteral("") : QString::fromLatin1(source.sha256.toLower()));
    textOrNull(4, source.format);
    s.bind(5, std::int64_t(QDateTime::currentMSecsSinceEpoch()));
    if (!s.run(error))
        return std::nullopt;
    return sqlite3_last_insert_rowid(db);
}

bool finishImport(sqlite3* db, std::int64_t id, const ImportCounts& counts, QString* error)
{
    Statement s(db, "UPDATE imports SET rows_read = ?, rows_imported = ?, rows_skipped = ?, duplicates = ?, "
                    "overlaps = ?, rows_idle = ?, finished = 1, finished_ms = ? WHERE id = ?");
    int index = 0;
    for (const std::int64_t v : {counts.read, counts.imported, counts.skipped, counts.duplicates, counts.overlaps,
                                 counts.idle, std::int64_t(QDateTime::currentMSecsSinceEpoch()), id})
        s.bind(++index, v);
    QString why;
    if (!s.run(&why))
        return fail(error, QStringLiteral("cannot finish the import: ") + why);
    if (sqlite3_changes(db) != 1)
        return fail(error, QStringLiteral("cannot finish the import: no import with id %1").arg(id));
    return true;
}

} // namespace detail

ImportSession::ImportSession(CallStore& store)
    : m_store(store)
{
    m_preparing = m_store.d->writerOrNew(m_store).startPreparing(nullptr);
}

ImportSession::~ImportSession()
{
    rollBack();
}

ImportSession::Start ImportSession::begin(const ImportSource& file, FileDigest& digest, QString* error)
{
    m_digest = &digest;
    if (!hasImportOfSize(m_store.d->handle, file.size))
        return beginProvisional(file, error) ? Start::New : Start::Failed;
    QString refusal;
    ImportSource known = file;
    known.sha256 = digest.wait(&refusal);
    if (known.sha256.isEmpty()) {
        m_refused = true;
        fail(error, refusal);
        return Start::Refused;
    }
    return beginKnown(known, error);
}

ImportSession::Start ImportSession::begin(const ImportSource& file, QString* error)
{
    return beginKnown(file, error);
}

ImportSession::Start ImportSession::beginKnown(const ImportSource& file, QString* error)
{
    if (const std::optional<ImportRecord> existing = m_store.findImport(file.sha256)) {
        m_earlier = *existing;
        m_id = existing->id;
        if (existing->finished)
            return Start::AlreadyImported;
        m_store.d->enterImport();
        return Start::Resumed;
    }
    const std::optional<std::int64_t> id = detail::insertImport(m_store.d->handle, file, error);
    if (!id)
        return Start::Failed;
    m_id = *id;
    m_store.d->enterImport();
    return Start::New;
}

bool ImportSession::beginProvisional(const ImportSource& file, QString* error)
{
    sqlite3* db = m_store.d->handle;
    m_store.d->enterImport();
    if (!exec(db, "BEGIN IMMEDIATE", error))
        return false;
    ImportSource unknown = file;
    unknown.sha256.clear();
    const std::optional<std::int64_t> id = detail::insertImport(db, unknown, error);
    if (!id) {
        exec(db, "ROLLBACK", nullptr);
        return false;
    }
    m_id = *id;
    m_provisional = true;
    m_store.d->writerOrNew(m_store).holdTransaction(true);
    return true;
}

std::optional<std::vector<std::uint64_t>> ImportSession::rowKeysOfOtherImports(QString* error) const
{
    sqlite3* db = m_store.d->handle;
    std::vector<std::uint64_t> keys;
    detail::Statement s(db, "SELECT row_key FROM calls WHERE row_key IS NOT NULL AND import_id IS NOT ?");
    s.bind(1, m_id);
    while (s.next())
        keys.push_back(std::uint64_t(s.integer(0)));
    if (s.lastResult() != SQLITE_DONE) {
        fail(error, detail::lastError(db));
        return std::nullopt;
    }
    return keys;
}

bool ImportSession::prepare(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
{
    return m_preparing && m_store.d->writer->prepare(rows, prompts, out);
}

bool ImportSession::restartPreparing(QString* error)
{
    m_preparing = m_store.d->writerOrNew(m_store).startPreparing(error);
    return m_preparing;
}

void ImportSession::expectPrompts(std::size_t count, std::size_t bytes)
{
    if (m_preparing)
        m_store.d->writer->expectPrompts(count, bytes);
}

// Records the file's SHA-256 and commits the provisional import's transaction; rolls it back when the file is
// refused or the transaction went with a failed batch.
bool ImportSession::settle(QString* error)
{
    m_provisional = false;
    QString refusal;
    const QByteArray sha256 = m_digest->wait(&refusal);
    detail::Writer* writer = m_store.d->writer.get();
    sqlite3* db = m_store.d->handle;
    QString why;
    if (sha256.isEmpty()) {
        m_refused = true;
        why = refusal;
    } else if (!writer || !writer->holdsTransaction()) { // a failed batch has rolled it back already
        why = QStringLiteral("cannot finish the import: the import's transaction is gone");
    } else {
        detail::Statement s(db, "UPDATE imports SET sha256 = ? WHERE id = ?");
        s.bindText(1, QString::fromLatin1(sha256.toLower()));
        s.bind(2, m_id);
        if (s.run(&why) && exec(db, "COMMIT", &why)) {
            writer->holdTransaction(false);
            return true;
        }
        why = QStringLiteral("cannot finish the import: ") + why;
    }
    m_provisional = true;
    rollBack();
    m_failure = why;
    return fail(error, why);
}

bool ImportSession::append(std::span<const CallRecord> rows, const ImportCounts& countsSoFar,
                           std::int64_t recordsDone, QString* error, PromptsOfRows prompts,
                           const PreparedBatch* prepared)
{
    if (m_rolledBack)
        return fail(error, m_failure);
    detail::Writer& writer = m_store.d->writerOrNew(m_store);
    if (m_provisional && !writer.holdsTransaction()) // a failed batch rolled it back: keep() tells why
        return fail(error, QStringLiteral("cannot write to the store: the import's transaction is gone"));
    if (m_provisional && m_digest && m_digest->ready() && !settle(error))
        return false;
    QString why;
    // A failed batch in the held transaction rolls the whole provisional import back (settle() finds out).
    return writer.appendBatch(m_id, rows, prompts, prepared, countsSoFar, recordsDone, &why)
        || fail(error, QStringLiteral("cannot write to the store: ") + why);
}

bool ImportSession::keep(QString* error)
{
    if (m_rolledBack)
        return fail(error, m_failure);
    return !m_provisional || settle(error);
}

bool ImportSession::commit(const ImportCounts& counts, QString* error)
{
    if (!keep(error))
        return false;
    if (!detail::finishImport(m_store.d->handle, m_id, counts, error))
        return false;
    m_store.d->leaveImport();
    return true;
}

void ImportSession::rollBack()
{
    if (!m_provisional)
        return;
    m_provisional = false;
    m_rolledBack = true;
    m_failure = QStringLiteral("the import was rolled back");
    detail::Writer* writer = m_store.d->writer.get();
    if (!writer || !writer->holdsTransaction())
        return;
    exec(m_store.d->handle, "ROLLBACK", nullptr);
    writer->holdTransaction(false);
    writer->forgetCache();
}

} // namespace costdash::store
