#include "whatif/RuleCalls.h"

#include "model/Prompt.h"
#include "whatif/Parallel.h"
#include "whatif/Scenario.h"

#include <algorithm>
#include <limits>

namespace costdash::whatif {
namespace {

// Keys containing any of the rule's keywords (OR of the memoized per-keyword bitsets).
Bitset keysWithAnyKeyword(const Snapshot& snapshot, const QStringList& keywords)
{
    Bitset any((snapshot.distinctKeys() + 63) / 64, 0);
    for (const QString& keyword : keywords) {
        const auto hits = snapshot.keysContaining(normalizePrompt(keyword));
        for (std::size_t w = 0; w < any.size(); ++w)
            any[w] |= (*hits)[w];
    }
    return any;
}

// Distinct prompts whose text satisfies the prompt conditions (a prompt without text satisfies none).
Bitset promptsSatisfying(const Snapshot& snapshot, const RuleCondition& when)
{
    const SnapshotData& d = snapshot.data();
    const bool anyKeyword = !when.promptContains.isEmpty();
    const Bitset keywords = anyKeyword ? keysWithAnyKeyword(snapshot, when.promptContains) : Bitset{};
    const auto regex = when.promptMatches.isEmpty() ? nullptr : snapshot.promptsMatching(when.promptMatches);
    Bitset ok((snapshot.distinctPrompts() + 63) / 64, 0);
    for (std::size_t p = 0; p < snapshot.distinctPrompts(); ++p) {
        const std::int32_t key = d.promptKey[p];
        const bool holds = key >= 0 && (!anyKeyword || testBit(keywords, std::size_t(key))) && (!regex || testBit(*regex, p));
        ok[p >> 6] |= std::uint64_t(holds) << (p & 63);
    }
    return ok;
}

std::vector<std::uint8_t> tasksSatisfying(const SnapshotData& d, const RuleCondition& when)
{
    std::vector<std::uint8_t> ok(std::size_t(d.tasks.size()));
    for (qsizetype t = 0; t < d.tasks.size(); ++t)
        ok[std::size_t(t)] = when.taskTypes.isEmpty() || when.taskTypes.contains(d.tasks.at(t));
    return ok;
}

// A rule model matches the logged name case-insensitively, or the same catalog model.
std::vector<std::uint8_t> modelsSatisfying(const Snapshot& snapshot, const RuleCondition& when)
{
    const SnapshotData& d = snapshot.data();
    std::vector<std::int32_t> ruleDisplays;
    for (const QString& m : when.models) {
        if (const auto canonical = snapshot.catalog().resolve(m))
            ruleDisplays.push_back(snapshot.displayIdOf(*canonical));
    }
    std::vector<std::uint8_t> ok(std::size_t(d.models.size()));
    for (qsizetype m = 0; m < d.models.size(); ++m) {
        const std::int32_t display = d.modelDisplay[std::size_t(m)];
        const bool sameCatalogModel = d.displayPriced[std::size_t(display)]
            && std::find(ruleDisplays.begin(), ruleDisplays.end(), display) != ruleDisplays.end();
        ok[std::size_t(m)] = when.models.isEmpty() || sameCatalogModel
            || when.models.contains(d.models.at(m), Qt::CaseInsensitive);
    }
    return ok;
}

} // namespace

Bitset evaluateCondition(const Snapshot& snapshot, const RuleCondition& when)
{
    const SnapshotData& d = snapshot.data();
    const bool text = !when.promptContains.isEmpty() || !when.promptMatches.isEmpty();
    const Bitset prompts = text ? promptsSatisfying(snapshot, when) : Bitset{};
    const std::vector<std::uint8_t> tasks = tasksSatisfying(d, when);
    const std::vector<std::uint8_t> models = modelsSatisfying(snapshot, when);
    const std::int64_t atLeast = when.inputTokensAtLeast.value_or(std::numeric_limits<std::int64_t>::min());
    const std::int64_t below = when.inputTokensBelow.value_or(std::numeric_limits<std::int64_t>::max());
    Bitset calls((snapshot.size() + 63) / 64, 0);
    // In parallel; ranges are whole 64-call words, so no two threads write the same word.
    detail::forRanges(snapshot.size(), std::size_t(1) << 16, [&](detail::Range r) {
        for (std::size_t i = r.first; i < r.last; ++i) {
            const std::int32_t prompt = d.rawPrompt[i];
            const bool holds = (!text || (prompt >= 0 && testBit(prompts, std::size_t(prompt))))
                && tasks[std::size_t(d.task[i])] && models[std::size_t(d.model[i])] && d.inputTokens[i] >= atLeast
                && d.inputTokens[i] < below;
            calls[i >> 6] |= std::uint64_t(holds) << (i & 63);
        }
    });
    return calls;
}

} // namespace costdash::whatif
