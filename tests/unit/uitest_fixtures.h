#pragma once
// A small known month written into a real SQLite store, for the service and widget tests. Every figure the
// tests expect is worked out by hand from these six calls (see the comments).
#include "store/CallStore.h"
#include "store/ImportSession.h"
#include "timeutil/Timestamp.h"

#include <QCoreApplication>
#include <QLabel>
#include <QSettings>
#include <QString>
#include <QTemporaryDir>
#include <vector>

namespace costdash::uitest {

// Logged costs (nano-USD). Priced total: 1.25 + 1.25 + 2.40 + 0.30 + 0.10 = $5.30; one unpriced call.
// By model: gpt-4o 4 calls $5.00 (1.25+1.25+2.40+0.10); gpt-4o-mini 1 call $0.30; mystery-model-x unpriced.
// By task: classification 3 calls $2.60; summarization 2 calls $2.70; chat 1 unpriced.
// Exact cache, global scope: call 2 repeats call 1's prompt 30 min later (a hit under TTL 1 h: -$1.25);
// call 4 repeats call 3's prompt 27 h later (a hit only under TTL >= 27 h: -$0.30).
//   TTL 0      -> projected $5.30
//   TTL 1 h    -> projected $4.05
//   TTL 24 h   -> projected $4.05
//   TTL 7 d    -> projected $3.75
// A log in the seed format: two good rows ($0.30) and one bad one (line 3: success "maybe").
inline constexpr const char* kSeedCsvWithABadRow =
    "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success\n"
    "2025-11-03T10:00:00Z,gpt-4o,1000,200,900,0.25,classification,true\n"
    "2025-11-03T11:00:00Z,gpt-4o,1000,200,900,0.25,classification,maybe\n"
    "2025-11-04T12:00:00Z,gpt-4o-mini,1000,200,900,0.05,summarization,true\n";

inline constexpr money::Nanos kTotal = 5'300'000'000;
inline constexpr money::Nanos kProjectedTtl1h = 4'050'000'000;
inline constexpr money::Nanos kProjectedTtl7d = 3'750'000'000;

// The text of the label named `name` under `root`, or "<no NAME>".
inline QString labelText(const QWidget& root, const QString& name)
{
    const auto* label = root.findChild<QLabel*>(name);
    return label ? label->text() : QStringLiteral("<no %1>").arg(name);
}

inline CallRecord call(const char* iso, const char* model, const char* task, const char* prompt,
                       std::optional<money::Nanos> cost, bool success = true)
{
    CallRecord r;
    r.timestampMs = *timeutil::parseTimestamp(QString::fromLatin1(iso));
    r.model = QString::fromLatin1(model);
    r.taskType = QString::fromLatin1(task);
    r.prompt = QString::fromLatin1(prompt);
    r.inputTokens = 1000;
    r.outputTokens = 200;
    r.loggedCost = cost;
    r.success = success;
    r.httpStatus = success ? 200 : 500;
    return r;
}

inline std::vector<CallRecord> knownCalls()
{
    return {
        call("2025-11-03T10:00:00Z", "gpt-4o", "classification", "Classify this ticket: refund", 1'250'000'000),
        call("2025-11-03T10:30:00Z", "gpt-4o", "classification", "classify this  ticket: REFUND ", 1'250'000'000),
        call("2025-11-04T09:00:00Z", "gpt-4o", "summarization", "Summarize the meeting notes", 2'400'000'000),
        call("2025-11-05T12:00:00Z", "gpt-4o-mini", "summarization", "Summarize the meeting notes", 300'000'000),
        call("2025-11-05T13:00:00Z", "mystery-model-x", "chat", "Hello there", std::nullopt),
        call("2025-11-06T08:00:00Z", "gpt-4o", "classification", "Detect the language", 100'000'000, false),
    };
}

// Writes the known month into a new store at `path`; false and *error on failure.
inline bool writeKnownMonth(const QString& path, QString* error)
{
    std::unique_ptr<store::CallStore> callStore = store::CallStore::open(path, error);
    if (!callStore)
        return false;
    const std::vector<CallRecord> calls = knownCalls();
    store::ImportSource source{QStringLiteral("known.csv"), 1234, QByteArray(64, 'a'), QStringLiteral("csv")};
    store::ImportSession session(*callStore);
    if (session.begin(source, error) != store::ImportSession::Start::New)
        return false;
    store::ImportCounts counts;
    counts.read = counts.imported = static_cast<std::int64_t>(calls.size());
    return session.append(calls, counts, counts.read, error) && session.commit(counts, error);
}

// Keeps the tests' QSettings in `dir`, away from the user's.
inline void isolateSettings(const QString& dir)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName(QStringLiteral("costdash-test"));
    QCoreApplication::setApplicationName(QStringLiteral("costdash-test"));
}

// The tests' settings and the known month's store ("known.db") in `dir`; false and *error when they cannot be.
inline bool setUpKnownMonth(const QTemporaryDir& dir, QString* dbPath, QString* error)
{
    if (!dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    isolateSettings(dir.filePath(QStringLiteral("settings")));
    *dbPath = dir.filePath(QStringLiteral("known.db"));
    return writeKnownMonth(*dbPath, error);
}

} // namespace costdash::uitest
