#pragma once
// The what-if results: baseline vs projected vs savings, savings by lever, by day, by task, tiers and moves.
#include "pricing/PriceCatalog.h"
#include "store/CallStore.h"
#include "whatif/Projection.h"
#include "whatif/Scenario.h"

#include <QWidget>

class QChartView;
class QLabel;
class QTabWidget;
class QTableView;

namespace costdash::ui {

class ComparisonModel;
class KpiTile;
class MovesModel;
class TiersModel;
class WhenShown;

class ProjectionPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionPanel(QWidget* parent = nullptr);

    // `scenarioName` as the scenario box names it ("… *" while modified): the Projected tile says it.
    void showProjection(const whatif::Projection& projection, const whatif::Scenario& scenario,
                        const QString& scenarioName, double replayMs);
    // The shown scenario was renamed or saved: the same figures under its new name.
    void setScenarioName(const QString& name);
    // The projection the page shows now (tests compare it with whatif::replay of the editor's scenario).
    const whatif::Projection& shownProjection() const { return m_shown; }
    void setStatus(const QString& text);
    void setRunEvidence(const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog);

    ComparisonModel* byTaskModel() const { return m_byTask; }
    TiersModel* tiersModel() const { return m_tiers; }
    MovesModel* movesModel() const { return m_moves; }
    QChartView* leversChart() const { return m_leversChart; }
    // Another tab beside By task, Tiers and Moves (the page's comparison).
    void addTab(QWidget* page, const QString& title);

private:
    QWidget* buildTiles();
    QWidget* buildTables();
    void showCharts(const whatif::Projection& projection);
    QString projectedDetail() const;
    QWidget* buildMovesTab(QWidget* parent);
    void showTestedSavings(const whatif::Projection& projection);

    QList<store::RunEvidence> m_evidence;
    pricing::PriceCatalog m_catalog;

    whatif::Projection m_shown;
    bool m_hasShown = false;
    QString m_scenarioName;
    std::int64_t m_unpricedCalls = 0;

    KpiTile* m_baseline = nullptr;
    KpiTile* m_projected = nullptr;
    KpiTile* m_savings = nullptr;
    KpiTile* m_testedSavings = nullptr;
    KpiTile* m_hits = nullptr;
    QChartView* m_leversChart = nullptr;
    QChartView* m_byDayChart = nullptr;
    ComparisonModel* m_byTask = nullptr;
    TiersModel* m_tiers = nullptr;
    MovesModel* m_moves = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    WhenShown* m_chartsUpdate = nullptr; // the charts are drawn only where they can be seen
};

} // namespace costdash::ui
