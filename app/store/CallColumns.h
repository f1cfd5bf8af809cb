#pragma once
// The call store read back as columns: what the what-if Snapshot is built from. Text columns are dictionary
// ids into the small tables beside them; row order is (timestamp, store row id).
#include "money/Money.h"
#include "timeutil/Timestamp.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace costdash::store {

inline constexpr std::int64_t kNoLoggedCost = INT64_MIN; // loggedCost value when the log had none
inline constexpr std::int32_t kNoPrompt = -1;           // promptId value when the call had no prompt text

struct CallColumns {
    QStringList models;    // modelId -> logged model name
    QStringList providers; // providerId -> provider ("" when unknown)
    QStringList tasks;     // taskId -> task type ("" when none)
    QStringList prompts;   // promptId -> prompt text as logged

    std::vector<std::int64_t> rowId;
    std::vector<timeutil::Millis> timestampMs;
    std::vector<std::int32_t> modelId;
    std::vector<std::int32_t> providerId;
    std::vector<std::int32_t> taskId;
    std::vector<std::int32_t> promptId;
    std::vector<std::int64_t> inputTokens;
    std::vector<std::int64_t> cachedInputTokens;
    std::vector<std::int64_t> cacheWriteTokens;
    std::vector<std::int64_t> outputTokens;
    std::vector<money::Nanos> loggedCost; // kNoLoggedCost when none
    std::vector<std::uint8_t> success;    // 1 ok, 0 failed

    std::size_t size() const { return timestampMs.size(); }
};

} // namespace costdash::store
