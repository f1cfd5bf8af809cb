#pragma once
// A realistic synthetic month in the seed format, with prompts: several task types and models, repeated and
// near-repeated prompts, a weekday/hour rhythm, ~2% failures, costs at the catalog's gpt-4o/gpt-4o-mini prices.
// Streaming (one hour of timestamps in memory) and deterministic: the same options give the same bytes.
#include "demo/Rng.h"
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

namespace costdash::demo {

struct TaskSpec;

struct DemoOptions {
    std::int64_t rows = 10'000;
    std::uint64_t seed = 1;
    timeutil::Millis start = 1'759'276'800'000; // 2025-10-01T00:00:00Z, a Wednesday
    int days = 31;
};

struct DemoRow {
    timeutil::Millis timestampMs = 0;
    const char* model = "";
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t latencyMs = 0;
    std::optional<money::Nanos> cost; // nullopt for unknown models: the log has no cost for them
    const char* taskType = "";
    bool success = true;
    QByteArray prompt; // UTF-8
};

// Prices (nano-USD per token) the demo's logged costs use: the bundled catalog's gpt-4o (2.50/10.00 per 1M) and
// gpt-4o-mini (0.15/0.60 per 1M); tst_demo checks they still agree with PriceCatalog::bundled().
inline constexpr money::Nanos kGpt4oInputNanos = 2'500, kGpt4oOutputNanos = 10'000;
inline constexpr money::Nanos kMiniInputNanos = 150, kMiniOutputNanos = 600;
inline constexpr const char* kUnknownModels[] = {"acme-llm-7b", "local-llama-3-70b", "mistral-internal-ft"};

class DemoGenerator {
public:
    explicit DemoGenerator(const DemoOptions& options);
    // The next row in time order; false after options.rows rows.
    bool next(DemoRow& row);

    static QByteArray csvHeader();
    static void appendCsv(const DemoRow& row, QByteArray& out);

private:
    void fillNextBucket();
    void fillRow(DemoRow& row);
    QByteArray makePrompt(const TaskSpec& task);
    void vary(QByteArray& prompt);

    DemoOptions m_options;
    Rng m_rng;
    std::vector<std::int64_t> m_bucketEnds; // cumulative row count at the end of each hour
    std::size_t m_bucket = 0;
    std::vector<timeutil::Millis> m_times; // the current hour's timestamps, sorted
    std::size_t m_nextTime = 0;
    std::int64_t m_produced = 0;
};

// Writes the demo CSV to `path`; `progress(rowsDone)` is called every 100k rows.
bool writeDemoCsv(const DemoOptions& options, const QString& path, QString* error,
                  const std::function<void(std::int64_t)>& progress = {});

} // namespace costdash::demo
