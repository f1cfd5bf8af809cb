#pragma once
// Where the money went: headline figures, spend per day stacked by model (or provider), by model and task, and
// tables: the groups (sortable, filterable), cost by token class, latency and errors per model.
#include "Charts.h"
#include "services/StoreService.h"

#include <QWidget>

class QChartView;
class QAbstractItemModel;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace costdash::ui {

class KpiTile;
class ModelHealthModel;
class SummaryTableModel;
class TokenClassModel;

class OverviewPage final : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget* parent = nullptr);

    void setOverview(const services::Overview& overview);
    void setCallStats(const store::CallStats& stats);
    // Model or Provider: what the by-model chart, the stacked day chart and the table's first grouping show.
    void setGrouping(store::GroupBy by);
    store::GroupBy grouping() const;

    QSortFilterProxyModel* proxyModel() const { return m_proxy; }
    QChartView* spendByModelChart() const { return m_byModel; }
    QChartView* spendByDayChart() const { return m_byDay; }
    QChartView* spendByTaskChart() const { return m_byTask; }
    QChartView* spendPerDayChart() const { return m_perDay; } // stacked by model or provider
    TokenClassModel* tokenClassModel() const { return m_tokenClasses; }
    ModelHealthModel* modelHealthModel() const { return m_health; }

Q_SIGNALS:
    // A bar or a day of a chart was clicked: the Calls page shows that model's, task's or day's calls.
    void modelClicked(const QString& model);
    void taskClicked(const QString& task);
    void dayClicked(const QString& day);
    // Every chart in sight shows the current overview and grouping (they are drawn one per event-loop turn; a
    // chart on a hidden tab or page is drawn when shown, and this is emitted again).
    void chartsShown();

private:
    QWidget* buildTiles();
    QWidget* buildCharts();
    QWidget* buildTable();
    QWidget* buildTables();
    QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent);
    void showTiles();
    void showGroups();
    void showPerDay();
    void showTasks();
    void showDays();
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
    QChartView* m_perDay = nullptr;
    charts::DrawQueue* m_charts = nullptr;
    QComboBox* m_grouping = nullptr; // Model / Provider
    QComboBox* m_groupBy = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
    SummaryTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    TokenClassModel* m_tokenClasses = nullptr;
    ModelHealthModel* m_health = nullptr;
    QStringList m_days; // the day chart's x positions
};

} // namespace costdash::ui
