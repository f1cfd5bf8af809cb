#pragma once
// What a user does with a small table or a chart besides reading it: copy rows to the clipboard (Ctrl+C, as
// tab-separated text), export the table as CSV, save a chart as PNG or SVG. Offered from their context menus.
#include <QList>
#include <QString>

class QAbstractItemModel;
class QChartView;
class QTableView;

namespace costdash::ui::tableactions {

// The rows of `model` as the table shows them, header first: all of them as CSV; those of `rows` (all when
// empty) as tab-separated text for the clipboard.
QString toCsv(const QAbstractItemModel& model);
QString toTabSeparated(const QAbstractItemModel& model, const QList<int>& rows);
// Adds Copy (Ctrl+C) and Export as CSV… to `view`'s context menu. Only for tables whose rows are all in memory.
void install(QTableView* view);
// Adds Save as PNG… and Save as SVG… to `view`'s context menu.
void installSave(QChartView* view);
// Writes the chart as shown: SVG when `path` ends in ".svg" (vector, titled with the chart's title), else PNG.
// False and *error when the file cannot be written.
bool saveChart(QChartView* view, const QString& path, QString* error);

} // namespace costdash::ui::tableactions
