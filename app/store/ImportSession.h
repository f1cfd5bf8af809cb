#pragma once
// The one door for writing an import into the store: begin with the file's identity, append prepared batches,
// then commit, keep for a later resume, or roll back. Resumes, re-imports and the provisional transaction held
// while the file's SHA-256 is still being computed all live behind it.
#include "store/CallStore.h"
#include "store/EncodedPrompts.h"
#include "store/PreparedBatch.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace costdash::store {

// The file's SHA-256, computed elsewhere while the import goes on (it takes a read of the whole file).
class FileDigest {
public:
    virtual ~FileDigest() = default;
    // Whether wait() would return at once.
    virtual bool ready() const = 0;
    // The SHA-256 in hex; empty, with `refusal` set, when the file is refused as a whole.
    virtual QByteArray wait(QString* refusal) = 0;
};

class ImportSession {
public:
    enum class Start {
        New,             // a new import: append every batch
        Resumed,         // an unfinished import of the same file: append what comes after earlier().recordsDone
        AlreadyImported, // the file is in the store: nothing to write
        Refused,         // the digest refused the file (error: why)
        Failed,          // the store refused (error: why)
    };

    // The store's thread; `store` outlives the session. Loads the dictionaries that batches are prepared against.
    explicit ImportSession(CallStore& store);
    // Neither committed nor kept: a provisional import is rolled back, any other stays resumable.
    ~ImportSession();
    ImportSession(const ImportSession&) = delete;
    ImportSession& operator=(const ImportSession&) = delete;

    // Begins the import of `file` (name, size, format) whose SHA-256 `digest` gives. When the store has no import
    // of a file of that size, this file can be neither a re-import nor a resume: it begins at once, provisionally
    // (its batches held in one transaction until the digest comes), else it waits for the digest.
    Start begin(const ImportSource& file, FileDigest& digest, QString* error);
    // The same for a file whose SHA-256 is known (`file.sha256`).
    Start begin(const ImportSource& file, QString* error);

    std::int64_t id() const { return m_id; }
    // The import of the same file that begin() found (Resumed, AlreadyImported).
    const ImportRecord& earlier() const { return m_earlier; }

    // The row keys (CallRecord::rowKey) of the calls every other import stored, in no order: what the file is
    // checked against for overlaps. Calls stored without a key are not in it.
    std::optional<std::vector<std::uint64_t>> rowKeysOfOtherImports(QString* error) const;

    // One other thread may prepare batches (ids, row values, rollup: all but the SQL) while this one appends the
    // batches before. False: not prepared, append() prepares it then.
    bool prepare(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out);
    // The store's thread, after a batch did not fit (another connection wrote): lets the other thread prepare again.
    bool restartPreparing(QString* error);
    // A hint from the preparing thread: about `count` more prompts of about `bytes` in all are coming, so the
    // prompt dictionary takes its room once.
    void expectPrompts(std::size_t count, std::size_t bytes);

    // Writes `rows` with the import's progress in one transaction (in the held one while provisional, settled
    // first if the digest has come). `prompts`: the rows' prompts already encoded; `prepared`: the rows as
    // prepare() left them, used when they still fit the store. False with *error (a failed batch of a provisional
    // import takes the import with it: keep() and commit() then say so).
    bool append(std::span<const CallRecord> rows, const ImportCounts& countsSoFar, std::int64_t recordsDone,
                QString* error, PromptsOfRows prompts = {}, const PreparedBatch* prepared = nullptr);
    // The import is complete: recorded as finished with `counts`.
    bool commit(const ImportCounts& counts, QString* error);
    // The import stops unfinished: what was appended stays, for a re-run to resume (waits for the digest when
    // provisional).
    bool keep(QString* error);
    // A provisional import's rows go; any other import's committed batches stay, resumable.
    void rollBack();

    // Nothing of this session is in the store: the provisional import was rolled back.
    bool rolledBack() const { return m_rolledBack; }
    // The digest refused the file (the calls that found out give the refusal as their error).
    bool refused() const { return m_refused; }

private:
    Start beginKnown(const ImportSource& file, QString* error);
    bool beginProvisional(const ImportSource& file, QString* error);
    bool settle(QString* error);

    CallStore& m_store;
    FileDigest* m_digest = nullptr;
    std::int64_t m_id = 0;
    ImportRecord m_earlier;
    bool m_preparing = false;
    bool m_provisional = false; // begun before the digest; batches held in one transaction until settle()
    bool m_rolledBack = false;
    bool m_refused = false;
    QString m_failure; // why the provisional import was rolled back
};

} // namespace costdash::store
