#include "model/Prompt.h"

namespace costdash {

QString normalizePrompt(QStringView prompt)
{
    QString out;
    out.reserve(prompt.size());
    bool pendingSpace = false;
    for (const QChar c : prompt) {
        if (c.isSpace()) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out.append(u' ');
            pendingSpace = false;
        }
        out.append(c.toLower());
    }
    return out;
}

std::uint64_t hash64(QStringView text)
{
    std::uint64_t h = 14695981039346656037ULL;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace costdash
