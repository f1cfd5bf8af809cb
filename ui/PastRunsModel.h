#pragma once
// The Test prompts page's list of past runs (read from the store by services::RunJob): a row per run, newest
// first; display text formatted here, raw values under SortRole.
#include "store/CallStore.h"

#include <QAbstractTableModel>

namespace costdash::ui {

class PastRunsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RunId, Started, Suite, Models, Calls, Cost, PassRate, ColumnCount };
    static constexpr int RunIdRole = Qt::UserRole + 1; // the run's id, on every column

    explicit PastRunsModel(QObject* parent = nullptr);

    void setRuns(const QList<store::RunListing>& runs);
    const QList<store::RunListing>& runs() const { return m_runs; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const store::RunListing& run, int column) const;
    QVariant raw(const store::RunListing& run, int column) const;
    QList<store::RunListing> m_runs;
};

} // namespace costdash::ui
