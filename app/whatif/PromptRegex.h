#pragma once
// A router rule's `prompt_matches` pattern, compiled with RE2: matching takes time linear in the prompt, with no
// backtracking and so no limit to hit. Patterns RE2 cannot express (backreferences, lookaround) are refused.
#include <QString>

#include <memory>
#include <optional>
#include <string_view>

namespace re2 {
class RE2;
}

namespace costdash::whatif {

class PromptRegex {
public:
    // Case-insensitive, searched anywhere in the text. nullopt and *error (RE2's reason) when RE2 refuses it.
    static std::optional<PromptRegex> compile(const QString& pattern, QString* error = nullptr);
    // True when the pattern occurs in the UTF-8 text. Safe to call from several threads at once.
    bool search(std::string_view utf8) const;

private:
    explicit PromptRegex(std::shared_ptr<const re2::RE2> re) : m_re(std::move(re)) { }
    std::shared_ptr<const re2::RE2> m_re;
};

} // namespace costdash::whatif
