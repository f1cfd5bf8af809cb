#include "ProjectionPanel.h"

#include "Charts.h"
#include "Format.h"
#include "KpiTile.h"
#include "ProjectionModels.h"
#include "SummaryTableModel.h"
#include "WhenShown.h"
#include "api/MoveEvidence.h"
#include "timeutil/Timestamp.h"

#include "Palette.h"
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

// Savings in green, extra cost in red, nothing saved in the window's text colour.
QString savingsColour(money::Nanos amount)
{
    return amount > 0 ? palette::onWindow(palette::kGood) : amount < 0 ? palette::onWindow(palette::kBad) : QString();
}

QTableView* makeTable(QAbstractItemModel* model, const QString& name, int sortColumn, QWidget* parent)
{
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(SortRole);
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(sortColumn, Qt::DescendingOrder);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

// Near mode is approximate; where the index's caps cut candidates, the tile says for how many lookups.
QString nearDetail(const whatif::Projection& projection)
{
    if (projection.nearCappedCalls == 0)
        return ProjectionPanel::tr("near match: approximate");
    return ProjectionPanel::tr("near match: approximate, %1 lookups capped").arg(formatCount(projection.nearCappedCalls));
}

} // namespace

ProjectionPanel::ProjectionPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("projectionPanel"));
    m_chartsUpdate = new WhenShown(this, [this] {
        if (!m_shown.outOfRange) // an out-of-range replay leaves the charts as they were
            showCharts(m_shown);
    });
    m_leversChart = charts::makeView(tr("Savings by lever"), this);
    m_leversChart->setObjectName(QStringLiteral("leversChart"));
    m_byDayChart = charts::makeView(tr("Baseline vs projected by day (UTC)"), this);
    m_byDayChart->setObjectName(QStringLiteral("projectionByDayChart"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("replayStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto* chartRow = new QWidget(this);
    auto* chartLayout = new QHBoxLayout(chartRow);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_leversChart, 2);
    chartLayout->addWidget(m_byDayChart, 3);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(chartRow);
    QWidget* tables = buildTables();
    tables->setMinimumHeight(160); // its tables scroll: on a 720-pixel screen the charts keep their height
    splitter->addWidget(tables);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildTiles());
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
}

QWidget* ProjectionPanel::buildTiles()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_baseline = new KpiTile(QStringLiteral("baseline"), tr("Baseline (logged)"), row);
    m_projected = new KpiTile(QStringLiteral("projected"), tr("Projected"), row);
    m_savings = new KpiTile(QStringLiteral("savings"), tr("Savings, all moves"), row);
    m_testedSavings = new KpiTile(QStringLiteral("testedSavings"), tr("Savings, tested moves"), row);
    m_testedSavings->setToolTip(tr("Leaves out what moves save that neither the logs nor a test-prompt run has "
                                   "tried: nothing shows the cheaper model can do those calls."));
    m_hits = new KpiTile(QStringLiteral("cacheHits"), tr("Cache hits"), row);
    for (KpiTile* tile : {m_baseline, m_projected, m_savings, m_testedSavings, m_hits})
        layout->addWidget(tile);
    return row;
}

QWidget* ProjectionPanel::buildTables()
{
    auto* tabs = m_tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("projectionTabs"));
    m_byTask = new ComparisonModel(tr("Task type"), this);
    m_tiers = new TiersModel(this);
    m_moves = new MovesModel(this);
    tabs->addTab(makeTable(m_byTask, QStringLiteral("byTaskTable"), ComparisonModel::Savings, tabs), tr("By task"));
    tabs->addTab(makeTable(m_tiers, QStringLiteral("tiersTable"), TiersModel::RoutedCalls, tabs), tr("Tiers"));
    tabs->addTab(buildMovesTab(tabs), tr("Moves"));
    return tabs;
}

// The moves and, under them, the selected move's evidence and sample calls.
QWidget* ProjectionPanel::buildMovesTab(QWidget* parent)
{
    auto* tab = new QWidget(parent);
    QTableView* table = makeTable(m_moves, QStringLiteral("movesTable"), MovesModel::Calls, tab);
    auto* samples = new QLabel(tr("Select a move to see calls it takes."), tab);
    samples->setObjectName(QStringLiteral("moveSamples"));
    samples->setWordWrap(true);
    samples->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, samples,
            [table, samples, this](const QModelIndex& current) {
                const auto* proxy = static_cast<const QSortFilterProxyModel*>(table->model());
                samples->setText(m_moves->samplesText(proxy->mapToSource(current).row()));
            });
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table, 1);
    layout->addWidget(samples);
    return tab;
}

void ProjectionPanel::showProjection(const whatif::Projection& projection, const whatif::Scenario& scenario,
                                     const QString& scenarioName, double replayMs)
{
    m_scenarioName = scenarioName;
    m_unpricedCalls = projection.unpricedCalls;
    m_shown = projection;
    m_hasShown = true;
    if (projection.outOfRange) { // no figure of this replay is exact: show none of them
        for (auto* card : {m_baseline, m_projected, m_savings, m_testedSavings, m_hits})
            card->setValue(QStringLiteral("\u2014"), QString());
        setStatus(money::totalOutOfRange());
        return;
    }
    m_baseline->setValue(money::formatUsd(projection.baseline), countOf(projection.calls, tr("call"), tr("calls")));
    m_baseline->setToolTip(money::formatUsdExact(projection.baseline) + QStringLiteral(" USD"));
    m_projected->setValue(money::formatUsd(projection.projected), projectedDetail());
    m_projected->setToolTip(money::formatUsdExact(projection.projected) + QStringLiteral(" USD"));
    const money::Nanos savings = projection.savings();
    m_savings->setValue(money::formatUsd(savings), tr("%1 of the baseline").arg(formatShare(savings, projection.baseline)));
    m_savings->setToolTip(money::formatUsdExact(savings) + QStringLiteral(" USD"));
    m_savings->setEmphasis(savingsColour(savings));
    showTestedSavings(projection);
    m_hits->setValue(formatCount(projection.cacheHits),
                     scenario.cache.mode == whatif::CacheMode::Off ? tr("cache off")
                     : scenario.cache.mode == whatif::CacheMode::Near ? nearDetail(projection)
                                                                       : tr("exact prompt match"));
    m_chartsUpdate->request();
    m_byTask->setRows(projection.byTask);
    m_tiers->setTiers(scenario.router, projection.tiers);
    m_moves->setMoves(projection.moves);
    setStatus(tr("Replayed %1 calls in %2 ms").arg(formatCount(projection.calls)).arg(replayMs, 0, 'f', 1));
}

// The scenario by the name its box shows, and what the figure leaves out.
QString ProjectionPanel::projectedDetail() const
{
    const QString under = tr("under \u201c%1\u201d").arg(m_scenarioName);
    if (m_unpricedCalls == 0)
        return under;
    return under + QStringLiteral(" \u00b7 ") + countOf(m_unpricedCalls, tr("unpriced call"), tr("unpriced calls"))
        + tr(" not included");
}

void ProjectionPanel::setScenarioName(const QString& name)
{
    m_scenarioName = name;
    if (m_hasShown)
        m_projected->setValue(m_projected->value(), projectedDetail());
}

void ProjectionPanel::showCharts(const whatif::Projection& projection)
{
    // The exact amount goes into the label: bar lengths are only for the eye.
    auto lever = [](const QString& name, money::Nanos amount) {
        return charts::Bar{name + u' ' + money::formatUsd(amount), amount};
    };
    charts::showBars(m_leversChart->chart(),
                     {lever(tr("Cache"), projection.cacheSavings), lever(tr("Routing"), projection.routingSavings),
                      lever(tr("Batch"), projection.batchSavings)},
                     3, false);
    QList<std::int64_t> days;
    charts::DaySeries baseline{tr("Baseline"), {}};
    charts::DaySeries projected{tr("Projected"), {}};
    for (const whatif::BaselineVsProjected& day : projection.byDay) {
        days << timeutil::parseDay(day.key).value_or(0);
        baseline.amounts << day.baseline;
        projected.amounts << day.projected;
    }
    charts::showDays(m_byDayChart->chart(), days, {baseline, projected}, false);
}

void ProjectionPanel::showTestedSavings(const whatif::Projection& projection)
{
    const api::HonestSavings h = api::honestSavings(projection, m_evidence, m_catalog);
    if (h.outOfRange) {
        m_testedSavings->setValue(QStringLiteral("\u2014"), money::totalOutOfRange());
        return;
    }
    m_testedSavings->setValue(money::formatUsd(h.testedOnly),
                              h.untestedMoves == 0
                                  ? tr("every move tested")
                                  : tr("%1 untested (%2 of the savings)")
                                        .arg(money::formatUsd(h.untested), formatShare(h.untested, h.all)));
    m_testedSavings->setEmphasis(savingsColour(h.testedOnly));
}

void ProjectionPanel::setRunEvidence(const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog)
{
    m_evidence = evidence;
    m_catalog = catalog;
    m_moves->setRunEvidence(evidence, catalog);
}

void ProjectionPanel::addTab(QWidget* page, const QString& title)
{
    m_tabs->addTab(page, title);
}

void ProjectionPanel::setStatus(const QString& text)
{
    m_status->setText(text);
}

} // namespace costdash::ui
