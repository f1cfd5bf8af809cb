#pragma once
// A small blocking queue between the parser thread and the writer: bounded, so memory stays flat when the
// writer is slower; closable from either side so neither waits forever after the other stops.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace costdash::importers {

template <typename T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity)
        : m_capacity(capacity)
    {
    }

    // False when the queue was closed (the consumer gave up): the producer should stop.
    bool push(T value)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_closed || m_items.size() < m_capacity; });
        if (m_closed)
            return false;
        m_items.push_back(std::move(value));
        m_notEmpty.notify_one();
        return true;
    }

    // nullopt once the queue is closed and drained.
    std::optional<T> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return m_closed || !m_items.empty(); });
        if (m_items.empty())
            return std::nullopt;
        return takeFront();
    }

    // Without waiting: nullopt when nothing is queued.
    std::optional<T> tryPop()
    {
        std::lock_guard lock(m_mutex);
        if (m_items.empty())
            return std::nullopt;
        return takeFront();
    }

    // Without waiting: false (and `value` dropped) when the queue is full or closed.
    bool tryPush(T value)
    {
        std::lock_guard lock(m_mutex);
        if (m_closed || m_items.size() >= m_capacity)
            return false;
        m_items.push_back(std::move(value));
        m_notEmpty.notify_one();
        return true;
    }

    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notFull.notify_all();
        m_notEmpty.notify_all();
    }

    // Consumer side: stop the producer and drop what is queued.
    void abandon()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_items.clear();
        m_notFull.notify_all();
        m_notEmpty.notify_all();
    }

private:
    // Called with the lock held and an item queued.
    T takeFront()
    {
        T value = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return value;
    }

    std::mutex m_mutex;
    std::condition_variable m_notFull;
    std::condition_variable m_notEmpty;
    std::deque<T> m_items;
    std::size_t m_capacity;
    bool m_closed = false;
};

} // namespace costdash::importers
