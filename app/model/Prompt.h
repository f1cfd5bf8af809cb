#pragma once
// Prompt normalisation shared by the store (prompt hash column) and the what-if cache key:
// lower-case, trimmed, runs of white space collapsed to one space.
#include <QString>
#include <QStringView>
#include <cstdint>

namespace costdash {

QString normalizePrompt(QStringView prompt);

// 64-bit FNV-1a over the UTF-16 code units; stable across runs and platforms (stored in the DB).
std::uint64_t hash64(QStringView text);

inline std::uint64_t promptKeyHash(QStringView prompt) { return hash64(normalizePrompt(prompt)); }

} // namespace costdash
