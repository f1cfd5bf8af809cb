#pragma once
// hash64(normalizePrompt(text)) without building the normalised string: the import computes it for every
// distinct prompt, and the allocation and QChar calls cost more than the hash. Must equal promptKeyHash()
// (tst_store checks both on ASCII, Unicode and white-space cases).
#include <QStringView>
#include <cstdint>

namespace costdash::store::detail {

inline std::uint64_t normalizedPromptHash(QStringView text)
{
    std::uint64_t h = 14695981039346656037ULL;
    auto feed = [&h](char16_t c) {
        h ^= c;
        h *= 1099511628211ULL;
    };
    bool pendingSpace = false;
    bool any = false;
    for (const QChar qc : text) {
        char16_t c = qc.unicode();
        bool space;
        if (c < 0x80) {
            space = c == u' ' || (c >= u'\t' && c <= u'\r');
            if (c >= u'A' && c <= u'Z')
                c = char16_t(c + 32);
        } else {
            space = qc.isSpace();
            c = qc.toLower().unicode();
        }
        if (space) {
            pendingSpace = any;
            continue;
        }
        if (pendingSpace) {
            feed(u' ');
            pendingSpace = false;
        }
        feed(c);
        any = true;
    }
    return h;
}

} // namespace costdash::store::detail
