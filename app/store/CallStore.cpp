#include "store/CallStore.h"

#include "store/Schema.h"
#include "store/StoreFile.h"
#include "store/StoreImpl.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <atomic>

namespace costdash::store {
namespace {

using detail::exec;

// Connection-wide settings, none of which changes the file. The page cache keeps a batch's pages in memory until
// commit (32 MB: a batch fits, and the import stays within its memory budget); synchronous=NORMAL is durable at
// checkpoints and consistent at every commit in WAL mode.
constexpr const char* kPragmas = "PRAGMA synchronous = NORMAL;"
                                 "PRAGMA journal_size_limit = 67108864;"
                                 "PRAGMA cache_size = -32768;"
                                 "PRAGMA temp_store = MEMORY;"
                                 "PRAGMA mmap_size = 268435456;";

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("costdash-store-%1").arg(counter.fetch_add(1));
}

sqlite3* sqliteHandle(const QSqlDatabase& db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.constData());
}

bool fail(QString* error, const QString& reason)
{
    if (error)
        *error = reason;
    return false;
}

// A Qt Sql error in one sentence: the busy sentence for a store another process keeps locked.
QString describe(const QSqlError& error)
{
    const int code = error.nativeErrorCode().toInt();
    return (code & 0xff) == SQLITE_BUSY ? detail::busyMessage() : error.text();
}

ImportRecord importFrom(const QSqlQuery& q)
{
    ImportRecord r;
    r.id = q.value(0).toLongLong();
    r.source = {q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString().toLatin1(), q.value(4).toString()};
    r.counts = {q.value(5).toLongLong(), q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toLongLong(),
                q.value(13).toLongLong(), q.value(14).toLongLong()};
    r.recordsDone = q.value(9).toLongLong();
    r.finished = q.value(10).toBool();
    r.startedMs = q.value(11).toLongLong();
    r.finishedMs = q.value(12).toLongLong();
    return r;
}

const QString kImportColumns = QStringLiteral(
    "SELECT id, file_name, size, sha256, format, rows_read, rows_imported, rows_skipped, duplicates, records_done, "
    "finished, started_ms, finished_ms, overlaps, rows_idle FROM imports ");

// The overrides the store holds; one sentence in `problems` for each it cannot read (a file edited by hand, or
// prices beyond today's bounds), which the catalog then leaves out.
QList<pricing::PriceEntry> readOverrides(const QSqlDatabase& db, QStringList* problems = nullptr)
{
    QList<pricing::PriceEntry> out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT model, entry_json FROM price_overrides ORDER BY model, effective_from"));
    while (q.next()) {
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toString().toUtf8(), &parse);
        QString why = parse.error == QJsonParseError::NoError ? QString() : parse.errorString();
        if (why.isEmpty() && !doc.isObject())
            why = QStringLiteral("not a JSON object");
        if (why.isEmpty()) {
            if (const auto e = pricing::PriceCatalog::entryFromJson(doc.object(), &why)) {
                out << *e;
                continue;
            }
        }
        const QString model = q.value(0).toString();
        if (why.startsWith(model + QStringLiteral(": ")))
            why.remove(0, model.size() + 2);
        if (problems)
            *problems << QStringLiteral("the store's price for %1 cannot be read (%2): the bundled catalog's price "
                                        "is used; set it again with `costdash prices set`")
                             .arg(model, why);
    }
    return out;
}

pricing::PriceCatalog catalogWith(const QList<pricing::PriceEntry>& overrides)
{
    pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    for (const pricing::PriceEntry& e : overrides)
        catalog.add(e);
    return catalog;
}

} // namespace

CallStore::Impl::~Impl()
{
    checkpointer.reset(); // it hooks this connection
    writer.reset(); // its prepared statements must be finalized before the connection closes
    if (db.isValid())
        db.close();
    db = QSqlDatabase();
    if (!connectionName.isEmpty())
        QSqlDatabase::removeDatabase(connectionName);
}

CallStore::CallStore(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

CallStore::~CallStore() = default;

// Every connection here is used by one thread at a time (one CallStore per thread, as Qt Sql requires), so
// SQLite's per-call connection mutex is pure overhead (docs/PERFORMANCE.md).
// Must run before SQLite initialises; if something opened a database earlier, SQLite refuses and stays serialised.
void preferMultiThreadMode()
{
    static const bool once = [] {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        return true;
    }();
    Q_UNUSED(once);
}

namespace {

// One sentence when the file at `path` must not be opened as asked; empty when it may.
QString refusalOf(const detail::FileCheck& file, const QString& path, CallStore::Access access)
{
    const bool write = access == CallStore::Access::ReadWrite;
    switch (file.state) {
    case detail::FileState::Foreign:
        return QStringLiteral("not a costdash store: %1 (left unchanged)").arg(file.refusal);
    case detail::FileState::Missing:
        if (!write)
            return QStringLiteral("it does not exist");
        if (!file.writable)
            return QStringLiteral("the folder %1 is read-only").arg(QFileInfo(path).absolutePath());
        return {};
    case detail::FileState::Empty:
        if (!write)
            return QStringLiteral("the file is empty, not a costdash store yet (import into it to create one)");
        break;
    case detail::FileState::Unclaimed:
    case detail::FileState::Ours:
        break;
    }
    if (write && !file.writable)
        return QStringLiteral("the store is read-only: costdash can show it but not write to it");
    return {};
}

bool setBusyTimeout(sqlite3* handle, int ms, QString* error = nullptr)
{
    const QByteArray sql = "PRAGMA busy_timeout = " + QByteArray::number(ms);
    return exec(handle, sql.constData(), error);
}

bool walMode(sqlite3* handle, QString* error)
{
    if (detail::queryText(handle, "PRAGMA journal_mode") == "wal"
        || detail::queryText(handle, "PRAGMA journal_mode = WAL") == "wal")
        return true;
    return fail(error, QStringLiteral("cannot switch the store to WAL mode: ") + detail::lastError(handle));
}

// A new file takes WAL from its first page. Two processes creating the store at once both switch it, and SQLite
// refuses one of them at once rather than wait (it holds a read lock): that one waits for the other here, as the
// busy timeout would, and finds the file in WAL already.
bool startInWal(sqlite3* handle, QString* error)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const bool done = exec(handle, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL", error)
            && detail::queryText(handle, "PRAGMA journal_mode") == "wal";
        if (done)
            return true;
        if ((sqlite3_errcode(handle) & 0xff) != SQLITE_BUSY || waited.elapsed() > detail::kBusyTimeoutMs)
            return fail(error, QStringLiteral("cannot start the store in WAL mode: ") + detail::lastError(handle));
        QThread::msleep(5);
    }
}

detail::OpenAs openAs(const detail::FileCheck& file)
{
    if (!file.writable)
        return detail::OpenAs::ReadOnly;
    const bool fresh = file.state == detail::FileState::Missing || file.state == detail::FileState::Empty;
    return fresh ? detail::OpenAs::Create : detail::OpenAs::ReadWrite;
}

} // namespace

bool CallStore::Impl::connect(const QString& uri, bool readOnly, QString* error)
{
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY")
                                  : QStringLiteral("QSQLITE_OPEN_URI"));
    db.setDatabaseName(uri);
    if (!db.open())
        return fail(error, db.lastError().text());
    handle = sqliteHandle(db);
    if (!handle)
        return fail(error, QStringLiteral("the Qt SQLite driver gave no sqlite3 handle"));
    return setBusyTimeout(handle, detail::kBusyTimeoutMs, error);
}

// Catalog-priced rollup columns follow the catalog: a new bundled snapshot means repricing once. A reader that
// cannot write (read-only file, or an import holds the store) skips it: summaries then price from the rows.
bool CallStore::Impl::repriceIfStale(const CallStore& store, bool mustSucceed, QString* error)
{
    const pricing::PriceCatalog current = store.catalog();
    if (readOnly || detail::rollupFingerprint(handle) == current.fingerprint())
        return true;
    QString why;
    if (!mustSucceed) // a reader does not wait for an import to end
        setBusyTimeout(handle, 0);
    const bool ok = exec(handle, "BEGIN IMMEDIATE", &why) && detail::repriceRollup(handle, current, &why)
        && exec(handle, "COMMIT", &why);
    if (!ok)
        exec(handle, "ROLLBACK", nullptr);
    setBusyTimeout(handle, detail::kBusyTimeoutMs);
    return ok || !mustSucceed || fail(error, QStringLiteral("cannot update the summary tables: ") + why);
}

std::unique_ptr<CallStore> CallStore::open(const QString& path, QString* error, Access access)
{
    preferMultiThreadMode();
    if (QFileInfo(path).isDir()) {
        fail(error, QStringLiteral("%1 is a directory").arg(path));
        return nullptr;
    }
    if (!QFileInfo(path).absoluteDir().exists()) {
        fail(error, QStringLiteral("the folder %1 does not exist").arg(QFileInfo(path).absolutePath()));
        return nullptr;
    }
    // Decided from the file's header before SQLite opens it: a foreign file is never opened for writing.
    const detail::FileCheck file = detail::inspectStoreFile(path);
    if (const QString why = refusalOf(file, path, access); !why.isEmpty()) {
        fail(error, why);
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->connectionName = uniqueConnectionName();
    impl->readOnly = !file.writable;
    const detail::OpenAs as = openAs(file);
    impl->readerUri = detail::storeUri(path, impl->readOnly ? detail::OpenAs::ReadOnly : detail::OpenAs::ReadOnlyShared);
    QString why;
    if (!impl->connect(detail::storeUri(path, as), impl->readOnly, &why)) {
        fail(error, why);
        return nullptr;
    }
    // A new file is WAL from its first page, with bigger pages (fewer b-tree levels and page splits). Any other
    // file's journal mode changes only once the schema check has found it ours.
    if (as == detail::OpenAs::Create && !startInWal(impl->handle, &why)) {
        fail(error, why);
        return nullptr;
    }
    const detail::SchemaAccess schemaAccess{access == Access::ReadWrite && !impl->readOnly, !impl->readOnly};
    if (!detail::openSchema(impl->handle, schemaAccess, &impl->schemaVersion, &why)
        || (!impl->readOnly && !walMode(impl->handle, &why)) || !exec(impl->handle, kPragmas, &why)) {
        fail(error, why);
        return nullptr;
    }
    std::unique_ptr<CallStore> store(new CallStore(std::move(impl)));
    if (!store->d->repriceIfStale(*store, access == Access::ReadWrite, error))
        return nullptr;
    return store;
}

QString CallStore::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/costdash.db");
}

int CallStore::schemaVersion() const
{
    return d->schemaVersion;
}

std::optional<std::int64_t> CallStore::dataVersion() const
{
    return detail::queryInt(d->handle, "PRAGMA data_version");
}

QString CallStore::path() const
{
    return d->path;
}

std::int64_t CallStore::callCount() const
{
    // The rollup holds the count without scanning a million rows.
    return detail::queryInt(d->handle, "SELECT COALESCE(SUM(calls), 0) FROM rollup").value_or(0);
}

std::optional<ImportRecord> CallStore::findImport(const QByteArray& sha256) const
{
    QSqlQuery q(d->db);
    q.prepare(kImportColumns + QStringLiteral("WHERE sha256 = ? ORDER BY finished DESC, id DESC LIMIT 1"));
    q.addBindValue(QString::fromLatin1(sha256.toLower()));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return importFrom(q);
}

// An import appends: pages it wrote are not read again, and a smaller cache keeps a million-row import within its
// memory budget; reads want the larger one. The WAL is checkpointed by a thread of its own while the import runs,
// and what is left when it finishes.
void CallStore::Impl::enterImport()
{
    exec(handle, "PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 0", nullptr);
    if (!checkpointer)
        checkpointer = std::make_unique<detail::Checkpointer>(handle, detail::storeUri(path, detail::OpenAs::ReadWrite));
}

void CallStore::Impl::leaveImport()
{
    checkpointer.reset();
    exec(handle, "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 1000", nullptr);
    exec(handle, "PRAGMA wal_checkpoint(PASSIVE)", nullptr);
}

detail::Writer& CallStore::Impl::writerOrNew(const CallStore& store)
{
    if (!writer)
        writer = std::make_unique<detail::Writer>(handle, [&store] { return catalogWith(store.priceOverrides()); });
    return *writer;
}

QList<ImportRecord> CallStore::imports() const
{
    QList<ImportRecord> out;
    QSqlQuery q(d->db);
    q.exec(kImportColumns + QStringLiteral("ORDER BY id"));
    while (q.next())
        out << importFrom(q);
    return out;
}

QList<pricing::PriceEntry> CallStore::priceOverrides() const
{
    return readOverrides(d->db);
}

QStringList CallStore::priceOverrideProblems() const
{
    QStringList problems;
    readOverrides(d->db, &problems);
    return problems;
}

bool CallStore::savePriceOverride(const pricing::PriceEntry& entry, QString* error)
{
    return savePriceOverrides({entry}, error);
}

bool CallStore::savePriceOverrides(const QList<pricing::PriceEntry>& entries, QString* error)
{
    sqlite3* h = d->handle;
    QString why;
    if (!exec(h, "BEGIN IMMEDIATE", &why))
        return fail(error, why);
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO price_overrides(model, effective_from, entry_json, saved_ms) "
                             "VALUES(?, ?, ?, ?)"));
    bool ok = true;
    for (const pricing::PriceEntry& entry : entries) {
        q.bindValue(0, entry.model);
        q.bindValue(1, qint64(entry.effectiveFrom));
        q.bindValue(2, QString::fromUtf8(
                           QJsonDocument(pricing::PriceCatalog::entryToJson(entry)).toJson(QJsonDocument::Compact)));
        q.bindValue(3, QDateTime::currentMSecsSinceEpoch());
        if (!q.exec()) {
            why = describe(q.lastError());
            ok = false;
            break;
        }
    }
    q.finish();
    const pricing::PriceCatalog updated = catalogWith(readOverrides(d->db));
    ok = ok && detail::repriceRollup(h, updated, &why) && exec(h, "COMMIT", &why);
    if (!ok) {
        exec(h, "ROLLBACK", nullptr);
        return fail(error, why);
    }
    d->catalog = updated;
    d->catalogVersion = dataVersion(); // our own commit leaves it as it was
    if (d->writer)
        d->writer->catalogChanged();
    return true;
}

pricing::PriceCatalog CallStore::catalog() const
{
    // Another connection (the Prices page's save, `costdash prices set`) may have changed the overrides.
    const auto version = dataVersion();
    if (!d->catalog || version != d->catalogVersion) {
        d->catalog = catalogWith(priceOverrides());
        d->catalogVersion = version;
    }
    return *d->catalog;
}

} // namespace costdash::store
