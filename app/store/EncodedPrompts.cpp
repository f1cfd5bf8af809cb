#include "store/EncodedPrompts.h"

#include "store/PromptHash.h"

#include <algorithm>

namespace costdash::store {

void EncodedPrompts::clear()
{
    m_used = 0;
    m_ends.clear();
    m_hash.clear();
}

void EncodedPrompts::add(const QString& prompt)
{
    const std::size_t begin = m_used;
    const std::size_t room = begin + std::size_t(m_encoder.requiredSpace(prompt.size()));
    if (room > m_bytes.size())
        m_bytes.resize(std::max(room, m_bytes.size() * 2)); // grows only: no zero-filling per row
    char* const end = m_encoder.appendToBuffer(m_bytes.data() + begin, prompt);
    m_used = std::size_t(end - m_bytes.data());
    m_ends.push_back(m_used);
    m_hash.push_back(detail::fastBytesHash(m_bytes.data() + begin, m_used - begin));
}

} // namespace costdash::store
