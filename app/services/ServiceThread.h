#pragma once
// A long-lived worker thread for a service that owns a connection (the store's, the chat client's): requests run on
// it in order, with an event loop for its timers and network replies, and answers run back on the owner's thread.
// Both directions go through a Mailbox. One-shot work with progress and cancel is a Job (Job.h) instead.
#include "services/Mailbox.h"

#include <QThread>
#include <functional>

namespace costdash::services {

class ServiceThread final {
public:
    // `owner` receives the answers on its thread (and parents their mailbox).
    ServiceThread(const QString& name, QObject* owner);
    ~ServiceThread(); // stop()s if the owner did not

    // Runs `request` on the service thread.
    void post(std::function<void()> request) { m_requests->post(std::move(request)); }
    // From the service thread: runs `answer` on the owner's thread (dropped if the owner is gone by then).
    void answer(std::function<void()> answer) { m_answers->post(std::move(answer)); }
    // Lives on the service thread: the parent of its timers and clients, and the context of their connections.
    QObject* context() const { return m_requests; }
    // Runs `last` on the service thread (closing what lives there), ends the thread and waits for it.
    void stop(std::function<void()> last = {});

private:
    QThread m_thread;
    Mailbox* m_requests; // on m_thread, deleted there when it ends
    Mailbox* m_answers;  // on the owner's thread, its child
    bool m_stopped = false;
};

} // namespace costdash::services
