#pragma once
// A month of templated prompts over a 15-word vocabulary ("Detect the language of: profile search auth ..."), the
// shape of real production prompts that makes near mode's candidate lists long (issue 9, case 9). Deterministic
// for a seed; as store::CallColumns (in memory) or as an importable CSV.
#include "store/CallColumns.h"

#include <QByteArray>
#include <QHash>
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace costdash::test {

inline constexpr std::array<const char*, 15> kTemplateVocabulary = {
    "profile", "search", "auth", "checkout", "sync", "billing", "login", "export",
    "upload", "cart", "refund", "invoice", "report", "settings", "webhook"};

inline constexpr std::array<const char*, 6> kPromptTemplates = {
    "Detect the language of: ", "Summarize the feedback about ", "Classify this support ticket: ",
    "Write a release note title for ", "Extract the keywords from: ", "Which team owns "};

inline constexpr std::array<const char*, 3> kTemplateModels = {"gpt-4o", "gpt-4o-mini", "claude-3-5-haiku"};

struct TemplatedCall {
    std::int64_t timestampMs = 0;
    int model = 0;
    std::string prompt;
};

// Call `i` of a month of `calls` calls: a template and 3 to 10 vocabulary words drawn with repetition.
class TemplatedMonth {
public:
    explicit TemplatedMonth(std::uint64_t seed = 9) : m_state(seed * 0x9E3779B97F4A7C15ULL + 1) {}

    TemplatedCall next(std::int64_t index, std::int64_t calls)
    {
        constexpr std::int64_t kMonthMs = 30LL * 86'400'000;
        constexpr std::int64_t kStartMs = 1'761'955'200'000; // 2025-11-01T00:00:00Z
        TemplatedCall call;
        call.timestampMs = kStartMs + index * kMonthMs / std::max<std::int64_t>(calls, 1);
        call.model = int(draw() % kTemplateModels.size());
        call.prompt = kPromptTemplates[draw() % kPromptTemplates.size()];
        const std::uint64_t words = 3 + draw() % 8;
        for (std::uint64_t w = 0; w < words; ++w) {
            call.prompt += kTemplateVocabulary[draw() % kTemplateVocabulary.size()];
            call.prompt += w + 1 < words ? " " : "";
        }
        return call;
    }

private:
    std::uint64_t draw()
    {
        m_state ^= m_state << 13; // xorshift64: fast and the same on every platform
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state >> 11;
    }
    std::uint64_t m_state;
};

inline store::CallColumns templatedColumns(std::int64_t calls, std::uint64_t seed = 9)
{
    store::CallColumns c;
    for (const char* model : kTemplateModels)
        c.models.append(QString::fromLatin1(model));
    c.tasks.append(QStringLiteral("classification"));
    QHash<QByteArray, std::int32_t> promptIds;
    TemplatedMonth month(seed);
    for (std::int64_t i = 0; i < calls; ++i) {
        const TemplatedCall call = month.next(i, calls);
        const QByteArray prompt = QByteArray::fromStdString(call.prompt);
        auto it = promptIds.constFind(prompt);
        if (it == promptIds.constEnd()) {
            it = promptIds.insert(prompt, std::int32_t(c.prompts.size()));
            c.prompts.append(std::string_view(call.prompt));
        }
        c.rowId.push_back(i + 1);
        c.timestampMs.push_back(call.timestampMs);
        c.modelId.push_back(call.model);
        c.taskId.push_back(0);
        c.promptId.push_back(*it);
        c.inputTokens.push_back(40);
        c.cachedInputTokens.push_back(0);
        c.cacheWriteTokens.push_back(0);
        c.outputTokens.push_back(8);
        c.loggedCost.push_back(store::kNoLoggedCost);
        c.success.push_back(1);
    }
    return c;
}

// The same month as a CSV that `costdash import` reads (timestamps in unix ms, cost from the catalog).
inline QByteArray templatedCsv(std::int64_t calls, std::uint64_t seed = 9)
{
    QByteArray out = "timestamp,model,input_tokens,output_tokens,task_type,success,prompt\n";
    TemplatedMonth month(seed);
    for (std::int64_t i = 0; i < calls; ++i) {
        const TemplatedCall call = month.next(i, calls);
        out += QByteArray::number(call.timestampMs) + ',' + kTemplateModels[std::size_t(call.model)]
            + ",40,8,classification,true,\"" + QByteArray::fromStdString(call.prompt) + "\"\n";
    }
    return out;
}

} // namespace costdash::test
