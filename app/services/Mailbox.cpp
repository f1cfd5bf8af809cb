#include "services/Mailbox.h"

#include <QCoreApplication>
#include <QEvent>

namespace costdash::services {
namespace {

const QEvent::Type kMailEvent = QEvent::Type(QEvent::registerEventType());

} // namespace

Mailbox::Mailbox(QObject* parent) : QObject(parent)
{
}

Mailbox::~Mailbox()
{
    const std::lock_guard locked(m_mutex); // before ~QObject frees an event still posted
    m_queue.clear();
}

void Mailbox::post(std::function<void()> function)
{
    QEvent* event = nullptr;
    {
        const std::lock_guard locked(m_mutex);
        m_queue.push_back(std::move(function));
        if (m_posted)
            return;
        m_posted = true;
        event = new QEvent(kMailEvent);
    }
    QCoreApplication::postEvent(this, event);
}

// Qt hands only user event types here; the event itself is not read (see post()).
void Mailbox::customEvent(QEvent*)
{
    std::vector<std::function<void()>> functions;
    {
        const std::lock_guard locked(m_mutex);
        m_posted = false;
        functions.swap(m_queue);
    }
    for (const std::function<void()>& function : functions)
        function();
}

} // namespace costdash::services
