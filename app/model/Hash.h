#pragma once
// The one non-cryptographic hash for in-memory tables: XXH3 (Debian's libxxhash-dev), inlined. The hashes the
// store keeps in its file are part of the file format and keep their own fixed functions: hash64 (model/Prompt.h:
// prompt_hash, norm_hash, the catalog fingerprint) and the row-key hash (store/PromptHash.h); so does the near
// index's word hash, whose values order what a capped near lookup reads (whatif/NearIndex.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace costdash {

inline std::uint64_t hashBytes(const void* data, std::size_t size)
{
    return XXH3_64bits(data, size);
}

inline std::uint64_t hashBytes(std::string_view bytes)
{
    return XXH3_64bits(bytes.data(), bytes.size());
}

} // namespace costdash
