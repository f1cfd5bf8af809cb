#pragma once
// Hand-made months for the what-if tests: calls written as rows, turned into store::CallColumns in memory, and
// a small catalog with round prices so expected totals can be worked out by hand.
#include "pricing/PriceCatalog.h"
#include "store/CallColumns.h"

#include <QString>
#include <optional>
#include <vector>

namespace costdash::whatif::test {

struct Row {
    Row(timeutil::Millis t_, QString model_, QString task_, QString prompt_, std::int64_t input_,
        std::int64_t output_, std::optional<money::Nanos> logged_ = std::nullopt, bool success_ = true,
        std::int64_t cached_ = 0)
        : t(t_), model(std::move(model_)), task(std::move(task_)), prompt(std::move(prompt_)), input(input_),
          output(output_), logged(logged_), success(success_), cached(cached_)
    {
    }
    timeutil::Millis t = 0;
    QString model;
    QString task;
    QString prompt; // "" = no prompt text
    std::int64_t input = 0;
    std::int64_t output = 0;
    std::optional<money::Nanos> logged; // nullopt = priced by the catalog
    bool success = true;
    std::int64_t cached = 0;
};

inline std::int32_t internInto(QStringList& dict, const QString& value)
{
    const qsizetype at = dict.indexOf(value);
    if (at >= 0)
        return std::int32_t(at);
    dict.append(value);
    return std::int32_t(dict.size() - 1);
}

inline std::int32_t internInto(store::TextArena& dict, const QString& value)
{
    const std::int32_t at = dict.indexOf(value);
    if (at >= 0)
        return at;
    dict.append(value);
    return std::int32_t(dict.size() - 1);
}

// Row ids follow the list order unless `rowIds` says otherwise (to test tie order).
inline store::CallColumns columnsOf(const std::vector<Row>& rows, const std::vector<std::int64_t>& rowIds = {})
{
    store::CallColumns c;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        c.rowId.push_back(rowIds.empty() ? std::int64_t(i + 1) : rowIds[i]);
        c.timestampMs.push_back(r.t);
        c.modelId.push_back(internInto(c.models, r.model));
        c.taskId.push_back(internInto(c.tasks, r.task));
        c.promptId.push_back(r.prompt.isEmpty() ? store::kNoPrompt : internInto(c.prompts, r.prompt));
        c.inputTokens.push_back(r.input);
        c.cachedInputTokens.push_back(r.cached);
        c.cacheWriteTokens.push_back(0);
        c.outputTokens.push_back(r.output);
        c.loggedCost.push_back(r.logged.value_or(store::kNoLoggedCost));
        c.success.push_back(r.success ? 1 : 0);
    }
    return c;
}

inline pricing::PriceEntry entry(const QString& model, money::MicrosPerMillion input, money::MicrosPerMillion output,
                                 std::optional<money::MicrosPerMillion> cached = std::nullopt,
                                 timeutil::Millis from = 0)
{
    pricing::PriceEntry e;
    e.model = model;
    e.provider = QStringLiteral("test");
    e.effectiveFrom = from;
    e.price.input = input;
    e.price.output = output;
    e.price.cachedInput = cached;
    return e;
}

// Prices in micro-USD per million tokens = pico-USD per token:
//   big:   2,000 nano/token in, 4,000 nano/token out
//   small:     1 nano/token in,     3 nano/token out, cached input 0.5 nano/token
//   half:    1.5 nano/token in and out (odd amounts for rounding)
//   late:  priced only from t = 1,000,000 ms (1 nano/token in and out)
inline pricing::PriceCatalog testCatalog()
{
    pricing::PriceCatalog c;
    c.add(entry(QStringLiteral("big"), 2'000'000, 4'000'000));
    c.add(entry(QStringLiteral("small"), 1'000, 3'000, 500));
    c.add(entry(QStringLiteral("half"), 1'500, 1'500));
    c.add(entry(QStringLiteral("late"), 1'000, 1'000, std::nullopt, 1'000'000));
    return c;
}

} // namespace costdash::whatif::test
