#include "whatif/NumberWords.h"

#include <algorithm>
#include <array>

namespace costdash::whatif {
namespace {

struct Entry {
    std::string_view word;
    NumberWord number;
};

using Kind = NumberWord::Kind;

constexpr Entry unit(std::string_view w, std::int64_t v, bool ordinal = false)
{
    return {w, {v, Kind::Unit, ordinal}};
}
constexpr Entry ten(std::string_view w, std::int64_t v, bool ordinal = false)
{
    return {w, {v, Kind::Ten, ordinal}};
}
constexpr Entry scale(std::string_view w, std::int64_t v, bool ordinal = false)
{
    return {w, {v, v == 100 ? Kind::Hundred : Kind::Scale, ordinal}};
}

constexpr std::array kEntries = {
    unit("zero", 0),         unit("one", 1),         unit("two", 2),          unit("three", 3),
    unit("four", 4),         unit("five", 5),        unit("six", 6),          unit("seven", 7),
    unit("eight", 8),        unit("nine", 9),        unit("ten", 10),         unit("eleven", 11),
    unit("twelve", 12),      unit("thirteen", 13),   unit("fourteen", 14),    unit("fifteen", 15),
    unit("sixteen", 16),     unit("seventeen", 17),  unit("eighteen", 18),    unit("nineteen", 19),
    ten("twenty", 20),       ten("thirty", 30),      ten("forty", 40),        ten("fifty", 50),
    ten("sixty", 60),        ten("seventy", 70),     ten("eighty", 80),       ten("ninety", 90),
    scale("hundred", 100),   scale("thousand", 1'000), scale("million", 1'000'000),
    scale("billion", 1'000'000'000), scale("trillion", 1'000'000'000'000),
    unit("zeroth", 0, true), unit("first", 1, true), unit("second", 2, true), unit("third", 3, true),
    unit("fourth", 4, true), unit("fifth", 5, true), unit("sixth", 6, true), unit("seventh", 7, true),
    unit("eighth", 8, true), unit("ninth", 9, true), unit("tenth", 10, true), unit("eleventh", 11, true),
    unit("twelfth", 12, true), unit("thirteenth", 13, true), unit("fourteenth", 14, true),
    unit("fifteenth", 15, true), unit("sixteenth", 16, true), unit("seventeenth", 17, true),
    unit("eighteenth", 18, true), unit("nineteenth", 19, true),
    ten("twentieth", 20, true), ten("thirtieth", 30, true), ten("fortieth", 40, true), ten("fiftieth", 50, true),
    ten("sixtieth", 60, true), ten("seventieth", 70, true), ten("eightieth", 80, true), ten("ninetieth", 90, true),
    scale("hundredth", 100, true), scale("thousandth", 1'000, true), scale("millionth", 1'000'000, true),
    scale("billionth", 1'000'000'000, true), scale("trillionth", 1'000'000'000'000, true)};

constexpr auto sortedEntries()
{
    auto out = kEntries;
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
    return out;
}

constexpr auto kSorted = sortedEntries();

// Per first letter, a bit per last letter: whether some number word starts with this letter and ends with that one,
// so most words are refused with one table look-up (the lookup runs on every word of every prompt).
constexpr std::array<std::uint32_t, 26> firstLastLetters()
{
    std::array<std::uint32_t, 26> bits{};
    for (const Entry& e : kEntries)
        bits[std::size_t(e.word.front() - 'a')] |= std::uint32_t(1) << (e.word.back() - 'a');
    return bits;
}

constexpr auto kFirstLast = firstLastLetters();

bool mayBeNumberWord(std::string_view word)
{
    const auto first = static_cast<unsigned char>(word.front());
    const auto last = static_cast<unsigned char>(word.back());
    if (first < 'a' || first > 'z' || last < 'a' || last > 'z')
        return false;
    return (kFirstLast[first - 'a'] >> (last - 'a')) & 1U;
}

} // namespace

std::optional<NumberWord> numberWord(std::string_view word)
{
    if (word.size() < 3 || word.size() > 11 || !mayBeNumberWord(word)) // "one" .. "seventeenth"
        return std::nullopt;
    const auto it = std::lower_bound(kSorted.begin(), kSorted.end(), word,
                                     [](const Entry& e, std::string_view w) { return e.word < w; });
    if (it == kSorted.end() || it->word != word)
        return std::nullopt;
    return it->number;
}

std::string numberText(std::int64_t value, bool ordinal)
{
    std::string text = std::to_string(value);
    if (!ordinal)
        return text;
    const std::int64_t lastTwo = value % 100;
    const std::int64_t last = value % 10;
    if (lastTwo >= 11 && lastTwo <= 13)
        return text + "th";
    return text + (last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th");
}

} // namespace costdash::whatif
