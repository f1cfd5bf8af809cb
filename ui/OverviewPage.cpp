#include "OverviewPage.h"

#include "Charts.h"
#include "Format.h"
#include "KpiTile.h"
#include "OverviewModels.h"
#include "SummaryTableModel.h"
#include "TableActions.h"
#include "timeutil/Timestamp.h"

#include "Palette.h"
#include <QAreaSeries>
#include <QBarSet>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

// Wholly unpriced groups have no cost to draw (a $0 bar would lie); the title counts them instead. A provider
// the log and the catalog do not name is drawn as "unknown", never dropped.
QList<charts::Bar> barsOf(const store::Summary& summary, int* unpricedGroups, bool byProvider = false)
{
    QList<charts::Bar> bars;
    *unpricedGroups = 0;
    for (const store::SummaryGroup& group : summary.groups) {
        if (group.whollyUnpriced())
            ++*unpricedGroups;
        else
            bars.append({byProvider && group.key.isEmpty() ? QObject::tr("unknown") : group.key, group.cost});
    }
    return bars;
}

// Bars per chart, "other" included: more would not leave each name a readable line at 1280×720.
constexpr int kBars = 5;

QString barTitle(const QString& title, int unpricedGroups)
{
    return unpricedGroups == 0 ? title
                               : title + QObject::tr(" (%1 unpriced not shown)").arg(unpricedGroups);
}

} // namespace

OverviewPage::OverviewPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("overviewPage"));
    m_grouping = new QComboBox(this);
    m_grouping->setObjectName(QStringLiteral("groupingCombo"));
    m_grouping->setToolTip(tr("Show spend per model, or per provider (as the log or the price catalog names it)."));
    m_grouping->addItem(tr("Models"), static_cast<int>(store::GroupBy::Model));
    m_grouping->addItem(tr("Providers"), static_cast<int>(store::GroupBy::Provider));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(buildCharts());
    splitter->addWidget(buildTables());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 200}); // the charts first; the table scrolls
    splitter->setChildrenCollapsible(false); // neither the charts nor the table can be dragged to nothing
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildTiles());
    layout->addWidget(splitter, 1);
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] {
        m_groupBy->setItemText(0, grouping() == store::GroupBy::Provider ? tr("By provider") : tr("By model"));
        m_charts->redraw();
        showTable();
    });
}

store::GroupBy OverviewPage::grouping() const
{
    return static_cast<store::GroupBy>(m_grouping->currentData().toInt());
}

void OverviewPage::setGrouping(store::GroupBy by)
{
    m_grouping->setCurrentIndex(std::max(0, m_grouping->findData(static_cast<int>(by))));
}

QWidget* OverviewPage::buildTiles()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_spend = new KpiTile(QStringLiteral("totalSpend"), tr("Total spend"), row);
    m_calls = new KpiTile(QStringLiteral("calls"), tr("Calls"), row);
    m_unpriced = new KpiTile(QStringLiteral("unpriced"), tr("Unpriced calls"), row);
    m_period = new KpiTile(QStringLiteral("period"), tr("Period"), row);
    for (KpiTile* tile : {m_spend, m_calls, m_unpriced, m_period})
        layout->addWidget(tile);
    auto* grouping = new QVBoxLayout;
    grouping->addWidget(new QLabel(tr("Spend of"), row));
    grouping->addWidget(m_grouping);
    grouping->addStretch();
    layout->addLayout(grouping);
    return row;
}

QWidget* OverviewPage::buildCharts()
{
    auto* box = new QWidget(this);
    auto* dayTabs = new QTabWidget(box);
    dayTabs->setObjectName(QStringLiteral("dayTabs"));
    dayTabs->setDocumentMode(true);
    dayTabs->setTabPosition(QTabWidget::West); // beside the chart: the pair below keeps the height its names need
    m_perDay = charts::makeView(tr("Spend per day by model"), dayTabs);
    m_perDay->setObjectName(QStringLiteral("spendPerDayChart"));
    m_perDay->setMinimumHeight(150);
    m_perDay->chart()->legend()->setAlignment(Qt::AlignRight);
    tableactions::installSave(m_perDay);
    m_byDay = charts::makeView(tr("Spend by day"), box);
    m_byModel = charts::makeView(tr("Spend by model"), box);
    m_byTask = charts::makeView(tr("Spend by task type"), box);
    // Sized so the page lays out whole on a 1280×720 screen (the window's smallest, see WindowFit.h).
    // The bar charts' names need the height: Qt Charts elides every label of a category axis to "…" once the
    // chart's height over (bars + 1) leaves less than a label's line.
    m_byDay->setMinimumHeight(150);
    m_byModel->setMinimumHeight(200);
    m_byTask->setMinimumHeight(200);
    m_byDay->setObjectName(QStringLiteral("spendByDayChart"));
    m_byModel->setObjectName(QStringLiteral("spendByModelChart"));
    m_byTask->setObjectName(QStringLiteral("spendByTaskChart"));
    for (QChartView* view : {m_byDay, m_byModel, m_byTask})
        tableactions::installSave(view);
    // The top chart first; the by-day total sits on a tab behind the stacked one.
    m_charts = new charts::DrawQueue(this, [this] { Q_EMIT chartsShown(); });
    m_charts->add(m_perDay, [this] { showPerDay(); });
    m_charts->add(m_byModel, [this] { showGroups(); });
    m_charts->add(m_byTask, [this] { showTasks(); });
    m_charts->add(m_byDay, [this] { showDays(); });
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    dayTabs->addTab(m_perDay, tr("Stacked"));
    dayTabs->addTab(m_byDay, tr("Total"));
    layout->addWidget(dayTabs, 2);
    auto* pair = new QHBoxLayout;
    pair->addWidget(m_byModel);
    pair->addWidget(m_byTask);
    layout->addLayout(pair, 3);
    return box;
}

QWidget* OverviewPage::buildTable()
{
    auto* box = new QWidget(this);
    m_groupBy = new QComboBox(box);
    m_groupBy->setObjectName(QStringLiteral("groupByCombo"));
    m_groupBy->setToolTip(tr("Group the table's calls by model, by task type or by day."));
    m_groupBy->addItem(tr("By model"), static_cast<int>(store::GroupBy::Model));
    m_groupBy->addItem(tr("By task type"), static_cast<int>(store::GroupBy::Task));
    m_groupBy->addItem(tr("By day"), static_cast<int>(store::GroupBy::Day));
    m_filter = new QLineEdit(box);
    m_filter->setObjectName(QStringLiteral("tableFilter"));
    m_filter->setPlaceholderText(tr("Filter\u2026"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show only the rows whose name contains this text."));

    m_model = new SummaryTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SortRole);
    m_proxy->setFilterKeyColumn(SummaryTableModel::Key);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = makeTable(m_proxy, QStringLiteral("summaryTable"), box);
    m_table->sortByColumn(SummaryTableModel::Cost, Qt::DescendingOrder);

    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &OverviewPage::showTable);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_groupBy);
    bar->addWidget(m_filter, 1);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    return box;
}

// A read-only table of `model` sorted by its SortRole; its first column stretches.
QTableView* OverviewPage::makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSortingEnabled(true);
    table->setAlternatingRowColors(true);
    table->setTabKeyNavigation(false); // Tab moves to the next control, not through every cell
    tableactions::install(table);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

QWidget* OverviewPage::buildTables()
{
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("overviewTables"));
    tabs->setDocumentMode(true);
    tabs->addTab(buildTable(), tr("Groups"));
    m_tokenClasses = new TokenClassModel(this);
    QTableView* classes = makeTable(m_tokenClasses, QStringLiteral("tokenClassTable"), tabs);
    classes->setSortingEnabled(false); // input, cached, output, reasoning: an order of their own
    classes->setToolTip(tr("What the calls cost at the catalog's prices, split by token class. Cache writes count "
                           "as input; reasoning is the part of the output spent thinking."));
    tabs->addTab(classes, tr("Token classes"));
    m_health = new ModelHealthModel(this);
    auto* healthProxy = new QSortFilterProxyModel(this);
    healthProxy->setSourceModel(m_health);
    healthProxy->setSortRole(SortRole);
    QTableView* health = makeTable(healthProxy, QStringLiteral("modelHealthTable"), tabs);
    health->sortByColumn(ModelHealthModel::Calls, Qt::DescendingOrder);
    tabs->addTab(health, tr("Latency && errors"));
    return tabs;
}

void OverviewPage::setCallStats(const store::CallStats& stats)
{
    m_tokenClasses->setCosts(stats.tokenClasses);
    m_health->setModels(stats.models);
}

void OverviewPage::setOverview(const services::Overview& overview)
{
    m_overview = overview;
    showTiles();
    showTable();
    m_charts->redraw();
}

void OverviewPage::showTiles()
{
    const store::Summary& total = m_overview.byModel;
    const QString unpricedNote = total.unpricedCalls == 0
        ? tr("every call is priced")
        : countOf(total.unpricedCalls, tr("unpriced call"), tr("unpriced calls")) + tr(" not included");
    m_spend->setValue(money::formatUsd(total.cost), unpricedNote);
    m_spend->setToolTip(money::formatUsdExact(total.cost) + QStringLiteral(" USD"));
    m_calls->setValue(formatCount(total.calls), tr("in %1").arg(QFileInfo(m_overview.storePath).fileName()));
    if (total.unpricedCalls == 0) {
        m_unpriced->setValue(QStringLiteral("0"), tr("no unknown model"));
        m_unpriced->setEmphasis({});
    } else {
        m_unpriced->setValue(formatCount(total.unpricedCalls),
                             tr("unknown to the catalog: %1").arg(total.unpricedModels.join(QStringLiteral(", "))));
        m_unpriced->setEmphasis(palette::onWindow(palette::kWarning));
    }
    const QList<store::SummaryGroup>& days = m_overview.byDay.groups;
    if (days.isEmpty())
        m_period->setValue(QStringLiteral("\u2013"), tr("no calls"));
    else
        m_period->setValue(countOf(days.size(), tr("day"), tr("days")),
                           days.first().key + QStringLiteral(" \u2192 ") + days.last().key);
}

void OverviewPage::showGroups()
{
    int unpriced = 0;
    const bool byProvider = grouping() == store::GroupBy::Provider;
    const QList<charts::Bar> groupBars = charts::showBars(
        m_byModel->chart(), barsOf(byProvider ? m_overview.byProvider : m_overview.byModel, &unpriced, byProvider), kBars);
    if (byProvider) // the Calls page filters by model, not by provider
        m_byModel->unsetCursor();
    else
        connectClicks(m_byModel, groupBars, &OverviewPage::modelClicked);
    m_byModel->chart()->setTitle(barTitle(byProvider ? tr("Spend by provider") : tr("Spend by model"), unpriced));
}

void OverviewPage::showTasks()
{
    int unpriced = 0;
    connectClicks(m_byTask, charts::showBars(m_byTask->chart(), barsOf(m_overview.byTask, &unpriced), kBars),
                  &OverviewPage::taskClicked);
    m_byTask->chart()->setTitle(barTitle(tr("Spend by task type"), unpriced));
}

void OverviewPage::showDays()
{
    QList<std::int64_t> days;
    charts::DaySeries spend{tr("Spend"), {}};
    const QList<store::SummaryGroup>& groups = m_overview.byDay.groups;
    if (!groups.isEmpty()) {
        const auto first = timeutil::parseDay(groups.first().key);
        const auto last = timeutil::parseDay(groups.last().key);
        QHash<std::int64_t, money::Nanos> byDay;
        for (const store::SummaryGroup& group : groups)
            byDay.insert(timeutil::parseDay(group.key).value_or(0), group.cost);
        for (std::int64_t day = first.value_or(0); first && last && day <= *last; ++day) {
            days << day;
            spend.amounts << byDay.value(day, 0); // a day without calls spent nothing
        }
        m_byDay->chart()->setTitle(tr("Spend by day (UTC), %1").arg(groups.first().key.left(7)));
    }
    if (days.size() == 1) { // one day is a bar, not an invisible one-point area
        connectClicks(m_byDay, charts::showBars(m_byDay->chart(), {{groups.first().key, spend.amounts.first()}}),
                      &OverviewPage::dayClicked);
        return;
    }
    charts::showDays(m_byDay->chart(), days, {spend}, true);
    m_days.clear();
    for (std::int64_t day : days)
        m_days << timeutil::formatDay(day);
    const auto series = m_byDay->chart()->series();
    if (auto* area = series.isEmpty() ? nullptr : qobject_cast<QAreaSeries*>(series.first())) {
        connect(area, &QAreaSeries::clicked, this, [this](const QPointF& point) {
            const int index = qRound(point.x());
            if (index >= 0 && index < m_days.size())
                Q_EMIT dayClicked(m_days.at(index));
        });
    }
}

void OverviewPage::showPerDay()
{
    const bool byProvider = grouping() == store::GroupBy::Provider;
    const store::DaySplit& split = byProvider ? m_overview.dayByProvider : m_overview.dayByModel;
    charts::showStackedDays(m_perDay->chart(), split.days, split.keys, split.amounts);
    m_perDay->chart()->setTitle(byProvider ? tr("Spend per day by provider (UTC)") : tr("Spend per day by model (UTC)"));
    const auto series = m_perDay->chart()->series();
    if (auto* stacked = series.isEmpty() ? nullptr : qobject_cast<QStackedBarSeries*>(series.first())) {
        m_perDay->setCursor(Qt::PointingHandCursor);
        connect(stacked, &QStackedBarSeries::clicked, this, [this, days = split.days](int index, QBarSet*) {
            if (index >= 0 && index < days.size())
                Q_EMIT dayClicked(days.at(index));
        });
    }
}

// The bars' series is rebuilt by every showBars: its click names the bar's full key (the "other" bar is no key).
void OverviewPage::connectClicks(QChartView* view, const QList<charts::Bar>& bars,
                                 void (OverviewPage::*signal)(const QString&))
{
    const auto series = view->chart()->series();
    auto* bar = series.isEmpty() ? nullptr : qobject_cast<QHorizontalBarSeries*>(series.first());
    if (!bar)
        return;
    view->setCursor(Qt::PointingHandCursor);
    connect(bar, &QHorizontalBarSeries::clicked, this, [this, bars, signal](int index, QBarSet*) {
        if (index >= 0 && index < bars.size() && !bars.at(index).folded)
            Q_EMIT(this->*signal)(bars.at(index).label);
    });
}

void OverviewPage::showTable()
{
    const auto by = static_cast<store::GroupBy>(m_groupBy->currentData().toInt());
    switch (by) {
    case store::GroupBy::Task: m_model->setSummary(m_overview.byTask, by); break;
    case store::GroupBy::Day: m_model->setSummary(m_overview.byDay, by); break;
    default:
        if (grouping() == store::GroupBy::Provider)
            m_model->setSummary(m_overview.byProvider, store::GroupBy::Provider);
        else
            m_model->setSummary(m_overview.byModel, store::GroupBy::Model);
        break;
    }
    // Days read in date order; models and tasks by what they cost.
    if (by == store::GroupBy::Day)
        m_table->sortByColumn(SummaryTableModel::Key, Qt::AscendingOrder);
    else
        m_table->sortByColumn(SummaryTableModel::Cost, Qt::DescendingOrder);
}

} // namespace costdash::ui
