#pragma once
// Prompt normalisation shared by the store (prompt hash column) and the what-if cache key:
// lower-case, trimmed, runs of white space collapsed to one space.
#include <QString>
#include <QStringView>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace costdash {

QString normalizePrompt(QStringView prompt);

// 64-bit FNV-1a over the UTF-16 code units; stable across runs and platforms (stored in the DB).
std::uint64_t hash64(QStringView text);
inline constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

// normalizePrompt() of ASCII text given as bytes, eight at a time, written to `out` (room for text.size()
// bytes): its length, or kNotAscii when the text has a byte >= 0x80 (then `out` holds nothing useful). Its
// bytes are the UTF-16 code units normalizePrompt() would give, so hash64 of them is the same FNV chain.
inline constexpr std::size_t kNotAscii = std::size_t(-1);
std::size_t normalizeAscii(std::string_view text, char* out);

inline std::uint64_t promptKeyHash(QStringView prompt) { return hash64(normalizePrompt(prompt)); }

} // namespace costdash
