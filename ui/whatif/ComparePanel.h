#pragma once
// The pinned scenarios side by side: baseline, projected, savings by lever and cache hits per scenario, one bar
// chart of projected spend per scenario and projected spend per day as one line per scenario.
#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;
class QTableWidget;

namespace costdash::ui {

class PinnedScenarios;
class WhenShown;

class ComparePanel final : public QWidget {
    Q_OBJECT
public:
    enum Row { Baseline, Projected, Savings, CacheLever, RoutingLever, BatchLever, CacheHits, RowCount };

    ComparePanel(PinnedScenarios* pinned, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    QChartView* barsChart() const { return m_bars; }
    QChartView* byDayChart() const { return m_byDay; }
    // Says why a pin was refused (four pinned, or pinned already); "" clears it.
    void setMessage(const QString& message);

Q_SIGNALS:
    void pinRequested(); // "Pin the scenario shown"

private:
    void showPinned();
    void showCharts();

    PinnedScenarios* m_pinned;
    QTableWidget* m_table;
    QChartView* m_bars;
    QChartView* m_byDay;
    QPushButton* m_unpin;
    QLabel* m_hint;
    WhenShown* m_chartsUpdate = nullptr; // drawn only where they can be seen
};

} // namespace costdash::ui
