#pragma once
// The UI-thread stall meter of the window benchmarks: the longest gap between ticks of a 5 ms timer on the UI
// thread, i.e. how long the thread could not answer; and the most CPU the UI thread itself used within one gap,
// which tells its own work from waiting for a core on a loaded machine.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>
#include <ctime>

namespace costdash::bench {

class Watchdog final : public QObject {
public:
    Watchdog()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_longest = std::max(m_longest, double(m_clock.nsecsElapsed()) / 1e6);
            m_clock.restart();
            const double cpu = threadCpuMs();
            m_longestBusy = std::max(m_longestBusy, cpu - m_cpu);
            m_cpu = cpu;
        });
    }
    void start()
    {
        m_longest = 0;
        m_longestBusy = 0;
        m_clock.start();
        m_cpu = threadCpuMs();
        m_timer.start();
    }
    double longestMs() const { return m_longest; }
    // The UI thread's CPU time within its busiest gap (at most longestMs()).
    double longestBusyMs() const { return m_longestBusy; }

private:
    static double threadCpuMs()
    {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_longest = 0;
    double m_longestBusy = 0;
    double m_cpu = 0;
};

} // namespace costdash::bench
