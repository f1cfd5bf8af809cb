#pragma once
// The UI-thread stall meter of the window benchmarks: the longest gap between ticks of a 5 ms timer on the UI
// thread, i.e. how long the thread could not answer.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>

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
        });
    }
    void start()
    {
        m_longest = 0;
        m_clock.start();
        m_timer.start();
    }
    double longestMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_longest = 0;
};

} // namespace costdash::bench
