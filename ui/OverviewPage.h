#pragma once
// Where the money went: headline figures, spend by model / day / task, and a sortable, filterable table.
#include "Charts.h"
#include "services/StoreService.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace costdash::ui {

class KpiTile;
class SummaryTableModel;

class OverviewPage final : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget* parent = nullptr);

    void setOverview(const services::Overview& overview);

    QSortFilterProxyModel* proxyModel() const { return m_proxy; }
    QChartView* spendByModelChart() const { return m_byModel; }
    QChartView* spendByDayChart() const { return m_byDay; }
    QChartView* spendByTaskChart() const { return m_byTask; }

Q_SIGNALS:
    // A bar or a day of a chart was clicked: the Calls page shows that model's, task's or day's calls.
    void modelClicked(const QString& model);
    void taskClicked(const QString& task);
    void dayClicked(const QString& day);

private:
    QWidget* buildTiles();
    QWidget* buildCharts();
    QWidget* buildTable();
    void showTiles();
    void showCharts();
    void showTable();
    void connectClicks(QChartView* view, const QList<charts::Bar>& bars, void (OverviewPage::*signal)(const QString&));

    services::Overview m_overview;
    KpiTile* m_spend = nullptr;
    KpiTile* m_calls = nullptr;
    KpiTile* m_unpriced = nullptr;
    KpiTile* m_period = nullptr;
    QChartView* m_byModel = nullptr;
    QChartView* m_byDay = nullptr;
    QChartView* m_byTask = nullptr;
    QComboBox* m_groupBy = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
    SummaryTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QStringList m_days; // the day chart's x positions
};

} // namespace costdash::ui
