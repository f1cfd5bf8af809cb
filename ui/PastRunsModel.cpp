#include "PastRunsModel.h"

#include "Format.h"
#include "SummaryTableModel.h"

#include <QDateTime>

namespace costdash::ui {

PastRunsModel::PastRunsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PastRunsModel::setRuns(const QList<store::RunListing>& runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

int PastRunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int PastRunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PastRunsModel::display(const store::RunListing& run, int column) const
{
    const store::RunHeader& h = run.header;
    switch (column) {
    case RunId: return h.cancelled ? tr("%1 (cancelled)").arg(h.runId) : h.runId;
    case Started: return QDateTime::fromMSecsSinceEpoch(h.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Suite: return h.suite;
    case Models: return h.models.join(QStringLiteral(", "));
    case Calls: return formatCount(run.calls);
    case Cost: return formatCostWithUnknown(run.cost, run.unpricedCalls);
    case PassRate: return formatPassRate(run.passRate(), run.judged);
    }
    return {};
}

QVariant PastRunsModel::raw(const store::RunListing& run, int column) const
{
    switch (column) {
    case RunId: return run.header.runId;
    case Started: return qint64(run.header.startedMs);
    case Suite: return run.header.suite;
    case Models: return run.header.models.join(QStringLiteral(", "));
    case Calls: return qint64(run.calls);
    case Cost: return qint64(run.cost);
    case PassRate: return run.passRate() ? QVariant(*run.passRate()) : QVariant(-1.0);
    }
    return {};
}

QVariant PastRunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const store::RunListing& run = m_runs[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(run, index.column());
    case SortRole: return raw(run, index.column());
    case RunIdRole: return run.header.runId;
    case Qt::TextAlignmentRole: return alignmentFor(index.column() <= Models);
    case Qt::ToolTipRole:
        if (index.column() == Cost && run.unpricedCalls > 0)
            return tr("%1 calls of unknown usage or price are not in this figure (never counted as $0).")
                .arg(run.unpricedCalls);
        return {};
    default: return {};
    }
}

QVariant PastRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunId: return tr("Run");
    case Started: return tr("Started");
    case Suite: return tr("Suite");
    case Models: return tr("Models");
    case Calls: return tr("Calls");
    case Cost: return tr("Cost");
    case PassRate: return tr("Pass rate");
    }
    return {};
}

} // namespace costdash::ui
