#pragma once
// The price catalog: models, aliases, date-effective prices. It never touches the DB: the store persists
// user overrides (`prices set`, `prices import`) and hands them back as PriceEntry values.
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace costdash::pricing {

struct Price {
    money::MicrosPerMillion input = 0;
    money::MicrosPerMillion output = 0;
    std::optional<money::MicrosPerMillion> cachedInput; // nullopt: cached input is billed at `input`
    std::optional<money::MicrosPerMillion> cacheWrite;  // nullopt: cache writes are billed at `input`
    bool singleRate = false;                            // the provider publishes one rate for both directions
    std::int64_t batchDiscountPpm = 0;                  // 500000 = 50% off in batch; 0 = no batch offer
    bool operator==(const Price&) const = default;
};

struct PriceEntry {
    QString model;                  // canonical id, e.g. "gpt-4o", "Qwen/Qwen3-8B"
    QString provider;               // "openai", "deepseek", ...
    QStringList aliases;            // extra names that resolve to `model`
    timeutil::Millis effectiveFrom = 0; // the price applies from this instant (UTC) until the next entry's
    Price price;
    QString source;                 // where the figure comes from, and when it was read
};

struct TokenCounts {
    std::int64_t input = 0;  // all input, cached and cache-write included
    std::int64_t cached = 0;
    std::int64_t cacheWrite = 0;
    std::int64_t output = 0; // reasoning included
};

// A price as the catalog JSON writes it: USD per 1M tokens, two to six fraction digits ("2.50", "0.075").
QString priceText(money::MicrosPerMillion micros);

// True when every count lies in [0, money::kMaxTokensPerCall]: what callCost needs of a call.
bool withinLimits(const TokenCounts& tokens);

// Cost of one call: uncached input, cached input, cache writes and output, summed in 128-bit pico-USD and
// rounded once, half away from zero, to the nano-USD. With counts withinLimits and prices within
// money::kMaxPricePerMillion (both checked where they enter) the result always fits int64.
money::Nanos callCost(const Price& price, const TokenCounts& tokens);

class PriceCatalog {
public:
    // The snapshot bundled in resources/pricing/catalog.json.
    static PriceCatalog bundled();
    // Our own catalog JSON format (see resources/pricing/catalog.json); nullopt and *error on bad input.
    static std::optional<PriceCatalog> fromJson(const QByteArray& json, QString* error = nullptr);
    // LiteLLM's model_prices_and_context_window.json (USD per token) to entries effective from `from`. A chat
    // entry with a price that is not a number or out of bounds is skipped and described in *problems.
    static std::optional<QList<PriceEntry>> parseLiteLlm(const QByteArray& json, timeutil::Millis from,
                                                         QString* error = nullptr, QStringList* problems = nullptr);

    // Adds or replaces (same model and effectiveFrom) an entry.
    void add(const PriceEntry& entry);

    // Canonical id for a logged name, case-insensitively through aliases, provider prefixes ("openai/gpt-4o")
    // and dated snapshots ("gpt-4o-2024-08-06"); nullopt when the catalog does not know the model (unpriced).
    std::optional<QString> resolve(QStringView rawModel) const;
    // The price in force for a canonical model at instant t; nullptr when none (unknown model, or t before
    // the first effective date).
    const Price* priceAt(QStringView canonicalModel, timeutil::Millis t) const;
    // resolve + priceAt + callCost; nullopt = unpriced.
    std::optional<money::Nanos> cost(QStringView rawModel, timeutil::Millis t, const TokenCounts& tokens) const;

    QList<PriceEntry> entries() const; // sorted by model, then effectiveFrom
    QStringList models() const;        // canonical ids, sorted
    // The dated entries of one canonical model, oldest first (empty when unknown): for callers that price many
    // rows of the same model without a hash lookup per row.
    QList<PriceEntry> history(QStringView canonicalModel) const;
    // The entry of `history` (sorted by effectiveFrom) in force at t: the last one with effectiveFrom <= t.
    static const Price* priceIn(const QList<PriceEntry>& history, timeutil::Millis t);
    bool isEmpty() const { return m_byModel.isEmpty(); }
    // The catalog file's "snapshot" date (when its prices were read), empty when it gives none.
    QString snapshotDate() const { return m_snapshotDate; }
    // A stable hash of every entry: the store uses it to tell whether costs it precomputed are still current.
    std::uint64_t fingerprint() const;

    // Our catalog JSON format (what fromJson reads), for `prices list --json` and round trips.
    static QByteArray toJson(const QList<PriceEntry>& entries);
    // One entry of our format to and from JSON (the store keeps overrides this way).
    static QJsonObject entryToJson(const PriceEntry& entry);
    static std::optional<PriceEntry> entryFromJson(const QJsonObject& object, QString* error = nullptr);
    // True when `json` looks like LiteLLM's file rather than ours (used by `prices import`).
    static bool looksLikeLiteLlm(const QByteArray& json);

private:
    QHash<QString, QList<PriceEntry>> m_byModel; // canonical id -> entries sorted by effectiveFrom
    QHash<QString, QString> m_aliasToModel;       // lower-cased alias or id -> canonical id
    QString m_snapshotDate;
};

} // namespace costdash::pricing
