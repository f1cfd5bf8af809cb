#pragma once
// Prompt cache keys: every distinct prompt text mapped to the id of its normalized text (normalizePrompt()).
#include "store/CallColumns.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace costdash::whatif {

// Appends normalizePrompt() of UTF-8 text to `out` as UTF-8: eight bytes at a time for ASCII words, byte by
// byte at white space runs, upper case and control characters, through QString (the Unicode rules) for text
// with non-ASCII bytes; the same result as normalizePrompt(QString::fromUtf8(text)).toUtf8() for every input.
void appendNormalizedUtf8(std::string_view text, std::string& out);

struct PromptKeys {
    store::TextArena keyText;            // key id -> normalized text (UTF-8), in order of first use
    std::vector<std::int32_t> promptKey; // prompt -> key id, -1 when white space only (never a cache hit)
};

// Interns the prompts by normalized text. Two texts share a key only when their normalized texts are equal
// (hashes only find the candidates).
PromptKeys internPrompts(const store::TextArena& prompts);

} // namespace costdash::whatif
