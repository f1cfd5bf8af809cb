#include "store/CallStore.h"

#include "store/Schema.h"
#include "store/StoreImpl.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <atomic>

namespace costdash::store {
namespace {

using detail::exec;

// Connection-wide settings. WAL lets the GUI read while an import writes; the page cache keeps a batch's pages
// in memory until commit (32 MB: a batch fits, and the import stays within its memory budget);
// synchronous=NORMAL is durable at checkpoints and safe in WAL mode.
constexpr const char* kPragmas = "PRAGMA journal_mode = WAL;"
                                 "PRAGMA synchronous = NORMAL;"
                                 "PRAGMA journal_size_limit = 67108864;"
                                 "PRAGMA cache_size = -32768;"
                                 "PRAGMA temp_store = MEMORY;"
                                 "PRAGMA mmap_size = 268435456;"
                                 "PRAGMA busy_timeout = 5000;";

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

ImportRecord importFrom(const QSqlQuery& q)
{
    ImportRecord r;
    r.id = q.value(0).toLongLong();
    r.source = {q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString().toLatin1(), q.value(4).toString()};
    r.counts = {q.value(5).toLongLong(), q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toLongLong(),
                q.value(13).toLongLong()};
    r.recordsDone = q.value(9).toLongLong();
    r.finished = q.value(10).toBool();
    r.startedMs = q.value(11).toLongLong();
    r.finishedMs = q.value(12).toLongLong();
    return r;
}

const QString kImportColumns = QStringLiteral(
    "SELECT id, file_name, size, sha256, format, rows_read, rows_imported, rows_skipped, duplicates, records_done, "
    "finished, started_ms, finished_ms, overlaps FROM imports ");

QList<pricing::PriceEntry> readOverrides(const QSqlDatabase& db)
{
    QList<pricing::PriceEntry> out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT entry_json FROM price_overrides ORDER BY model, effective_from"));
    while (q.next()) {
        const QJsonObject o = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
        if (const auto e = pricing::PriceCatalog::entryFromJson(o))
            out << *e;
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
    writer.reset(); // its prepared statements must be finalized before the connection closes
    restoreWal();   // an import that did not finish
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
// SQLite's per-call connection mutex is pure overhead: ~20% of a bulk insert's and a column load's time.
// Must run before SQLite initialises; if something opened a database earlier, SQLite refuses and stays serialised.
void preferMultiThreadMode()
{
    static const bool once = [] {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        return true;
    }();
    Q_UNUSED(once);
}

std::unique_ptr<CallStore> CallStore::open(const QString& path, QString* error)
{
    preferMultiThreadMode();
    QString why;
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->connectionName = uniqueConnectionName();
    if (QFileInfo(path).isDir()) {
        fail(error, QStringLiteral("%1 is a directory").arg(path));
        return nullptr;
    }
    if (!QFileInfo(path).absoluteDir().exists()) {
        fail(error, QStringLiteral("the folder %1 does not exist").arg(QFileInfo(path).absolutePath()));
        return nullptr;
    }
    impl->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), impl->connectionName);
    impl->db.setDatabaseName(path);
    if (!impl->db.open()) {
        fail(error, impl->db.lastError().text());
        return nullptr;
    }
    impl->handle = sqliteHandle(impl->db);
    if (!impl->handle) {
        fail(error, QStringLiteral("the Qt SQLite driver gave no sqlite3 handle"));
        return nullptr;
    }
    // A fresh file takes bigger pages (fewer b-tree levels and page splits); ignored once the file has tables.
    if (!exec(impl->handle, "PRAGMA page_size = 16384", &why) || !exec(impl->handle, kPragmas, &why)
        || !detail::migrate(impl->handle, &impl->schemaVersion, &why)) {
        fail(error, why.contains(QLatin1String("not a database")) ? QStringLiteral("not a costdash store: ") + why : why);
        return nullptr;
    }
    std::unique_ptr<CallStore> store(new CallStore(std::move(impl)));
    // Catalog-priced rollup columns follow the catalog: a new bundled snapshot means repricing once.
    const std::uint64_t fingerprint = store->catalog().fingerprint();
    if (detail::rollupFingerprint(store->d->handle) != fingerprint) {
        sqlite3* h = store->d->handle;
        if (!exec(h, "BEGIN IMMEDIATE", &why) || !detail::repriceRollup(h, store->catalog(), &why)
            || !exec(h, "COMMIT", &why)) {
            exec(h, "ROLLBACK", nullptr);
            fail(error, QStringLiteral("cannot update the summary tables: ") + why);
            return nullptr;
        }
    }
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

bool CallStore::hasImportOfSize(std::int64_t size) const
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("SELECT 1 FROM imports WHERE size = ? LIMIT 1"));
    q.addBindValue(qint64(size));
    return !q.exec() || q.next(); // when in doubt, yes: the caller then waits for the file's hash
}

std::optional<std::int64_t> CallStore::insertImport(const ImportSource& source, QString* error)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("INSERT INTO imports(file_name, size, sha256, format, started_ms) VALUES(?, ?, ?, ?, ?)"));
    q.addBindValue(source.fileName);
    q.addBindValue(qint64(source.size));
    // '' while a provisional import waits for its hash (a null QString would bind NULL)
    q.addBindValue(source.sha256.isEmpty() ? QStringLiteral("") : QString::fromLatin1(source.sha256.toLower()));
    q.addBindValue(source.format);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        fail(error, q.lastError().text());
        return std::nullopt;
    }
    return q.lastInsertId().toLongLong();
}

std::optional<std::int64_t> CallStore::beginImport(const ImportSource& source, QString* error)
{
    const auto id = insertImport(source, error);
    if (id)
        d->leaveWal();
    return id;
}

std::optional<std::int64_t> CallStore::beginProvisionalImport(const ImportSource& source, QString* error)
{
    d->leaveWal();
    QString why;
    if (!exec(d->handle, "PRAGMA synchronous = OFF", &why) || !exec(d->handle, "BEGIN IMMEDIATE", &why)) {
        fail(error, why);
        return std::nullopt;
    }
    const auto id = insertImport(source, error);
    if (!id) {
        exec(d->handle, "ROLLBACK", nullptr);
        return std::nullopt;
    }
    d->writerOrNew(*this).holdTransaction(true);
    return id;
}

bool CallStore::settleProvisionalImport(std::int64_t importId, const QByteArray& sha256, QString* error)
{
    if (!d->writer || !d->writer->holdsTransaction()) // a failed batch has rolled it back already
        return fail(error, QStringLiteral("the import's transaction is gone"));
    detail::Statement s(d->handle, "UPDATE imports SET sha256 = ? WHERE id = ?");
    s.bindText(1, QString::fromLatin1(sha256.toLower()));
    s.bind(2, importId);
    QString why;
    if (!s.run(&why) || !exec(d->handle, "COMMIT", &why)) {
        abandonProvisionalImport();
        return fail(error, why);
    }
    d->writer->holdTransaction(false);
    return true;
}

void CallStore::abandonProvisionalImport()
{
    if (!d->writer || !d->writer->holdsTransaction())
        return;
    exec(d->handle, "ROLLBACK", nullptr);
    d->writer->holdTransaction(false);
    d->writer->forgetCache();
}

// WAL writes every page twice (log, then checkpoint). A rollback journal only saves the pre-existing pages a
// batch changes, and an append changes few, so a bulk import is much cheaper outside WAL. The switch needs no
// other connection on the file (a GUI reader, say): when one is there we stay in WAL. synchronous=OFF keeps a
// killed import atomic per batch (the journal reaches the OS before the file changes), not a power cut.
void CallStore::Impl::leaveWal()
{
    // An import appends: pages it wrote are not read again, and a smaller cache keeps a million-row import
    // under 250 MB (254 -> 224 MB peak). Reads want the larger one (snapshot load 575 -> 520 ms).
    exec(handle, "PRAGMA cache_size = -8192", nullptr);
    if (outOfWal)
        return;
    // Do not wait for another connection: if one holds the file, WAL is the right mode anyway.
    exec(handle, "PRAGMA busy_timeout = 0", nullptr);
    const auto versionBefore = detail::queryInt(handle, "PRAGMA data_version");
    outOfWal = detail::queryText(handle, "PRAGMA journal_mode = TRUNCATE") == "truncate";
    exec(handle, "PRAGMA busy_timeout = 5000", nullptr);
    if (!outOfWal)
        return;
    writeback = std::make_unique<detail::Writeback>(path);
    // The switch needed the file to itself: nobody else changed it.
    if (writer)
        writer->ownChange(versionBefore, detail::queryInt(handle, "PRAGMA data_version"));
}

void CallStore::Impl::restoreWal()
{
    if (!outOfWal)
        return;
    const auto versionBefore = detail::queryInt(handle, "PRAGMA data_version");
    exec(handle, "PRAGMA journal_mode = WAL", nullptr);
    outOfWal = false;
    writeback.reset();
    if (writer)
        writer->ownChange(versionBefore, detail::queryInt(handle, "PRAGMA data_version"));
}

detail::Writer& CallStore::Impl::writerOrNew(const CallStore& store)
{
    if (!writer)
        writer = std::make_unique<detail::Writer>(handle, [&store] { return catalogWith(store.priceOverrides()); });
    return *writer;
}

bool CallStore::startPreparing(QString* error)
{
    QString why;
    return d->writerOrNew(*this).startPreparing(&why) || fail(error, why);
}

void CallStore::expectPrompts(std::size_t count, std::size_t bytes)
{
    if (d->writer)
        d->writer->expectPrompts(count, bytes);
}

bool CallStore::prepareBatch(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
{
    return d->writer && d->writer->prepare(rows, prompts, out);
}

bool CallStore::appendBatch(std::int64_t importId, std::span<const CallRecord> rows, const ImportCounts& countsSoFar,
                            std::int64_t recordsDone, QString* error, PromptsOfRows prompts, const PreparedBatch* prepared)
{
    QString why;
    if (d->writerOrNew(*this).appendBatch(importId, rows, prompts, prepared, countsSoFar, recordsDone, &why)) {
        if (d->writeback)
            d->writeback->start();
        return true;
    }
    return fail(error, why);
}

bool CallStore::finishImport(std::int64_t importId, const ImportCounts& counts, QString* error)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("UPDATE imports SET rows_read = ?, rows_imported = ?, rows_skipped = ?, duplicates = ?, "
                             "overlaps = ?, finished = 1, finished_ms = ? WHERE id = ?"));
    for (const qint64 v : std::initializer_list<qint64>{counts.read, counts.imported, counts.skipped, counts.duplicates,
                           counts.overlaps, QDateTime::currentMSecsSinceEpoch(), importId})
        q.addBindValue(v);
    if (!q.exec())
        return fail(error, q.lastError().text());
    if (q.numRowsAffected() != 1)
        return fail(error, QStringLiteral("no import with id %1").arg(importId));
    // Durable from here on, and the import's pages move from the WAL into the file now rather than on some later
    // reader's commit.
    exec(d->handle, "PRAGMA synchronous = NORMAL", nullptr);
    exec(d->handle, "PRAGMA cache_size = -32768", nullptr);
    if (d->outOfWal)
        d->restoreWal();
    else
        exec(d->handle, "PRAGMA wal_checkpoint(PASSIVE)", nullptr);
    return true;
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

std::optional<std::vector<std::uint64_t>> CallStore::rowKeysOutside(std::int64_t importId, QString* error) const
{
    std::vector<std::uint64_t> keys;
    detail::Statement s(d->handle, "SELECT row_key FROM calls WHERE row_key IS NOT NULL AND import_id IS NOT ?");
    s.bind(1, importId);
    while (s.next())
        keys.push_back(std::uint64_t(s.integer(0)));
    if (s.lastResult() != SQLITE_DONE) {
        fail(error, detail::lastError(d->handle));
        return std::nullopt;
    }
    return keys;
}

QList<pricing::PriceEntry> CallStore::priceOverrides() const
{
    return readOverrides(d->db);
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
            why = q.lastError().text();
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
    if (d->writer)
        d->writer->catalogChanged();
    return true;
}

pricing::PriceCatalog CallStore::catalog() const
{
    if (!d->catalog)
        d->catalog = catalogWith(priceOverrides());
    return *d->catalog;
}

} // namespace costdash::store
