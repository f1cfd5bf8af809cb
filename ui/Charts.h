#pragma once
// Chart building shared by the pages. Amounts arrive exact (nano-USD) and are turned into doubles only to plot.
#include "money/Money.h"

#include <QList>
#include <QObject>
#include <QString>
#include <cstdint>
#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QWidget;
QT_END_NAMESPACE

namespace costdash::ui {
class WhenShown;
}

namespace costdash::ui::charts {

struct Bar {
    QString label;
    money::Nanos amount = 0;
    bool folded = false; // the "other" bar: several labels in one
};

struct DaySeries {
    QString name;
    QList<money::Nanos> amounts; // one per day of `days`
};

QChartView* makeView(const QString& title, QWidget* parent);

// Removes and deletes every series and axis of `chart` (QChart::removeAxis gives up an axis without deleting it).
void clear(QChart* chart);

// Horizontal bars, first on top; `bySize` sorts biggest first and folds the bars beyond `maxBars` into one
// "other" bar (summed exactly). Negative amounts (a lever that costs more) extend the axis below zero.
// Returns the bars drawn, indexed as the bar set is (the bottom bar first).
QList<Bar> showBars(QChart* chart, QList<Bar> bars, int maxBars = 6, bool bySize = true);

// One line per series over consecutive days (day indices since the epoch); `filled` draws the first as an area.
void showDays(QChart* chart, const QList<std::int64_t>& days, const QList<DaySeries>& series, bool filled);

// One bar per day ("YYYY-MM-DD" in `days`), stacked by key: amounts[key][day]. Hovering a segment shows its key,
// day and exact amount; the legend names the keys in the series colours.
void showStackedDays(QChart* chart, const QStringList& days, const QStringList& keys,
                     const QList<QList<money::Nanos>>& amounts);

// A page's charts drawn one per event-loop turn, each only once its view can be seen (WhenShown): between two
// turns Qt lays out and paints the chart just drawn, so a page never holds the UI thread for all its charts.
// redraw() marks every chart out of date and supersedes a run in flight: its next turn draws the current data.
class DrawQueue final : public QObject {
public:
    // `allShown` runs once every chart that can be seen is drawn.
    DrawQueue(QObject* parent, std::function<void()> allShown);

    // Charts are drawn in the order they are added; `draw` reads the page's data when its turn comes.
    void add(QChartView* view, std::function<void()> draw);
    void redraw();

private:
    struct Chart {
        QChartView* view;
        std::function<void()> draw;
        WhenShown* whenShown;
        bool stale = false;
    };

    void schedule();
    void drawNext();

    QList<Chart> m_charts;
    std::function<void()> m_allShown;
    bool m_scheduled = false;
};

// "$%.2f"-style label format suited to the largest value on the axis.
QString usdLabelFormat(double maxUsd);

} // namespace costdash::ui::charts
