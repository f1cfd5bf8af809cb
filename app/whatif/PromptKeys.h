#pragma once
// Prompt cache keys: every distinct prompt text mapped to the id of its normalized text (normalizePrompt()).
#include "store/CallColumns.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace costdash::whatif {

struct PromptKeys {
    store::TextArena keyText;            // key id -> normalized text (UTF-8), in order of first use
    std::vector<std::int32_t> promptKey; // prompt -> key id, -1 when white space only (never a cache hit)
};

// Interns the prompts by normalized text (normalizeAscii eight bytes at a time, normalizePrompt for text with
// non-ASCII bytes: the same text as normalizePrompt() for every input). Two texts share a key only when their normalized texts are equal
// (hashes only find the candidates).
PromptKeys internPrompts(const store::TextArena& prompts);

} // namespace costdash::whatif
