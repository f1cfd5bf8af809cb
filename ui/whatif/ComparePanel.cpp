#include "whatif/ComparePanel.h"

#include "Charts.h"
#include "Format.h"
#include "WhenShown.h"
#include "timeutil/Timestamp.h"
#include "whatif/PinnedScenarios.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

QString cell(ComparePanel::Row row, const whatif::Projection& p)
{
    switch (row) {
    case ComparePanel::Baseline: return money::formatUsd(p.baseline);
    case ComparePanel::Projected: return money::formatUsd(p.projected);
    case ComparePanel::Savings: return money::formatUsd(p.savings()) + QStringLiteral(" (") + formatShare(p.savings(), p.baseline) + u')';
    case ComparePanel::CacheLever: return money::formatUsd(p.cacheSavings);
    case ComparePanel::RoutingLever: return money::formatUsd(p.routingSavings);
    case ComparePanel::BatchLever: return money::formatUsd(p.batchSavings);
    case ComparePanel::CacheHits: return formatCount(p.cacheHits);
    case ComparePanel::RowCount: break;
    }
    return {};
}

} // namespace

ComparePanel::ComparePanel(PinnedScenarios* pinned, QWidget* parent)
    : QWidget(parent)
    , m_pinned(pinned)
    , m_table(new QTableWidget(RowCount, 0, this))
    , m_bars(charts::makeView(tr("Projected spend per scenario"), this))
    , m_byDay(charts::makeView(tr("Projected per day (UTC)"), this))
    , m_unpin(new QPushButton(tr("Unpin the selected scenario"), this))
{
    setObjectName(QStringLiteral("comparePanel"));
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_bars->setObjectName(QStringLiteral("compareBarsChart"));
    m_byDay->setObjectName(QStringLiteral("compareByDayChart"));
    m_unpin->setObjectName(QStringLiteral("unpinButton"));
    m_table->setVerticalHeaderLabels({tr("Baseline"), tr("Projected"), tr("Savings"), tr("Cache"), tr("Routing"),
                                      tr("Batch"), tr("Cache hits")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectColumns);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("compareHint"));
    m_hint->setWordWrap(true);
    setMessage({});
    auto* pin = new QPushButton(tr("Pin the scenario shown"), this);
    pin->setObjectName(QStringLiteral("pinButton"));
    connect(pin, &QPushButton::clicked, this, &ComparePanel::pinRequested);
    connect(m_unpin, &QPushButton::clicked, this, [this] { m_pinned->unpin(m_table->currentColumn()); });
    connect(m_pinned, &PinnedScenarios::changed, this, &ComparePanel::showPinned);

    auto* charts = new QHBoxLayout;
    charts->addWidget(m_bars, 2);
    charts->addWidget(m_byDay, 3);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(pin);
    buttons->addWidget(m_unpin);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1); // as tall as the charts: the comparison is the table
    layout->addLayout(charts, 1);
    m_chartsUpdate = new WhenShown(this, [this] { showCharts(); });
    showPinned();
}

void ComparePanel::setMessage(const QString& message)
{
    m_hint->setText(message.isEmpty() ? tr("Pin up to %1 scenarios (Scenario \u2192 Pin scenario) to compare them here.")
                                            .arg(PinnedScenarios::kMaxPinned)
                                      : message);
    m_hint->setForegroundRole(message.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
}

void ComparePanel::showPinned()
{
    const QList<PinnedScenario>& pinned = m_pinned->pinned();
    m_table->setColumnCount(int(pinned.size()));
    for (int c = 0; c < pinned.size(); ++c) {
        m_table->setHorizontalHeaderItem(c, new QTableWidgetItem(pinned.at(c).name));
        for (int r = 0; r < RowCount; ++r) {
            const auto& projection = pinned.at(c).projection;
            const bool exact = projection && !projection->outOfRange;
            auto* item = new QTableWidgetItem(exact ? cell(Row(r), *projection)
                                                    : projection ? QStringLiteral("\u2014") : tr("replaying\u2026"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_unpin->setEnabled(!pinned.isEmpty());
    m_chartsUpdate->request();
}

void ComparePanel::showCharts()
{
    QList<charts::Bar> bars;
    QList<charts::DaySeries> lines;
    QList<std::int64_t> days;
    for (const PinnedScenario& p : m_pinned->pinned()) {
        if (!p.projection || p.projection->outOfRange)
            continue; // no figure that is not exact
        // The amount first: a long name is elided from the right, the figure stays readable.
        bars.append({money::formatUsd(p.projection->projected) + QStringLiteral(" \u00b7 ") + p.name,
                     p.projection->projected});
        charts::DaySeries line{p.name, {}};
        const bool first = days.isEmpty();
        for (const whatif::BaselineVsProjected& day : p.projection->byDay) {
            if (first)
                days << timeutil::parseDay(day.key).value_or(0);
            line.amounts << day.projected;
        }
        lines.append(line);
    }
    charts::showBars(m_bars->chart(), bars, PinnedScenarios::kMaxPinned, false);
    charts::showDays(m_byDay->chart(), days, lines, false);
}

} // namespace costdash::ui
