#include "services/Job.h"

#include "platform/Platform.h"

namespace costdash::services {

JobBase::JobBase(QObject* parent) : QObject(parent), m_mailbox(new Mailbox(this))
{
}

JobBase::~JobBase()
{
    cancelAndWait();
}

void JobBase::cancelAndWait()
{
    cancel();
    waitForFinished();
}

void JobBase::waitForFinished()
{
    if (m_thread.joinable())
        m_thread.join();
}

bool JobBase::startWork(std::function<void(JobControl&)> work)
{
    if (m_running)
        return false;
    waitForFinished(); // the last worker has published its end already: this returns at once
    m_running = true;
    m_cancel.store(false);
    {
        const auto locked = lock();
        m_progress.clear();
        m_lastPercent = -1;
        m_done = false;
    }
    m_thread = std::thread([this, work = std::move(work)] {
        platform::lowerThisThreadPriority(platform::kWorkerNice);
        JobControl control(m_cancel, [this](int percent) { report(percent, false); });
        work(control);
        report(-1, true);
    });
    return true;
}

// On the worker: publishes, then asks the job's thread to deliver unless it is asked already (it reads all that
// was published when it comes).
void JobBase::report(int percent, bool done)
{
    {
        const auto locked = lock();
        if (done)
            m_done = true;
        else if (percent == m_lastPercent)
            return;
        else
            m_progress.push_back(m_lastPercent = percent);
        if (m_posted)
            return;
        m_posted = true;
    }
    m_mailbox->post([this] { deliver(); });
}

void JobBase::deliver()
{
    std::vector<int> percents;
    bool done = false;
    {
        const auto locked = lock();
        m_posted = false;
        percents.swap(m_progress);
        done = m_done;
    }
    for (const int percent : percents)
        Q_EMIT progress(percent);
    if (!done || !m_running)
        return;
    waitForFinished(); // the worker is past its last report
    m_running = false;
    Q_EMIT finished();
}

} // namespace costdash::services
