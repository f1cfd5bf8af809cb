#pragma once
// The normalized texts and hashes the production paths give (the import's batch hash, the what-if interning),
// for tests that check them against normalizePrompt() and promptKeyHash().
#include "store/CallColumns.h"
#include "store/PromptHash.h"
#include "whatif/PromptKeys.h"

#include <QByteArray>
#include <QStringView>
#include <string>
#include <string_view>

namespace costdash::testing {

// The key text internPrompts() gives one prompt given as UTF-8; empty when the prompt has no key.
inline QByteArray internedKey(const QByteArray& utf8)
{
    store::TextArena prompts;
    prompts.append(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    const whatif::PromptKeys keys = whatif::internPrompts(prompts);
    if (keys.promptKey.at(0) < 0)
        return {};
    const std::string_view key = keys.keyText.view(std::size_t(keys.promptKey[0]));
    return QByteArray(key.data(), qsizetype(key.size()));
}

// What the import's prompt dictionary stores as norm_hash for one prompt (detail::normalizedPromptHashes).
inline std::uint64_t importedNormHash(std::string_view utf8)
{
    std::uint64_t hash = 0;
    std::string scratch;
    store::detail::normalizedPromptHashes(&utf8, 1, &hash, scratch);
    return hash;
}

inline std::uint64_t importedNormHash(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    return importedNormHash(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

} // namespace costdash::testing
