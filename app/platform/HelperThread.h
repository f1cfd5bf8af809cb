#pragma once
// The one way to run work beside the calling thread and wait for it: a std::thread started at construction and
// joined by take() or join() or, at the latest, by the destructor, so it never outlives its owner. Its owner stops
// it (a flag the work polls) before the join. Plain threads, not Qt's pool: a caller that is a pool thread itself
// cannot starve, and the join is visible to ThreadSanitizer.
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

namespace costdash::platform {

template<typename Result = void>
class HelperThread {
    using Stored = std::conditional_t<std::is_void_v<Result>, std::monostate, Result>;

public:
    template<typename Work>
    explicit HelperThread(Work work)
        : m_thread([this, work = std::move(work)]() mutable {
            if constexpr (std::is_void_v<Result>)
                work();
            else
                m_result = work();
        })
    {
    }
    ~HelperThread() { join(); }
    HelperThread(const HelperThread&) = delete;
    HelperThread& operator=(const HelperThread&) = delete;

    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    // Waits for the work, then hands over what it returned (once).
    Stored take()
        requires(!std::is_void_v<Result>)
    {
        join();
        return std::move(m_result);
    }

private:
    Stored m_result{};
    std::thread m_thread; // last: it starts in the constructor and writes m_result
};

} // namespace costdash::platform
