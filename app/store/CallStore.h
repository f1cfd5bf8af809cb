#pragma once
// The call store: one SQLite file (WAL throughout, application_id kApplicationId), numbered migrations, imports
// (through ImportSession), summaries and the columnar read for the what-if engine. It knows no file formats.
// One CallStore per thread: each owns its own named connection.
#include "model/CallRecord.h"
#include "store/Breakdowns.h"
#include "pricing/PriceCatalog.h"
#include "store/CallColumns.h"
#include "store/CallList.h"
#include "store/EncodedPrompts.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace costdash::store {

struct ImportSource {
    QString fileName;
    std::int64_t size = 0;
    QByteArray sha256; // hex
    QString format;
};

struct ImportCounts {
    std::int64_t read = 0;       // source records seen
    std::int64_t imported = 0;   // rows written
    std::int64_t skipped = 0;    // bad rows
    std::int64_t duplicates = 0; // rows identical to an earlier row of the file, imported (can be real calls);
                                 // for a file imported before, all its rows (nothing imported)
    std::int64_t overlaps = 0;   // rows already stored from another file: not imported (unless kept on request)
    std::int64_t idle = 0;       // rows of no activity (a spend export's idle days): skipped, not bad rows
};

struct ImportRecord {
    std::int64_t id = 0;
    ImportSource source;
    ImportCounts counts;
    std::int64_t recordsDone = 0; // source records consumed by committed batches (resume point)
    bool finished = false;
    timeutil::Millis startedMs = 0;
    timeutil::Millis finishedMs = 0;
};

// What a test-prompt run (issue 11) knows of a call beyond an imported call's columns.
struct RunCallExtra {
    QString runId;
    QString promptKey;                  // the suite prompt's id
    int repeat = 0;
    int attempts = 1;
    std::optional<std::int64_t> ttftMs;
    bool usageKnown = true;             // false: the tokens are unknown: stored NULL, counted as unpriced
    std::optional<bool> passed;         // nullopt: nothing to judge the answer by
    QString response;
};

// What a test-prompt run knows beyond its calls: written when it begins, completed when it ends.
struct RunHeader {
    QString runId;
    QString suite;
    QString endpoint;                      // without user info; never the key
    QStringList models;                    // in the order asked for
    QStringList prompts;                   // the suite's prompt ids, in order (empty for runs of older stores)
    timeutil::Millis startedMs = 0;
    std::optional<timeutil::Millis> finishedMs; // nullopt: still going, or killed
    bool cancelled = false;
    money::Nanos estimatedWorstCase = 0;
    money::Nanos spent = 0;                // as the run counted it (usage unknown at its worst case)
    QHash<QString, std::int64_t> skipped;  // per model: calls the budget kept from being sent
};

// A past run as the runs browser lists it.
struct RunListing {
    RunHeader header;
    std::int64_t calls = 0;         // stored calls, the ones cancelled in flight included
    money::Nanos cost = 0;          // calls of known usage the catalog prices
    std::int64_t unpricedCalls = 0; // usage unknown, or no price: not in cost
    std::int64_t judged = 0;
    std::int64_t passed = 0;
    std::optional<double> passRate() const { return judged ? std::optional<double>(double(passed) / judged) : std::nullopt; }
};

struct StoredRunCall {
    CallRecord call;
    RunCallExtra extra;
};

// Per (task type, model): the run calls that succeeded, and how many of those were judged and passed.
struct RunEvidence {
    QString taskType;
    QString model;
    std::int64_t calls = 0;
    std::int64_t judged = 0;
    std::int64_t passed = 0;
};

enum class GroupBy { Model, Task, Day, Provider };

struct SummaryQuery {
    GroupBy by = GroupBy::Model;
    std::optional<std::int64_t> fromDay; // inclusive day index (timeutil::dayOf)
    std::optional<std::int64_t> toDay;   // inclusive
};

struct SummaryGroup {
    QString key;
    std::int64_t calls = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    money::Nanos cost = 0;        // logged cost, else catalog price at the call's timestamp; unpriced excluded
    std::int64_t unpricedCalls = 0;        // not in the cost: no price, or usage unknown without a logged cost
    std::int64_t usageUnknownCalls = 0;    // tokens not in the log (in no token sum)
    std::int64_t usageUnknownUncosted = 0; // of those, without a logged cost (in unpricedCalls)
    // By model only: the names as logged that the group holds (sorted), and the catalog model they resolve to
    // (empty when the catalog does not know them: the key is then the logged name).
    QStringList loggedModels;
    QString resolvedModel;
    std::int64_t aggregateCalls = 0;  // requests of aggregate rows (usage buckets): in calls, never replayed
    std::int64_t spendRows = 0;       // spend rows (Cost CSV lines): aggregates of unknown requests, in no call count
    money::Nanos aggregateCost = 0;   // the cost of both (in cost)
    // No call of the group has a price and nothing else (a spend line) gave it a cost: it has no cost (shown as
    // unpriced), not a $0 one.
    bool whollyUnpriced() const { return calls > 0 && unpricedCalls == calls && cost == 0; }
};

struct Summary {
    std::int64_t calls = 0;
    money::Nanos cost = 0;
    std::int64_t unpricedCalls = 0;
    std::int64_t usageUnknownCalls = 0;
    std::int64_t usageUnknownUncosted = 0;
    std::int64_t tracedCalls = 0; // calls with a trace id
    std::int64_t retryCalls = 0;  // of those, the ones whose trace id an earlier attempt had (each costs its own)
    std::int64_t aggregateCalls = 0; // requests of aggregate rows (usage buckets, daily spend): in calls
    std::int64_t spendRows = 0;      // spend rows (Cost CSV lines, Costs API results): no calls
    money::Nanos aggregateCost = 0;  // the cost of both (in cost)
    QStringList unpricedModels;
    QList<SummaryGroup> groups; // sorted by cost descending, then key (Day: by key ascending)
    bool outOfRange = false;    // a sum is beyond int64 nano-USD: the figures are not to be shown
};

// What the calls of a period cost as logged, next to what they would cost at one instant's catalog prices
// (`prices reprice`). Per catalog model (unknown models under their logged name).
struct RepriceGroup {
    QString model;
    std::int64_t calls = 0;
    std::int64_t loggedCalls = 0;     // calls with a logged cost
    money::Nanos logged = 0;          // their logged cost
    money::Nanos counted = 0;         // as `summary` counts: logged cost, else the catalog price at the call's time
    std::int64_t uncountedCalls = 0;  // neither (unpriced then, or usage unknown without a cost)
    money::Nanos repriced = 0;        // every call with tokens at the prices in force at the instant
    std::int64_t unpricedCalls = 0;   // calls with tokens the catalog has no price for at the instant
    std::int64_t usageUnknownCalls = 0; // no tokens: cannot be repriced (in neither repriced nor unpriced)
    std::int64_t spendRows = 0;         // spend rows: in logged and counted, no call, cannot be repriced
};

struct Reprice {
    QList<RepriceGroup> groups; // by counted cost descending, then model
    RepriceGroup total;         // model empty
    QStringList unpricedModels; // logged names the catalog has no price for at the instant
    bool outOfRange = false;    // a sum left int64 nano-USD: show no figure
};

// Days (timeutil::dayOf), ascending, holding OpenAI spend of two kinds of export (CallStore::openAiDoubleCountedDays).
struct OpenAiOverlapDays {
    std::vector<std::int64_t> spendAndBuckets;
    std::vector<std::int64_t> spendAndCalls;
    std::vector<std::int64_t> bucketsAndCalls;
};

class CallStore {
public:
    // ReadWrite creates a missing store and refuses a file it may not write; Read (summaries, the window)
    // never creates one, and reads a file it may not write through a read-only connection.
    enum class Access { ReadWrite, Read };
    // Opens the store at `path`, migrating it as needed. A file that is not a costdash store is refused and left
    // byte for byte as it was; a file written by a newer costdash is an error, never a downgrade.
    static std::unique_ptr<CallStore> open(const QString& path, QString* error, Access access = Access::ReadWrite);
    // <AppDataLocation>/costdash.db
    static QString defaultPath();
    ~CallStore();
    CallStore(const CallStore&) = delete;
    CallStore& operator=(const CallStore&) = delete;

    int schemaVersion() const;
    // PRAGMA data_version: changes when another connection (another process too) commits to the store.
    std::optional<std::int64_t> dataVersion() const;
    QString path() const;
    std::int64_t callCount() const;

    // Imports are written through an ImportSession (store/ImportSession.h). A batch is atomic: its rows and the
    // import's progress commit together, so a killed import leaves the store as before the unfinished batch, and
    // a re-run resumes from recordsDone.
    std::optional<ImportRecord> findImport(const QByteArray& sha256) const;
    QList<ImportRecord> imports() const;

    // A test-prompt run is recorded as an import of format "run" named after the run; its calls are written like
    // imported calls of it. These four are the runner's only door to the store (they hide the import path).
    // `run` gives its id, suite, endpoint, models; finishRun records how it ended (cancelled, spent, skipped).
    std::optional<std::int64_t> beginRun(const RunHeader& run, QString* error);
    bool finishRun(std::int64_t runImportId, const ImportCounts& counts, const RunHeader& run, QString* error);
    // One call of a run with its extras, in one transaction: a run killed half-way keeps every call that finished.
    // *callId, when given, receives the call's id in the store.
    bool appendRunCall(std::int64_t importId, const CallRecord& call, const RunCallExtra& extra,
                       const ImportCounts& countsSoFar, QString* error, std::int64_t* callId = nullptr);
    // Records verdicts given after the calls were written (agreement with a reference model), in one transaction.
    bool setRunCallsPassed(const QList<QPair<std::int64_t, bool>>& verdicts, QString* error);
    // The calls of a run in the order they were written.
    QList<StoredRunCall> runCalls(const QString& runId) const;
    // Every run in the store, newest first, with its figures (costs at the catalog's prices).
    QList<RunListing> runs() const;
    std::optional<RunHeader> runHeader(const QString& runId) const;
    // Over every run in the store, sorted by task type then model.
    QList<RunEvidence> runEvidence() const;

    Summary summarize(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const;
    // Spend per day of the period split by query.by (Model or Provider): the `keep` biggest keys, the rest
    // folded into "Other". Each day's amounts add up to summarize(Day)'s.
    DaySplit spendByDay(const SummaryQuery& query, const pricing::PriceCatalog& catalog, int keep = 5) const;
    // The days (timeutil::dayOf), ascending, whose OpenAI spend more than one kind of export holds: spend lines
    // (Cost CSV, Costs API), aggregates with request counts (usage buckets, Activity CSV, daily spend) and calls
    // logged one by one. Each pair bills the same usage twice where both cover it.
    OpenAiOverlapDays openAiDoubleCountedDays() const;
    // Cost by token class and latency and errors per model over the period's calls (one scan of them).
    CallStats callStats(const SummaryQuery& query, const pricing::PriceCatalog& catalog) const;
    // The calls of query's days (its grouping is ignored) as logged and at `catalog`'s prices in force at `at`.
    Reprice reprice(const SummaryQuery& query, const pricing::PriceCatalog& catalog, timeutil::Millis at) const;
    // The calls as columns, in (timestamp, id) order. promptsRead, when set, gets the prompt texts on the thread
    // that read them while the calls are still being read (prompts read later, if any, are appended to them).
    std::optional<CallColumns> loadColumns(QString* error, const PromptsRead& promptsRead = {}) const;

    // The ids of the calls matching `query`, in its order (ties by time, then id); costs priced with `catalog`.
    std::optional<std::vector<std::int64_t>> listCalls(const CallQuery& query, const pricing::PriceCatalog& catalog,
                                                       QString* error) const;
    // The calls of `ids`, in that order (an id no longer stored is left out).
    QList<CallRow> callRows(const std::vector<std::int64_t>& ids, const pricing::PriceCatalog& catalog) const;

    // Catalog = bundled snapshot + the user's overrides kept in this store.
    QList<pricing::PriceEntry> priceOverrides() const;
    // One sentence for each stored override the store cannot read (left out of catalog()); empty when all read.
    QStringList priceOverrideProblems() const;
    bool savePriceOverride(const pricing::PriceEntry& entry, QString* error);
    // Many at once, in one transaction (a LiteLLM file holds hundreds): the summaries are repriced once.
    bool savePriceOverrides(const QList<pricing::PriceEntry>& entries, QString* error);
    pricing::PriceCatalog catalog() const;

private:
    friend class ImportSession;
    struct Impl;
    explicit CallStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace costdash::store
