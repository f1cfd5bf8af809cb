#include "Charts.h"

#include "Format.h"
#include "Palette.h"
#include "WhenShown.h"
#include "timeutil/Timestamp.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLegend>
#include <QStackedBarSeries>
#include <QCursor>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace costdash::ui::charts {
namespace {

QValueAxis* usdAxis(double minUsd, double maxUsd)
{
    auto* axis = new QValueAxis;
    minUsd = std::min(0.0, minUsd * 1.05);
    maxUsd = std::max(0.0, maxUsd * 1.05);
    axis->setRange(minUsd, maxUsd > minUsd ? maxUsd : minUsd + 1.0);
    axis->applyNiceNumbers();
    axis->setLabelFormat(usdLabelFormat(std::max(axis->max(), -axis->min())));
    return axis;
}

// Day labels placed by hand: QDateTimeAxis would shift UTC days by the local time zone.
QCategoryAxis* dayAxis(const QList<std::int64_t>& days)
{
    auto* axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int count = static_cast<int>(days.size());
    axis->setRange(0, std::max(1, count - 1));
    const int step = std::max(1, (count + 5) / 6);
    for (int i = 0; i < count; i += step)
        axis->append(timeutil::formatDay(days.at(i)).mid(5), i); // "11-03": the month is in the title
    return axis;
}

// Qt Charts elides every category label to "..." once one is too wide for its share of the chart; shorten
// long names ourselves so the others stay readable.
QString shortLabel(const QString& label)
{
    constexpr qsizetype kMax = 18;
    if (label.isEmpty())
        return QObject::tr("(none)");
    return label.size() <= kMax ? label : label.left(kMax - 1) + QChar(0x2026);
}

} // namespace

QString usdLabelFormat(double maxUsd)
{
    if (maxUsd >= 100)
        return QStringLiteral("$%.0f");
    if (maxUsd >= 1)
        return QStringLiteral("$%.2f");
    return QStringLiteral("$%.4f");
}

// Follows the system palette: a dark window gets Qt's dark chart theme, never a white plot area.
void applyPalette(QChart* chart, const QPalette& palette)
{
    if (palette.color(QPalette::Window).lightness() < 128)
        chart->setTheme(QChart::ChartThemeDark);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(palette.color(QPalette::WindowText));
}

// The exact value under the pointer, in a tooltip.
void showValue(bool shown, const QString& label, money::Nanos amount)
{
    if (shown)
        QToolTip::showText(QCursor::pos(), label + QStringLiteral(": ") + formatUsdAmount(amount));
    else
        QToolTip::hideText();
}

QChartView* makeView(const QString& title, QWidget* parent)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    auto* view = new QChartView(chart, parent);
    applyPalette(chart, view->palette());
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(260);
    return view;
}

QList<Bar> showBars(QChart* chart, QList<Bar> bars, int maxBars, bool bySize)
{
    clear(chart);
    if (bySize)
        std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.amount > b.amount; });
    if (bySize && bars.size() > maxBars) {
        Bar other{QObject::tr("other (%1)").arg(bars.size() - maxBars + 1), 0, true};
        for (qsizetype i = maxBars - 1; i < bars.size(); ++i)
            other.amount += bars.at(i).amount;
        bars.resize(maxBars - 1);
        bars.append(other);
    }
    auto* set = new QBarSet(QObject::tr("Spend"));
    QStringList labels;
    double minUsd = 0;
    double maxUsd = 0;
    // Horizontal bar series draw the first category at the bottom: add in reverse so the biggest is on top.
    for (auto it = bars.crbegin(); it != bars.crend(); ++it) {
        labels << shortLabel(it->label);
        set->append(toPlotUsd(it->amount));
        maxUsd = std::max(maxUsd, toPlotUsd(it->amount));
        minUsd = std::min(minUsd, toPlotUsd(it->amount));
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setBarWidth(0.7);
    chart->addSeries(series);
    QObject::connect(series, &QHorizontalBarSeries::hovered, series, [bars](bool shown, int index, QBarSet*) {
        const qsizetype at = bars.size() - 1 - index; // the set holds the bars bottom first
        if (at >= 0 && at < bars.size())
            showValue(shown, bars.at(at).label, bars.at(at).amount);
    });
    auto* categories = new QBarCategoryAxis;
    categories->append(labels);
    // Qt Charts elides every label to "…" once a label is taller than its bar's share of the axis: six bars in
    // a chart sized for a 1280×720 screen need labels a size smaller than the chart's default.
    QFont font = categories->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    categories->setLabelsFont(font);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    QValueAxis* values = usdAxis(minUsd, maxUsd);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(values);
    std::reverse(bars.begin(), bars.end());
    return bars;
}

void showDays(QChart* chart, const QList<std::int64_t>& days, const QList<DaySeries>& series, bool filled)
{
    clear(chart);
    chart->setMargins(QMargins(4, 4, 24, 4)); // room for the last day's label, which sits on the right edge
    QCategoryAxis* xAxis = dayAxis(days);
    double maxUsd = 0;
    for (const DaySeries& s : series) {
        for (money::Nanos amount : s.amounts)
            maxUsd = std::max(maxUsd, toPlotUsd(amount));
    }
    QValueAxis* yAxis = usdAxis(0, maxUsd);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    for (int n = 0; n < series.size(); ++n) {
        auto* line = new QLineSeries;
        line->setName(series.at(n).name);
        for (int i = 0; i < series.at(n).amounts.size(); ++i)
            line->append(i, toPlotUsd(series.at(n).amounts.at(i)));
        QAbstractSeries* shown = line;
        if (filled && n == 0) {
            auto* area = new QAreaSeries(line);
            line->setParent(area); // an area series does not own its boundary lines: without this, a leak per redraw
            area->setName(line->name());
            area->setOpacity(0.6);
            shown = area;
        }
        chart->addSeries(shown);
        const auto hovered = [days, s = series.at(n)](const QPointF& point, bool state) {
            const auto i = qsizetype(qRound(point.x()));
            if (i >= 0 && i < s.amounts.size() && i < days.size())
                showValue(state, s.name + u' ' + timeutil::formatDay(days.at(i)), s.amounts.at(i));
        };
        if (auto* area = qobject_cast<QAreaSeries*>(shown))
            QObject::connect(area, &QAreaSeries::hovered, area, hovered);
        else
            QObject::connect(line, &QLineSeries::hovered, line, hovered);
        shown->attachAxis(xAxis);
        shown->attachAxis(yAxis);
    }
    chart->legend()->setVisible(series.size() > 1);
    chart->legend()->setAlignment(Qt::AlignTop);
}

void showStackedDays(QChart* chart, const QStringList& days, const QStringList& keys,
                     const QList<QList<money::Nanos>>& amounts)
{
    clear(chart);
    if (days.isEmpty())
        return;
    chart->setMargins(QMargins(4, 4, 24, 4)); // room for the last day's label, as showDays
    auto* series = new QStackedBarSeries;
    series->setBarWidth(0.8);
    QList<double> dayTotals(days.size(), 0.0); // plotted only; the exact sums are summary's
    for (qsizetype k = 0; k < keys.size(); ++k) {
        auto* set = new QBarSet(keys.at(k).isEmpty() ? QObject::tr("unknown") : keys.at(k));
        set->setColor(QColor(palette::kSeries.at(std::min(k, palette::kSeries.size() - 1))));
        set->setBorderColor(set->color());
        const QList<money::Nanos>& row = amounts.value(k);
        for (qsizetype d = 0; d < days.size(); ++d) {
            set->append(toPlotUsd(row.value(d)));
            dayTotals[d] += toPlotUsd(row.value(d));
        }
        series->append(set);
    }
    const double maxUsd = dayTotals.isEmpty() ? 0.0 : *std::max_element(dayTotals.begin(), dayTotals.end());
    chart->addSeries(series);
    QObject::connect(series, &QStackedBarSeries::hovered, series,
                     [series, days, amounts](bool shown, int index, QBarSet* set) {
                         const qsizetype k = series->barSets().indexOf(set); // sets are in key order
                         if (index >= 0 && index < days.size() && k >= 0 && k < amounts.size())
                             showValue(shown, set->label() + u' ' + days.at(index), amounts.at(k).value(index));
                     });
    QList<std::int64_t> dayIndices;
    for (const QString& day : days)
        dayIndices << timeutil::parseDay(day).value_or(0);
    QCategoryAxis* xAxis = dayAxis(dayIndices);
    xAxis->setRange(-0.5, double(days.size()) - 0.5); // whole bars at both ends
    QValueAxis* yAxis = usdAxis(0, maxUsd);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->legend()->setVisible(!keys.isEmpty());
    chart->legend()->setAlignment(Qt::AlignRight);
}

DrawQueue::DrawQueue(QObject* parent, std::function<void()> allShown)
    : QObject(parent)
    , m_allShown(std::move(allShown))
{
}

void DrawQueue::add(QChartView* view, std::function<void()> draw)
{
    m_charts.append({view, std::move(draw), new WhenShown(view, [this] { schedule(); })});
}

void DrawQueue::redraw()
{
    for (Chart& chart : m_charts)
        chart.stale = true;
    schedule();
}

// One turn at a time: a run in flight picks up charts marked stale since it started.
void DrawQueue::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &DrawQueue::drawNext, Qt::QueuedConnection);
}

// Draws the first stale chart in sight; a hidden one waits to be shown, which schedules a turn again.
void DrawQueue::drawNext()
{
    m_scheduled = false;
    for (Chart& chart : m_charts) {
        if (!chart.stale)
            continue;
        if (!chart.view->isVisible()) {
            chart.whenShown->request();
            continue;
        }
        chart.stale = false;
        chart.draw();
        schedule();
        return;
    }
    m_allShown();
}

void clear(QChart* chart)
{
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace costdash::ui::charts
