#include "report/ReportCharts.h"

#include "Format.h"
#include "Palette.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace costdash::ui::report {
namespace {

constexpr int kTicks = 4;

QFont chartFont(double size, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(size);
    f.setBold(bold);
    f.setStyleStrategy(QFont::PreferNoShaping); // as the document's text: no ligature glyphs
    return f;
}

// Paints the title and returns the area left below it.
QRectF titled(QPainter& p, const QRectF& box, const QString& title)
{
    p.setFont(chartFont(9, true));
    p.setPen(QColor(palette::kText));
    p.drawText(QRectF(box.left(), box.top(), box.width(), 14), Qt::AlignLeft | Qt::AlignVCenter, title);
    return box.adjusted(0, 18, 0, 0);
}

// A round step for an axis up to `max` USD (1, 2 or 5 times a power of ten).
double niceStep(double max)
{
    if (max <= 0)
        return 1;
    const double raw = max / kTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw)
            return m * magnitude;
    }
    return 10 * magnitude;
}

money::Nanos usdToNanos(double usd) { return money::Nanos(std::llround(usd * double(money::kNanosPerUsd))); }

// Grid lines and USD labels on the left of `plot` for 0..top; returns the y of a value.
void paintYAxis(QPainter& p, const QRectF& plot, double top, double step)
{
    p.setFont(chartFont(6.5));
    for (double v = 0; v <= top + step / 2; v += step) {
        const double y = plot.bottom() - v / top * plot.height();
        p.setPen(QPen(QColor(palette::kRule), 0.4));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(QColor(palette::kMuted));
        p.drawText(QRectF(plot.left() - 52, y - 6, 48, 12), Qt::AlignRight | Qt::AlignVCenter,
                   formatUsdAmount(usdToNanos(v)));
    }
}

// X labels under `plot`, thinned so that they do not overlap.
void paintXLabels(QPainter& p, const QRectF& plot, const QStringList& labels, bool centred)
{
    if (labels.isEmpty())
        return;
    p.setFont(chartFont(6.5));
    p.setPen(QColor(palette::kMuted));
    const double slot = plot.width() / double(centred ? labels.size() : std::max<qsizetype>(1, labels.size() - 1));
    double labelWidth = 0;
    for (const QString& label : labels)
        labelWidth = std::max(labelWidth, QFontMetricsF(p.font(), p.device()).horizontalAdvance(label) + 8);
    const qsizetype every = std::max<qsizetype>(1, qsizetype(std::ceil(labelWidth / slot)));
    for (qsizetype i = 0; i < labels.size(); i += every) {
        const double x = plot.left() + slot * (double(i) + (centred ? 0.5 : 0));
        p.drawText(QRectF(x - labelWidth / 2, plot.bottom() + 3, labelWidth, 10), Qt::AlignCenter, labels[i]);
    }
}

void paintLegend(QPainter& p, const QRectF& area, const QList<ChartSeries>& series)
{
    p.setFont(chartFont(7));
    double x = area.left();
    for (const ChartSeries& s : series) {
        const double w = QFontMetricsF(p.font(), p.device()).horizontalAdvance(s.name) + 22;
        if (x + w > area.right())
            break;
        p.fillRect(QRectF(x, area.top() + 2, 8, 8), s.colour);
        p.setPen(QColor(palette::kText));
        p.drawText(QRectF(x + 11, area.top(), w - 11, 12), Qt::AlignLeft | Qt::AlignVCenter, s.name);
        x += w;
    }
}

double maxOf(const QList<ChartSeries>& series, bool stacked)
{
    double max = 0;
    const qsizetype n = series.isEmpty() ? 0 : series.first().values.size();
    for (qsizetype i = 0; i < n; ++i) {
        double sum = 0;
        for (const ChartSeries& s : series) {
            sum = stacked ? sum + toPlotUsd(s.values.value(i)) : std::max(sum, toPlotUsd(s.values.value(i)));
        }
        max = std::max(max, sum);
    }
    return max;
}

struct Axes {
    QRectF plot;
    double top = 1; // USD at the top of the y axis
};

// Title, legend, y axis (0 to a round value above the largest point, or stacked sum) and x labels; returns the
// plot area and its scale.
Axes paintAxes(QPainter& p, const QRectF& box, const QString& title, const QStringList& xLabels,
               const QList<ChartSeries>& series, bool stacked)
{
    const QRectF area = titled(p, box, title);
    paintLegend(p, area, series);
    Axes axes{area.adjusted(56, 18, -6, -14)};
    const double max = maxOf(series, stacked);
    const double step = niceStep(max);
    axes.top = std::max(step, std::ceil(max / step) * step);
    paintYAxis(p, axes.plot, axes.top, step);
    paintXLabels(p, axes.plot, xLabels, stacked);
    return axes;
}

} // namespace

void paintBars(QPainter& p, const QRectF& box, const QString& title, const QList<ChartBar>& bars)
{
    p.save();
    const QRectF area = titled(p, box, title);
    if (bars.isEmpty()) {
        p.restore();
        return;
    }
    double maxPos = 0, maxNeg = 0;
    for (const ChartBar& b : bars) {
        maxPos = std::max(maxPos, toPlotUsd(b.amount));
        maxNeg = std::max(maxNeg, -toPlotUsd(b.amount));
    }
    const double span = std::max(maxPos + maxNeg, 1e-9);
    const double labelWidth = area.width() * 0.3, valueWidth = 70;
    const QRectF plot(area.left() + labelWidth, area.top(), area.width() - labelWidth - valueWidth, area.height());
    const double zeroX = plot.left() + maxNeg / span * plot.width();
    const double rowH = std::min(18.0, area.height() / double(bars.size()));
    p.setFont(chartFont(7));
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const ChartBar& b = bars[i];
        const double y = area.top() + rowH * double(i);
        const double w = toPlotUsd(b.amount) / span * plot.width();
        p.setPen(QColor(palette::kText));
        p.drawText(QRectF(area.left(), y, labelWidth - 6, rowH), Qt::AlignRight | Qt::AlignVCenter,
                   QFontMetricsF(p.font(), p.device()).elidedText(b.label, Qt::ElideMiddle, labelWidth - 6));
        p.fillRect(QRectF(w >= 0 ? zeroX : zeroX + w, y + rowH * 0.2, std::abs(w), rowH * 0.6), b.colour);
        p.drawText(QRectF(std::max(zeroX, zeroX + w) + 4, y, valueWidth, rowH), Qt::AlignLeft | Qt::AlignVCenter,
                   formatUsdAmount(b.amount));
    }
    p.setPen(QPen(QColor(palette::kMuted), 0.6));
    p.drawLine(QPointF(zeroX, area.top()), QPointF(zeroX, area.top() + rowH * double(bars.size())));
    p.restore();
}

void paintLines(QPainter& p, const QRectF& box, const QString& title, const QStringList& xLabels,
                const QList<ChartSeries>& series)
{
    p.save();
    const auto [plot, top] = paintAxes(p, box, title, xLabels, series, false);
    const double dx = plot.width() / double(std::max<qsizetype>(1, xLabels.size() - 1));
    for (const ChartSeries& s : series) {
        QPainterPath path;
        for (qsizetype i = 0; i < s.values.size(); ++i) {
            const QPointF pt(plot.left() + dx * double(i), plot.bottom() - toPlotUsd(s.values[i]) / top * plot.height());
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
            p.setPen(Qt::NoPen);
            p.setBrush(s.colour);
            p.drawEllipse(pt, 1.6, 1.6);
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(s.colour, 1.4));
        p.drawPath(path);
    }
    p.restore();
}

void paintStacked(QPainter& p, const QRectF& box, const QString& title, const QStringList& xLabels,
                  const QList<ChartSeries>& series)
{
    p.save();
    const auto [plot, top] = paintAxes(p, box, title, xLabels, series, true);
    const double slot = plot.width() / double(std::max<qsizetype>(1, xLabels.size()));
    for (qsizetype i = 0; i < xLabels.size(); ++i) {
        double base = 0;
        for (const ChartSeries& s : series) {
            const double h = toPlotUsd(s.values.value(i)) / top * plot.height();
            p.fillRect(QRectF(plot.left() + slot * double(i) + slot * 0.12, plot.bottom() - base - h, slot * 0.76, h),
                       s.colour);
            base += h;
        }
    }
    p.restore();
}

} // namespace costdash::ui::report
