#pragma once
// The call store read back as columns: what the what-if Snapshot is built from. Text columns are dictionary
// ids into the small tables beside them; row order is (timestamp, store row id).
#include "money/Money.h"
#include "store/TextSearch.h"
#include "timeutil/Timestamp.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace costdash::store {

// Texts packed as UTF-8 in one buffer with end offsets: no QString (and no heap block) per text, and half the
// bytes of UTF-16 for mostly ASCII prompts. The bytes are kept as SQLite returned them; text() decodes like
// QString::fromUtf8.
class TextArena {
public:
    TextArena() = default;
    // Adopts packed texts: text i is bytes [ends[i - 1], ends[i]) (from 0 for i = 0); bytes holds ends.back().
    TextArena(QByteArray bytes, std::vector<std::uint64_t> ends) : m_bytes(std::move(bytes)), m_ends(std::move(ends))
    {
        m_bytes.truncate(m_ends.empty() ? 0 : qsizetype(m_ends.back()));
    }
    std::size_t size() const { return m_ends.size(); }
    bool empty() const { return m_ends.empty(); }
    std::string_view view(std::size_t i) const
    {
        const std::uint64_t begin = i ? m_ends[i - 1] : 0;
        return {m_bytes.constData() + begin, std::size_t(m_ends[i] - begin)};
    }
    QString text(std::size_t i) const
    {
        const std::string_view v = view(i);
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    }
    void append(std::string_view utf8)
    {
        m_bytes.append(utf8.data(), qsizetype(utf8.size()));
        m_ends.push_back(std::uint64_t(m_bytes.size()));
    }
    void append(const QString& text)
    {
        const QByteArray utf8 = text.toUtf8();
        append(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    }
    void reserve(std::size_t texts, std::size_t bytes)
    {
        m_ends.reserve(texts);
        m_bytes.reserve(qsizetype(bytes));
    }
    void squeeze()
    {
        m_bytes.squeeze();
        m_ends.shrink_to_fit();
    }
    std::size_t byteCount() const { return std::size_t(m_bytes.size()); }
    std::size_t memoryBytes() const { return std::size_t(m_bytes.capacity()) + m_ends.capacity() * sizeof(std::uint64_t); }
    // Calls onText(i), in order, for each text i in [first, last) that contains `needle` (not empty). One search
    // over the packed bytes: a find() per text stops at every occurrence of the needle's first byte.
    template <typename OnText>
    void forEachContaining(std::string_view needle, std::size_t first, std::size_t last, OnText&& onText) const;
    // Index of a text, -1 when absent (a linear scan: for tests and small tables).
    std::int32_t indexOf(const QString& text) const;
    QStringList toStringList() const;
    bool operator==(const TextArena& other) const = default;

private:
    QByteArray m_bytes;
    std::vector<std::uint64_t> m_ends; // text i spans [m_ends[i - 1], m_ends[i]) (from 0 for i = 0)
};

inline std::int32_t TextArena::indexOf(const QString& text) const
{
    const QByteArray utf8 = text.toUtf8();
    const std::string_view wanted(utf8.constData(), std::size_t(utf8.size()));
    for (std::size_t i = 0; i < size(); ++i) {
        if (view(i) == wanted)
            return std::int32_t(i);
    }
    return -1;
}

template <typename OnText>
void TextArena::forEachContaining(std::string_view needle, std::size_t first, std::size_t last, OnText&& onText) const
{
    if (first >= last)
        return;
    const char* base = m_bytes.constData();
    std::uint64_t from = first ? m_ends[first - 1] : 0;
    const std::uint64_t to = m_ends[last - 1];
    auto text = m_ends.begin() + std::ptrdiff_t(first);
    while (from < to) {
        const std::uint64_t at = findBytes(base, from, to, needle);
        if (at == to)
            return;
        while (*text <= at) // to the text holding byte `at`
            ++text;
        if (at + needle.size() > *text) {
            from = at + 1; // the occurrence runs on into the next text
            continue;
        }
        onText(std::size_t(text - m_ends.begin()));
        from = *text++;
    }
}

inline QStringList TextArena::toStringList() const
{
    QStringList out;
    out.reserve(qsizetype(size()));
    for (std::size_t i = 0; i < size(); ++i)
        out.append(text(i));
    return out;
}

inline constexpr std::int64_t kNoLoggedCost = INT64_MIN; // loggedCost value when the log had none
inline constexpr std::int64_t kUnknownTokens = -1; // inputTokens of a call whose usage is unknown (NULL tokens)
inline constexpr std::int32_t kNoPrompt = -1;           // promptId value when the call had no prompt text

// Only what the what-if snapshot uses (every column read adds to the load): no provider, latency, tag or user.
struct CallColumns {
    QStringList models;    // modelId -> logged model name
    QStringList tasks;     // taskId -> task type ("" when none)
    TextArena prompts;     // promptId -> prompt text as logged (UTF-8)

    std::vector<std::int64_t> rowId;
    std::vector<timeutil::Millis> timestampMs;
    std::vector<std::int32_t> modelId;
    std::vector<std::int32_t> taskId;
    std::vector<std::int32_t> promptId;
    std::vector<std::int64_t> inputTokens;
    std::vector<std::int64_t> cachedInputTokens;
    std::vector<std::int64_t> cacheWriteTokens;
    std::vector<std::int64_t> outputTokens;
    std::vector<money::Nanos> loggedCost; // kNoLoggedCost when none
    std::vector<std::uint8_t> success;    // 1 ok, 0 failed

    std::size_t size() const { return timestampMs.size(); }

    // Keeps the calls with fromMs <= timestamp < toMs (a report's or a what-if's period), in their order.
    void keepPeriod(timeutil::Millis fromMs, timeutil::Millis toMs)
    {
        std::vector<std::uint32_t> kept;
        for (std::size_t i = 0; i < size(); ++i) {
            if (timestampMs[i] >= fromMs && timestampMs[i] < toMs)
                kept.push_back(std::uint32_t(i));
        }
        if (kept.size() != size())
            permute(kept);
    }

    // Reorders the calls: call i becomes the old call order[i] (order may leave calls out).
    void permute(const std::vector<std::uint32_t>& order)
    {
        auto apply = [&order](auto& v) {
            std::remove_reference_t<decltype(v)> out;
            out.reserve(v.size());
            for (const std::uint32_t i : order)
                out.push_back(v[i]);
            v.swap(out);
        };
        if (!rowId.empty()) // optional in hand-made columns
            apply(rowId);
        apply(timestampMs), apply(modelId), apply(taskId), apply(promptId), apply(inputTokens);
        apply(cachedInputTokens), apply(cacheWriteTokens), apply(outputTokens), apply(loggedCost), apply(success);
    }
};

// Called with the prompt texts read so far, on the thread that read them (see CallStore::loadColumns()).
using PromptsRead = std::function<void(const TextArena& prompts)>;

} // namespace costdash::store
