#include "RunModels.h"

#include "Format.h"
#include "SummaryTableModel.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace costdash::ui {
namespace {

QString msText(std::optional<std::int64_t> ms)
{
    return ms ? QStringLiteral("%1 ms").arg(formatCount(*ms)) : QStringLiteral("\u2013");
}

QVariant msRaw(std::optional<std::int64_t> ms)
{
    return ms ? QVariant(qint64(*ms)) : QVariant(qint64(-1));
}

} // namespace

RunStatsModel::RunStatsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunStatsModel::setStats(const QList<api::ModelStats>& stats)
{
    if (stats.size() == m_stats.size()) {
        m_stats = stats;
        if (!m_stats.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_stats.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_stats = stats;
    endResetModel();
}

int RunStatsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_stats.size());
}

int RunStatsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunStatsModel::display(const api::ModelStats& s, int column) const
{
    switch (column) {
    case Model: return s.model;
    case Done: return formatCount(s.ok);
    case Failed: return formatCount(s.failed);
    case Retries: return formatCount(s.retries);
    case P50: return msText(s.p50Ms());
    case P95: return msText(s.p95Ms());
    case Ttft: return msText(s.ttftP50Ms());
    case InputTokens: return formatCount(s.inputTokens);
    case OutputTokens: return formatCount(s.outputTokens);
    case Cost: return formatCostWithUnknown(s.cost, s.usageUnknown + s.unpriced);
    case PassRate: return formatPassRate(s.passRate(), s.judged);
    }
    return {};
}

QVariant RunStatsModel::raw(const api::ModelStats& s, int column) const
{
    switch (column) {
    case Model: return s.model;
    case Done: return qint64(s.ok);
    case Failed: return qint64(s.failed);
    case Retries: return qint64(s.retries);
    case P50: return msRaw(s.p50Ms());
    case P95: return msRaw(s.p95Ms());
    case Ttft: return msRaw(s.ttftP50Ms());
    case InputTokens: return qint64(s.inputTokens);
    case OutputTokens: return qint64(s.outputTokens);
    case Cost: return qint64(s.cost);
    case PassRate: return s.passRate() ? QVariant(*s.passRate()) : QVariant(-1.0);
    }
    return {};
}

QVariant RunStatsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_stats.size())
        return {};
    const api::ModelStats& s = m_stats[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(s, index.column());
    case SortRole: return raw(s, index.column());
    case Qt::TextAlignmentRole: return alignmentFor(index.column() == Model);
    case Qt::ToolTipRole:
        if (index.column() == Cost && s.usageUnknown + s.unpriced > 0)
            return tr("%1 calls of unknown usage and %2 unpriced calls are not in this figure (never counted as $0).")
                .arg(s.usageUnknown).arg(s.unpriced);
        return {};
    default: return {};
    }
}

QVariant RunStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Model: return tr("Model");
    case Done: return tr("Done");
    case Failed: return tr("Failed");
    case Retries: return tr("Retries");
    case P50: return tr("p50");
    case P95: return tr("p95");
    case Ttft: return tr("TTFT p50");
    case InputTokens: return tr("Input tokens");
    case OutputTokens: return tr("Output tokens");
    case Cost: return tr("Cost");
    case PassRate: return tr("Pass rate");
    }
    return {};
}

AnswersModel::AnswersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AnswersModel::reset(const QStringList& models)
{
    beginResetModel();
    m_models = models;
    m_rows.clear();
    m_keys.clear();
    endResetModel();
}

void AnswersModel::addCall(const api::RunCallResult& call)
{
    const int column = int(m_models.indexOf(call.model));
    if (column < 0 || call.skipped)
        return;
    const QPair<int, int> key{call.promptIndex, call.repeat};
    const auto at = std::lower_bound(m_keys.begin(), m_keys.end(), key);
    const int row = int(at - m_keys.begin());
    if (at == m_keys.end() || *at != key) {
        beginInsertRows({}, row, row);
        m_keys.insert(row, key);
        m_rows.insert(row, Row{call.repeat > 0 ? QStringLiteral("%1 #%2").arg(call.promptId).arg(call.repeat + 1)
                                               : call.promptId,
                               QList<Cell>(m_models.size())});
        endInsertRows();
    }
    Cell& cell = m_rows[row].cells[column];
    cell.failed = !call.result.ok();
    cell.text = cell.failed ? call.errorText() : call.result.content;
    cell.passed = call.passed;
    Q_EMIT dataChanged(index(row, column + 1), index(row, column + 1));
}

void AnswersModel::addCalls(const QList<api::RunCallResult>& calls)
{
    for (const api::RunCallResult& call : calls)
        addCall(call);
}

int AnswersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnswersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_models.size()) + 1;
}

QVariant AnswersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows[index.row()];
    if (index.column() == 0)
        return role == Qt::DisplayRole || role == SortRole ? QVariant(row.label) : QVariant();
    const Cell& cell = row.cells[index.column() - 1];
    switch (role) {
    case Qt::DisplayRole: return cell.text.section(u'\n', 0, 0).left(200);
    case Qt::ToolTipRole: return cell.text.left(4000);
    case PassedRole: return cell.passed ? QVariant(*cell.passed) : QVariant();
    case Qt::BackgroundRole:
        if (cell.failed)
            return QBrush(QColor(0xfe, 0xe2, 0xe2));
        if (cell.passed)
            return QBrush(*cell.passed ? QColor(0xdc, 0xfc, 0xe7) : QColor(0xfe, 0xf3, 0xc7));
        return {};
    default: return {};
    }
}

QVariant AnswersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Prompt") : m_models.value(section - 1);
}

} // namespace costdash::ui
