#pragma once
// The first rows of a file as they would be stored (the import preview and the mapping dialog's live preview).
#include "model/CallRecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace costdash::ui {

class PreviewRowsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Model, Provider, Input, Cached, CacheWrite, Output, Reasoning, Latency, Cost, Task, User,
                  Status, RequestId, Requests, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const QList<CallRecord>& rows);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const CallRecord& call, int column) const;

    QList<CallRecord> m_rows;
};

} // namespace costdash::ui
