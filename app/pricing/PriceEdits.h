#pragma once
// Adding prices to a store's catalog, the one way for `costdash prices set|import` and the Prices page: the
// price text a user typed checked and turned into an entry, and a catalog file read into entries.
#include "pricing/PriceCatalog.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace costdash::pricing {

// Without a day, prices apply from the bundled snapshot's start, so they replace (rather than follow) its
// entries and price older logs too.
inline constexpr const char* kDefaultPriceFrom = "2024-01-01";

// A price as typed: decimal USD per 1M tokens; cached and cacheWrite may be empty (billed at input).
struct PriceText {
    QString model;
    QString input;
    QString output;
    QString cached;
    QString cacheWrite;
    QString provider; // empty: the catalog's, if it knows the model
    timeutil::Millis from = 0;
};

// What is wrong with a PriceText: the field ("input", "output", "cached", "cache-write", "model"; "price" when
// the input or the output price is missing) and why.
struct PriceProblem {
    QString field;
    QString why;
};

// The entry `text` sets in `catalog` (the model resolved as logged names are, the catalog's provider and
// aliases kept), or the first problem. `source` says where the entry comes from.
std::optional<PriceEntry> entryFromText(const PriceText& text, const PriceCatalog& catalog, const QString& source,
                                        PriceProblem* problem);

// A costdash catalog or LiteLLM's model_prices_and_context_window.json (detected) into entries; LiteLLM
// entries apply from `from`. *format gets "costdash" or "litellm"; *skipped the LiteLLM entries left out.
std::optional<QList<PriceEntry>> readCatalogFile(const QString& path, timeutil::Millis from, QString* error,
                                                 QStringList* skipped, QString* format);

} // namespace costdash::pricing
