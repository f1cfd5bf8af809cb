#include "TableActions.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QChart>
#include <QClipboard>
#include <QPainter>
#include <QSvgGenerator>
#include <QFile>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QTableView>
#include <algorithm>

namespace costdash::ui::tableactions {
namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
QString csvField(QString text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    return u'"' + text.replace(QStringLiteral("\""), QStringLiteral("\"\"")) + u'"';
}

QString joined(const QAbstractItemModel& model, const QList<int>& rows, QChar separator, bool quote)
{
    const auto cell = [quote](const QString& text) { return quote ? csvField(text) : QString(text).replace(u'\t', u' '); };
    QStringList lines;
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << cell(model.headerData(c, Qt::Horizontal).toString());
    lines << header.join(separator);
    for (const int r : rows) {
        QStringList fields;
        for (int c = 0; c < model.columnCount(); ++c)
            fields << cell(model.index(r, c).data().toString());
        lines << fields.join(separator);
    }
    return lines.join(QStringLiteral("\n")) + u'\n';
}

QList<int> allRows(const QAbstractItemModel& model)
{
    QList<int> rows;
    for (int r = 0; r < model.rowCount(); ++r)
        rows << r;
    return rows;
}

} // namespace

QString toCsv(const QAbstractItemModel& model)
{
    return joined(model, allRows(model), u',', true);
}

QString toTabSeparated(const QAbstractItemModel& model, const QList<int>& rows)
{
    return joined(model, rows.isEmpty() ? allRows(model) : rows, u'\t', false);
}

void install(QTableView* view)
{
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copy = new QAction(QObject::tr("Copy"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    copy->setToolTip(QObject::tr("Copy the selected rows (all rows when none is selected) as tab-separated text."));
    QObject::connect(copy, &QAction::triggered, view, [view] {
        QList<int> rows;
        const auto selected = view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
        for (const QModelIndex& index : selected)
            rows << index.row();
        std::sort(rows.begin(), rows.end());
        QApplication::clipboard()->setText(toTabSeparated(*view->model(), rows));
    });
    auto* csv = new QAction(QObject::tr("Export as CSV\u2026"), view);
    QObject::connect(csv, &QAction::triggered, view, [view] {
        const QString path = QFileDialog::getSaveFileName(view, QObject::tr("Export as CSV"), QStringLiteral("table.csv"),
                                                          QObject::tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        QFile file(path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? path : path + QStringLiteral(".csv"));
        if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(*view->model()).toUtf8()) < 0)
            QMessageBox::warning(view, QObject::tr("Export as CSV"),
                                 QObject::tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    });
    view->addAction(copy);
    view->addAction(csv);
}

bool saveChart(QChartView* view, const QString& path, QString* error)
{
    if (!path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        if (view->grab().save(path, "PNG"))
            return true;
        *error = QObject::tr("Cannot write %1.").arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(view->size());
    svg.setViewBox(view->rect());
    svg.setTitle(view->chart()->title());
    svg.setDescription(QObject::tr("A chart saved by costdash"));
    QPainter painter(&svg);
    view->render(&painter);
    painter.end();
    if (file.error() == QFileDevice::NoError)
        return true;
    *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

void installSave(QChartView* view)
{
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto addSave = [view](const QString& text, const QString& suffix, const QString& filter) {
        auto* save = new QAction(text, view);
        save->setObjectName(QStringLiteral("saveChartAs") + suffix.toUpper());
        QObject::connect(save, &QAction::triggered, view, [view, suffix, filter] {
            QString path = QFileDialog::getSaveFileName(view, QObject::tr("Save chart"),
                                                        QStringLiteral("chart.") + suffix, filter);
            if (path.isEmpty())
                return;
            const QString dotted = QStringLiteral(".") + suffix;
            if (!path.endsWith(dotted, Qt::CaseInsensitive))
                path += dotted;
            QString error;
            if (!saveChart(view, path, &error))
                QMessageBox::warning(view, QObject::tr("Save chart"), error);
        });
        view->addAction(save);
    };
    addSave(QObject::tr("Save as PNG\u2026"), QStringLiteral("png"), QObject::tr("PNG images (*.png)"));
    addSave(QObject::tr("Save as SVG\u2026"), QStringLiteral("svg"), QObject::tr("SVG drawings (*.svg)"));
}

} // namespace costdash::ui::tableactions
