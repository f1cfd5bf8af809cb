#include "ProjectionModels.h"

#include "Format.h"
#include "SummaryTableModel.h"
#include "api/MoveEvidence.h"

namespace costdash::ui {
namespace {

QVariant header(const QStringList& titles, int section, Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles.size())
        return {};
    return titles.at(section);
}

} // namespace

// ---- ComparisonModel

ComparisonModel::ComparisonModel(QString keyTitle, QObject* parent)
    : QAbstractTableModel(parent)
    , m_keyTitle(std::move(keyTitle))
{
}

void ComparisonModel::setRows(const QList<whatif::BaselineVsProjected>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const whatif::BaselineVsProjected& row = m_rows.at(index.row());
    const money::Nanos savings = row.baseline - row.projected;
    if (role == Qt::TextAlignmentRole)
        return alignmentFor(index.column() == Key);
    if (role == SortRole) {
        switch (index.column()) {
        case Key: return row.key;
        case Calls: return static_cast<qlonglong>(row.calls);
        case Baseline: return static_cast<qlonglong>(row.baseline);
        case Projected: return static_cast<qlonglong>(row.projected);
        case Savings: return static_cast<qlonglong>(savings);
        case SavingsShare:
            return row.baseline == 0 ? 0.0 : static_cast<double>(savings) / static_cast<double>(row.baseline);
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Key: return row.key.isEmpty() ? tr("(none)") : row.key;
    case Calls: return formatCount(row.calls);
    case Baseline: return money::formatUsd(row.baseline);
    case Projected: return money::formatUsd(row.projected);
    case Savings: return money::formatUsd(savings);
    case SavingsShare: return formatShare(savings, row.baseline);
    default: return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return header({m_keyTitle, tr("Calls"), tr("Baseline"), tr("Projected"), tr("Savings"), tr("Saved")}, section,
                  orientation, role);
}

// ---- MovesModel

MovesModel::MovesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MovesModel::setMoves(const QList<whatif::Move>& moves)
{
    beginResetModel();
    m_moves = moves;
    endResetModel();
}

void MovesModel::setRunEvidence(const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog)
{
    beginResetModel();
    m_evidence = evidence;
    m_catalog = catalog;
    endResetModel();
}

QString MovesModel::evidenceText(const whatif::Move& move) const
{
    return api::describeEvidence(move.tested, api::evidenceFor(m_evidence, move.taskType, move.model, m_catalog));
}

int MovesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_moves.size());
}

int MovesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MovesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const whatif::Move& move = m_moves.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TaskType: return move.taskType.isEmpty() ? tr("(none)") : move.taskType;
        case Model: return move.model;
        case Calls: return formatCount(move.calls);
        case Savings: return formatUsdAmount(move.savings);
        case Evidence: return evidenceText(move);
        default: return {};
        }
    case SortRole:
        switch (index.column()) {
        case TaskType: return move.taskType;
        case Model: return move.model;
        case Calls: return static_cast<qlonglong>(move.calls);
        case Savings: return static_cast<qlonglong>(move.savings);
        case Evidence: return evidenceText(move);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return alignmentFor(index.column() != Calls && index.column() != Savings);
    case Qt::ToolTipRole:
        if (index.column() != Evidence)
            return samplesText(index.row());
        return move.tested ? tr("The store holds successful %1 calls on %2.").arg(move.taskType, move.model)
                           : tr("No successful %1 call on %2 in the store: send test prompts before moving.")
                                 .arg(move.taskType, move.model);
    default:
        return {};
    }
}

QVariant MovesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return header({tr("Task type"), tr("New model"), tr("Calls"), tr("Saves"), tr("Evidence")}, section, orientation,
                  role);
}

QString MovesModel::samplesText(int row) const
{
    if (row < 0 || row >= m_moves.size())
        return {};
    const whatif::Move& move = m_moves.at(row);
    QStringList lines{tr("%1 \u2192 %2: %3").arg(move.taskType.isEmpty() ? tr("(none)") : move.taskType, move.model,
                                                  evidenceText(move))};
    for (const whatif::SampleCall& call : move.samples) {
        const QString prompt = call.prompt.isEmpty() ? tr("(no prompt text)")
                                                     : QStringLiteral("\u201c%1\u201d").arg(call.prompt.simplified());
        lines << tr("%1 logged %2 \u2192 %3")
                     .arg(prompt.size() > 90 ? prompt.left(88) + QStringLiteral("\u2026\u201d") : prompt,
                          formatUsdAmount(call.logged), formatUsdAmount(call.projected));
    }
    return lines.join(u'\n');
}

// ---- TiersModel

TiersModel::TiersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void TiersModel::setTiers(const std::optional<whatif::Router>& router, const QMap<QString, std::int64_t>& counts)
{
    beginResetModel();
    m_rows.clear();
    if (router) {
        for (auto it = router->tiers.cbegin(); it != router->tiers.cend(); ++it)
            m_rows.append({it.key(), it.value(), counts.value(it.key(), 0)});
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (!router || !router->tiers.contains(it.key()))
            m_rows.append({it.key(), QString(), it.value()});
    }
    endResetModel();
}

int TiersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TiersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TiersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Tier: return row.tier;
        case Model: return row.model == whatif::kOriginalModel ? tr("original (logged model)") : row.model;
        case RoutedCalls: return formatCount(row.calls);
        default: return {};
        }
    case SortRole:
        switch (index.column()) {
        case Tier: return row.tier;
        case Model: return row.model;
        case RoutedCalls: return static_cast<qlonglong>(row.calls);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return alignmentFor(index.column() != RoutedCalls);
    default:
        return {};
    }
}

QVariant TiersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return header({tr("Tier"), tr("Model"), tr("Routed calls")}, section, orientation, role);
}

} // namespace costdash::ui
