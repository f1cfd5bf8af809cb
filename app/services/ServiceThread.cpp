#include "services/ServiceThread.h"

#include "platform/Platform.h"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace costdash::services {

ServiceThread::ServiceThread(const QString& name, QObject* owner)
    : m_requests(new Mailbox)
    , m_answers(new Mailbox(owner))
{
    m_thread.setObjectName(name);
    m_requests->moveToThread(&m_thread);
    m_requests->post([] { platform::lowerThisThreadPriority(platform::kWorkerNice); });
    m_thread.start();
}

ServiceThread::~ServiceThread()
{
    stop();
}

void ServiceThread::stop(std::function<void()> last)
{
    if (m_stopped)
        return;
    m_stopped = true;
    Mailbox* requests = m_requests;
    // What `last` did happens before stop() returns, visibly to ThreadSanitizer (QThread::wait is not). On the
    // heap, shared: the service thread may still be inside the lock when this returns.
    struct Ended {
        std::mutex mutex;
        std::condition_variable condition;
        bool ended = false;
    };
    const auto state = std::make_shared<Ended>();
    post([state, requests, last = std::move(last)] {
        if (last)
            last();
        qDeleteAll(requests->children()); // timers, clients: on their thread, before stop() returns
        requests->deleteLater();          // itself once this event is done, as the thread ends
        QThread::currentThread()->quit();
        const std::lock_guard locked(state->mutex);
        state->ended = true;
        state->condition.notify_one();
    });
    {
        std::unique_lock locked(state->mutex);
        state->condition.wait(locked, [&state] { return state->ended; });
    }
    m_thread.wait();
}

} // namespace costdash::services
