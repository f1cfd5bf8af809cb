#include "services/ServiceThread.h"

namespace costdash::services {

ServiceThread::ServiceThread(const QString& name, QObject* owner)
    : m_requests(new Mailbox)
    , m_answers(new Mailbox(owner))
{
    m_thread.setObjectName(name);
    m_requests->moveToThread(&m_thread);
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
    post([requests, last = std::move(last)] {
        if (last)
            last();
        requests->deleteLater(); // with its children (timers, clients), on this thread as it ends
        QThread::currentThread()->quit();
    });
    m_thread.wait();
}

} // namespace costdash::services
