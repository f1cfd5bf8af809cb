#pragma once
// The report's charts, painted as vectors with QPainter into a box of the PDF (no bitmaps). Amounts arrive exact
// (nano-USD) and become doubles only to place a mark; every label is formatted by money::formatUsdReadable.
#include "money/Money.h"

#include <QColor>
#include <QList>
#include <QPainter>
#include <QRectF>
#include <QStringList>

namespace costdash::ui::report {

struct ChartBar {
    QString label;
    money::Nanos amount = 0;
    QColor colour;
};

struct ChartSeries {
    QString name;
    QList<money::Nanos> values; // one per x label
    QColor colour;
};

// Horizontal bars with their label on the left and their amount at the end; negative amounts extend left.
void paintBars(QPainter& p, const QRectF& box, const QString& title, const QList<ChartBar>& bars);
// Lines over the x labels (days, TTLs), with a legend; x labels are thinned to fit.
void paintLines(QPainter& p, const QRectF& box, const QString& title, const QStringList& xLabels,
                const QList<ChartSeries>& series);
// Stacked columns, one per x label, the series stacked in order, with a legend.
void paintStacked(QPainter& p, const QRectF& box, const QString& title, const QStringList& xLabels,
                  const QList<ChartSeries>& series);

} // namespace costdash::ui::report
