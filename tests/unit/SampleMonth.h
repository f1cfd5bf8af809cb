#pragma once
// The hand-made month several tests share (store, summary CLI, prices CLI); costs worked out next to each row.
#include "store/CallStore.h"
#include "store/ImportSession.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace costdash::testing {

inline timeutil::Millis at(const char* iso)
{
    return *timeutil::parseTimestamp(QString::fromLatin1(iso));
}

inline CallRecord call(const char* when, const char* model, const char* task, std::int64_t in, std::int64_t out,
                       std::optional<money::Nanos> cost = std::nullopt)
{
    CallRecord r;
    r.timestampMs = at(when);
    r.model = QString::fromUtf8(model);
    r.taskType = QString::fromUtf8(task);
    r.inputTokens = in;
    r.outputTokens = out;
    r.loggedCost = cost;
    return r;
}

// Total 8,956,000 nano-USD priced, one unpriced call (mystery-model on 2025-03-02).
inline std::vector<CallRecord> month()
{
    std::vector<CallRecord> rows;
    rows.push_back(call("2025-03-01T10:00:00Z", "gpt-4o", "qa", 100, 10, 1000));            // logged 1,000
    rows.push_back(call("2025-03-01T12:00:00Z", "gpt-4o-2024-08-06", "qa", 1000, 500));     // 7,250,000
    rows.back().cachedInputTokens = 200;                                                   // 800*2.5+200*1.25+500*10
    rows.push_back(call("2025-03-02T08:00:00Z", "gpt-4o-mini", "code", 1000, 1000));        // 150,000+600,000
    rows.push_back(call("2025-03-02T09:00:00Z", "mystery-model", "code", 100, 100));        // unpriced
    rows.push_back(call("2025-03-03T10:00:00Z", "mystery-model", "qa", 100, 100, 5000));    // logged 5,000
    rows.push_back(call("2025-03-03T11:00:00Z", "deepseek-reasoner", "", 2000, 100));       // 700,000+250,000
    rows.back().provider = QStringLiteral("deepseek");
    return rows;
}

inline QStringList lines(std::initializer_list<const char*> texts)
{
    QStringList out;
    for (const char* t : texts)
        out << QString::fromUtf8(t);
    return out;
}

// Imports `rows` as one finished import; returns the import id or -1 (after a warning).
inline std::int64_t importRows(store::CallStore& store, std::span<const CallRecord> rows,
                               const QByteArray& sha = "ab01")
{
    QString error;
    store::ImportSession session(store);
    const bool begun = session.begin({QStringLiteral("f.csv"), 10, sha, QStringLiteral("csv")}, &error)
        == store::ImportSession::Start::New;
    const auto n = std::int64_t(rows.size());
    if (!begun || !session.append(rows, {n, n, 0, 0}, n, &error) || !session.commit({n, n, 0, 0}, &error)) {
        qWarning("import: %s", qPrintable(error));
        return -1;
    }
    return session.id();
}

} // namespace costdash::testing
