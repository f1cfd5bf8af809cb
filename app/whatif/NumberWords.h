#pragma once
// English number words for the near cache's number guard: "three" and "3" are one number, "third" and "3rd" too.
// A run of number words ("twenty three", "three hundred", "two thousand five") is one number; words of a run that
// cannot continue it start the next number ("three five" is 3 then 5).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace costdash::whatif {

struct NumberWord {
    enum class Kind { Unit, Ten, Hundred, Scale }; // 0-19, 20-90, hundred, thousand and up
    std::int64_t value = 0;
    Kind kind = Kind::Unit;
    bool ordinal = false;
};

// The number a lower-case ASCII word names, nullopt for any other word.
std::optional<NumberWord> numberWord(std::string_view word);

// The canonical text of a number: "3", or "3rd" for an ordinal (as a prompt would write it in digits).
std::string numberText(std::int64_t value, bool ordinal);

// Folds runs of number words in a stream of words into one token each: call word() for every word in text order,
// then finish(). `emit(std::string_view token, bool isNumber)` gets every other word unchanged and every number
// run as numberText(); folded tokens are kept in `owned` so their views stay valid.
template<typename Emit>
class NumberFolder {
public:
    NumberFolder(std::deque<std::string>& owned, Emit& emit) : m_owned(owned), m_emit(emit) {}

    void word(std::string_view w, bool hasDigit)
    {
        const std::optional<NumberWord> n = numberWord(w);
        if (!n) {
            finish();
            m_emit(w, hasDigit);
            return;
        }
        if (!continues(*n)) {
            // "five thousand two million": the scale takes the words since the last scale into the next number.
            const bool carry = n->kind == Kind::Scale && m_last != Kind::Scale && m_total > 0;
            const std::int64_t carried = carry ? m_current : 0;
            m_current -= carried;
            finish();
            m_current = carried;
            m_open = carry;
        }
        add(*n);
        if (n->ordinal)
            finish();
    }

    void finish()
    {
        if (!m_open)
            return;
        m_emit(std::string_view(m_owned.emplace_back(numberText(m_total + m_current, m_ordinal))), true);
        m_open = false;
        m_total = m_current = m_lastScale = 0;
        m_ordinal = false;
    }

private:
    using Kind = NumberWord::Kind;
    bool continues(const NumberWord& n) const
    {
        if (!m_open)
            return true;
        switch (n.kind) {
        case Kind::Unit:
            return m_last == Kind::Hundred || m_last == Kind::Scale || (m_last == Kind::Ten && n.value < 10);
        case Kind::Ten:
            return m_last == Kind::Hundred || m_last == Kind::Scale;
        case Kind::Hundred:
            return (m_last == Kind::Unit || m_last == Kind::Ten) && m_current < 100;
        case Kind::Scale: // descending scales: "two million five thousand", not "five thousand two million"
            return m_last != Kind::Scale && (m_lastScale == 0 || n.value < m_lastScale);
        }
        return false;
    }
    void add(const NumberWord& n)
    {
        if (n.kind == Kind::Hundred) {
            m_current = (m_current ? m_current : 1) * 100;
        } else if (n.kind == Kind::Scale) {
            m_total += (m_current ? m_current : 1) * n.value;
            m_current = 0;
            m_lastScale = n.value;
        } else {
            m_current += n.value;
        }
        m_open = true;
        m_last = n.kind;
        m_ordinal = n.ordinal;
    }

    std::deque<std::string>& m_owned;
    Emit& m_emit;
    bool m_open = false;
    bool m_ordinal = false;
    Kind m_last = Kind::Unit;
    std::int64_t m_total = 0;
    std::int64_t m_current = 0;
    std::int64_t m_lastScale = 0; // 0 before the run's first scale word
};

} // namespace costdash::whatif
