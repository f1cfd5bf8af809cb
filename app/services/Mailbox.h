#pragma once
// The one cross-thread hand-off of the services: post() from any thread queues a function that runs on the thread
// the Mailbox lives on, in order. Visible to ThreadSanitizer although Debian's Qt is not instrumented: the functions
// wait in a queue under a std::mutex, and the bare QEvent that wakes the receiver is allocated under that mutex,
// which the receiver (or the destructor) takes before Qt frees the event. No data travels through Qt's queue.
#include <QObject>
#include <functional>
#include <mutex>
#include <vector>

namespace costdash::services {

class Mailbox final : public QObject {
public:
    explicit Mailbox(QObject* parent = nullptr);
    ~Mailbox() override; // functions still queued are dropped, never run

    void post(std::function<void()> function);

protected:
    void customEvent(QEvent* event) override;

private:
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_queue; // under m_mutex
    bool m_posted = false;                       // under m_mutex: an event is on its way
};

} // namespace costdash::services
