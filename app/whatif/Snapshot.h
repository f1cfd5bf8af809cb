#pragma once
// The month as columns in memory, in replay order (timestamp, then store order), with everything a replay needs
// precomputed once: interned prompts and their normalized cache keys, resolved catalog models, baseline costs,
// day indices, per-task and per-day baseline totals. Immutable after buildSnapshot(); the lazily built indexes
// (keyword hits, regex hits, near-duplicate neighbours, compiled routers) are memoized behind a mutex, so one
// snapshot can be shared by replays on several threads.
#include "money/Money.h"
#include "pricing/PriceCatalog.h"
#include "store/CallColumns.h"
#include "timeutil/Timestamp.h"
#include "whatif/PromptKeys.h"
#include "whatif/Scenario.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace costdash::store {
class CallStore;
}

namespace costdash::whatif {

class NearIndex;
struct CompiledRouter;

using Bitset = std::vector<std::uint64_t>;
inline bool testBit(const Bitset& bits, std::size_t i) { return (bits[i >> 6] >> (i & 63)) & 1U; }
inline void setBit(Bitset& bits, std::size_t i) { bits[i >> 6] |= std::uint64_t(1) << (i & 63); }

// Per-call flag bits.
// UsageUnknown: the log holds no tokens; the replay keeps such a call as logged (never routed or batched).
enum CallFlag : std::uint8_t { Succeeded = 1, Priced = 2, UsageUnknown = 4 };
// A call the router would route on a cache miss: it succeeded and its usage is known (a failed call or one
// without token counts keeps its logged cost).
inline bool routable(std::uint8_t flags)
{
    return (flags & (Succeeded | UsageUnknown)) == Succeeded;
}

struct SnapshotData {
    // Per call, replay order.
    std::vector<timeutil::Millis> timestampMs;
    std::vector<std::int32_t> model;     // logged model id (index into models)
    std::vector<std::int32_t> task;      // index into tasks
    std::vector<std::int32_t> rawPrompt; // index into prompts, -1 without prompt text
    std::vector<std::int32_t> key;       // normalized prompt key id, -1 without prompt text
    std::vector<std::int32_t> modelKey;  // (key, logged model) id for scope "model", -1 without prompt text
    std::vector<std::uint16_t> loggedDisplay; // display id of the logged model
    std::vector<std::int32_t> day;       // days since firstDay
    std::vector<std::int64_t> inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens;
    std::vector<money::Nanos> baseline;  // logged cost, else catalog price; 0 when unpriced
    std::vector<std::uint8_t> flags;     // CallFlag bits

    // Dictionaries.
    QStringList models;   // logged names
    QStringList tasks;    // task types ("" = none)
    store::TextArena prompts; // raw prompt text as logged (UTF-8)
    std::vector<std::int32_t> promptKey; // raw prompt -> key id (-1 for empty text)
    store::TextArena keyText; // key id -> normalized text (UTF-8)
    std::vector<std::int32_t> modelKeyPrompt; // modelKey id -> key id
    std::vector<std::int32_t> modelKeyModel;  // modelKey id -> logged model
    std::vector<std::int32_t> modelKeyNext;   // modelKey id -> next modelKey of the same key, -1 at the end
    std::vector<std::int32_t> modelKeyHead;   // key id -> its first modelKey, -1 when none

    // Models after a scenario are reported by catalog id where the catalog knows them, else by logged name.
    QStringList displayModels;
    std::vector<std::int32_t> modelDisplay;   // logged model -> display id
    std::vector<bool> displayPriced;          // display id -> known to the catalog
    std::vector<QList<pricing::PriceEntry>> displayHistory; // display id -> dated prices (empty: unpriced)
    std::vector<std::uint8_t> testedPairs;    // [task * displays + display]: 1 when a successful call exists

    std::int64_t firstDay = 0;
    std::int32_t dayCount = 0;
    money::Nanos baselineTotal = 0;
    std::int64_t unpricedCalls = 0;
    std::int64_t usageUnknownCalls = 0;
    bool outOfRange = false; // a call beyond the limits, or a baseline sum beyond int64: no figure is exact
    std::vector<money::Nanos> baselineByTask, baselineByDay;
    std::vector<std::int64_t> callsByTask, callsByDay;

    // The (key, logged model) id, -1 when no call has that pair.
    std::int32_t findModelKey(std::int32_t key, std::int32_t model) const
    {
        for (std::int32_t id = modelKeyHead[std::size_t(key)]; id >= 0; id = modelKeyNext[std::size_t(id)]) {
            if (modelKeyModel[std::size_t(id)] == model)
                return id;
        }
        return -1;
    }
    bool tested(std::int32_t task, std::int32_t display) const
    {
        return testedPairs[std::size_t(task) * std::size_t(displayModels.size()) + std::size_t(display)] != 0;
    }
};

class Snapshot {
public:
    Snapshot(SnapshotData data, pricing::PriceCatalog catalog);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    const SnapshotData& data() const { return m_data; }
    const pricing::PriceCatalog& catalog() const { return m_catalog; }
    std::size_t size() const { return m_data.timestampMs.size(); }
    std::size_t distinctPrompts() const { return std::size_t(m_data.prompts.size()); }
    std::size_t distinctKeys() const { return std::size_t(m_data.keyText.size()); }

    // Display id of a catalog model (canonical id), appended on first use by routing is not possible on an
    // immutable snapshot, so every catalog model gets a display id at build time.
    std::int32_t displayIdOf(const QString& canonicalModel) const;

    // Bytes held by the columns and the precomputation, prompt text excluded (the memory figure of the issue).
    std::size_t memoryBytes() const;
    std::size_t promptTextBytes() const; // raw and normalized prompt text, UTF-8

    // Memoized, thread-safe. Keys whose normalized text contains `needle` (normalized the same way).
    std::shared_ptr<const Bitset> keysContaining(const QString& normalizedNeedle) const;
    // Raw prompts matched by `pattern` (case-insensitive, unanchored search in the logged text).
    std::shared_ptr<const Bitset> promptsMatching(const QString& pattern) const;
    // Near-duplicate neighbours of every key, complete for similarities >= similarityPpm (unless a cap of the
    // index cut them; NearIndex::capped). nullptr when `cancel` stopped the build (nothing is memoized then).
    std::shared_ptr<const NearIndex> nearIndex(std::int64_t similarityPpm,
                                               const std::atomic<bool>* cancel = nullptr) const;
    // The calls satisfying a rule's conditions (whatif/RuleCalls.h), one bit per call.
    std::shared_ptr<const Bitset> callsMatching(const RuleCondition& when) const;
    // The router compiled against this snapshot (each call's step-3 outcome, the router's sums).
    std::shared_ptr<const CompiledRouter> compiledRouter(const Router& router) const;

private:
    SnapshotData m_data;
    pricing::PriceCatalog m_catalog;
    QHash<QString, std::int32_t> m_displayIndex;

    mutable std::mutex m_memoMutex;
    mutable QHash<QString, std::shared_ptr<const Bitset>> m_needleHits;
    mutable QHash<QString, std::shared_ptr<const Bitset>> m_regexHits;
    mutable std::shared_ptr<const NearIndex> m_near;
    mutable std::int64_t m_nearFloorPpm = 0;
    mutable QList<QPair<QByteArray, std::shared_ptr<const CompiledRouter>>> m_routers; // most recent first
    mutable QList<QPair<RuleCondition, std::shared_ptr<const Bitset>>> m_ruleCalls;   // most recent first
};

// buildSnapshot() (Replay.h) with the prompts interned already (by internPrompts(columns.prompts); they are
// interned here when `keys` is for another number of prompts).
std::shared_ptr<const Snapshot> buildSnapshot(store::CallColumns columns, const pricing::PriceCatalog& catalog,
                                              PromptKeys keys);

// Reads the month from the store and builds its snapshot; the prompt keys are interned on the store's second
// reader thread while the calls are read. nullptr and *error when the store cannot be read, or its sums are out of
// range (money::totalOutOfRange()).
// `period`, when given, keeps the calls of those days (inclusive, UTC day indices as timeutil::dayOf).
struct DayRange {
    std::optional<std::int64_t> fromDay, toDay;
};
std::shared_ptr<const Snapshot> loadSnapshot(const store::CallStore& store, const pricing::PriceCatalog& catalog,
                                             QString* error, const DayRange& period = {});

} // namespace costdash::whatif
