#pragma once
// A batch of calls resolved against the store's dictionaries, ready for its transaction: ids assigned, the
// values of every row laid out for the row table, the new names and prompts, the rollup folded. Preparing
// needs no SQL, so the import does it on its parser thread while the store's thread writes the batch before.
#include "store/LatencyRuns.h"
#include "store/Rollup.h"
#include "store/RowTable.h"

#include <QStringList>
#include <array>
#include <cstdint>

namespace costdash::store {

// The calls columns in the order of the INSERT. A "plain" batch (every row at the defaults below) is inserted
// with the defaults as literals: each column read from the row table costs a callback per row.
namespace callColumns {
inline constexpr std::array<const char*, 23> kNames{
    "timestamp_ms", "provider_id", "model_id", "input_tokens", "cached_tokens", "cache_write_tokens",
    "output_tokens", "reasoning_tokens", "latency_ms", "cost_nusd", "task_id", "tag_id", "user_id", "prompt_hash",
    "prompt_id", "success", "http_status", "error", "request_id", "row_key", "trace_id", "aggregate_requests",
    "import_id"};
inline constexpr std::array<const char*, 23> kPlainDefaults{
    nullptr, nullptr, nullptr, nullptr, "0", "0", nullptr, "0", nullptr, nullptr, nullptr, "NULL",
    "NULL", nullptr, nullptr, nullptr, "0", "NULL", "NULL", nullptr, "NULL", "NULL", nullptr};
inline constexpr int kPlain = 12; // columns in a plain row: those without a default above, but import_id
inline constexpr int kFull = int(kNames.size()) - 1; // import_id is a literal: one import per statement
} // namespace callColumns

// The dictionaries of names, in this order.
enum class NameTable { Models, Providers, Tasks, Tags, Users };
inline constexpr std::array<const char*, 5> kNameTables{"models", "providers", "tasks", "tags", "users"};

struct PreparedBatch {
    std::uint64_t generation = 0;         // of the dictionaries it was resolved against
    bool plain = true;
    detail::RowBuffer calls;              // callColumns::kPlain or kFull columns
    detail::RowBuffer prompts{2};         // the prompts new in this batch, in id order: text, norm_hash
    std::size_t promptsBefore = 0;        // prompts in the dictionary before this batch's
    std::array<qsizetype, 5> namesBefore{}; // names in each dictionary before this batch's
    std::array<QStringList, 5> newNames;  // the names new in this batch, by NameTable
    detail::RollupMap rollup;
    std::vector<detail::LatencyRun> latencyRuns; // the rollup's latencies, encoded on the preparing thread
};

} // namespace costdash::store
