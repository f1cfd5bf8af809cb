#include "whatif/PromptRegex.h"

#include <re2/re2.h>

namespace costdash::whatif {

std::optional<PromptRegex> PromptRegex::compile(const QString& pattern, QString* error)
{
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false); // the reason goes to the caller, not to stderr
    const QByteArray utf8 = pattern.toUtf8();
    auto re = std::make_shared<const RE2>(re2::StringPiece(utf8.constData(), std::size_t(utf8.size())), options);
    if (!re->ok()) {
        if (error)
            *error = QString::fromStdString(re->error());
        return std::nullopt;
    }
    return PromptRegex(std::move(re));
}

bool PromptRegex::search(std::string_view utf8) const
{
    return RE2::PartialMatch(re2::StringPiece(utf8.data(), utf8.size()), *m_re);
}

} // namespace costdash::whatif
