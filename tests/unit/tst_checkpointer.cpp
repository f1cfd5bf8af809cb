// The import's checkpointer (store/Checkpointer.h) on a real WAL file: it copies commits into the file while the
// writer goes on, and the WAL starts over instead of growing by everything written.
#include "store/Checkpointer.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>

using costdash::store::detail::CheckpointFrames;
using costdash::store::detail::Checkpointer;

namespace {

constexpr int kPageSize = 4096;
constexpr int kCommits = 300;
constexpr int kBlobBytes = 3 * kPageSize; // about four pages a commit, with the table's own

bool exec(sqlite3* db, const char* sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

qint64 sizeOf(const QString& path)
{
    return QFileInfo(path).size(); // 0 when missing
}

} // namespace

class TestCheckpointer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void walStartsOverWhileTheWriterGoesOn();
    void writerAloneKeepsEveryFrameInTheWal();

private:
    // Commits kCommits blobs; the WAL's largest size seen after a commit.
    qint64 commitBlobs();

    QTemporaryDir m_dir;
    QString m_path;
    sqlite3* m_db = nullptr;
};

void TestCheckpointer::init()
{
    m_path = m_dir.filePath(QStringLiteral("%1.db").arg(QLatin1String(QTest::currentTestFunction())));
    QCOMPARE(sqlite3_open(m_path.toUtf8().constData(), &m_db), SQLITE_OK);
    QVERIFY(exec(m_db, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                       "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t(x BLOB)"));
}

void TestCheckpointer::cleanup()
{
    sqlite3_close(m_db);
    m_db = nullptr;
}

qint64 TestCheckpointer::commitBlobs()
{
    qint64 largestWal = 0;
    for (int i = 0; i < kCommits; ++i) {
        if (!exec(m_db, "INSERT INTO t VALUES(randomblob(12288))"))
            qFatal("insert: %s", sqlite3_errmsg(m_db));
        largestWal = std::max(largestWal, sizeOf(m_path + QStringLiteral("-wal")));
    }
    return largestWal;
}

void TestCheckpointer::walStartsOverWhileTheWriterGoesOn()
{
    const CheckpointFrames frames{8, 32};
    qint64 largestWal = 0;
    {
        Checkpointer checkpointer(m_db, QStringLiteral("file:") + m_path + QStringLiteral("?mode=rw"), frames);
        largestWal = commitBlobs();
        // Copied while the writer went on: the file holds most of what was written before the checkpointer stops.
        QVERIFY2(sizeOf(m_path) >= qint64(kCommits) * kBlobBytes * 9 / 10, qPrintable(QString::number(sizeOf(m_path))));
    }
    // The restart bound plus the commit that crossed it (a blob's pages and the table's), in frames of a page and
    // a 24-byte header after the WAL's 32-byte header.
    const qint64 bound = 32 + qint64(frames.beforeRestart + 8) * (kPageSize + 24);
    QVERIFY2(largestWal <= bound, qPrintable(QStringLiteral("WAL reached %1 bytes (bound %2)").arg(largestWal).arg(bound)));
    QVERIFY(exec(m_db, "PRAGMA wal_checkpoint(TRUNCATE)"));
    sqlite3_stmt* s = nullptr;
    QCOMPARE(sqlite3_prepare_v2(m_db, "SELECT (SELECT count(*) FROM t), (SELECT integrity_check FROM pragma_integrity_check)",
                                -1, &s, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_step(s), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(s, 0), kCommits);
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(s, 1))), QByteArray("ok"));
    sqlite3_finalize(s);
}

// The control: with auto-checkpoints off and no checkpointer (or one gone, its hook with it), nothing is copied
// and the WAL holds every commit.
void TestCheckpointer::writerAloneKeepsEveryFrameInTheWal()
{
    { Checkpointer gone(m_db, QStringLiteral("file:") + m_path + QStringLiteral("?mode=rw"), {8, 32}); }
    const qint64 largestWal = commitBlobs();
    QVERIFY(largestWal >= qint64(kCommits) * kBlobBytes);
    QVERIFY(sizeOf(m_path) < 4 * kPageSize);
}

QTEST_GUILESS_MAIN(TestCheckpointer)
#include "tst_checkpointer.moc"
