#pragma once
// The overview table: one row per group of a store::Summary (model, task type or day).
#include "store/CallStore.h"

#include <QAbstractTableModel>

namespace costdash::ui {

inline constexpr int SortRole = Qt::UserRole; // raw value (qint64 / QString) for QSortFilterProxyModel
QVariant alignmentFor(bool text);             // Qt::TextAlignmentRole: text left, numbers right

class SummaryTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Calls, InputTokens, OutputTokens, Cost, Share, Unpriced, ColumnCount };

    explicit SummaryTableModel(QObject* parent = nullptr);

    void setSummary(const store::Summary& summary, store::GroupBy by);
    const store::Summary& summary() const { return m_summary; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const store::SummaryGroup& group, int column) const;
    QVariant raw(const store::SummaryGroup& group, int column) const;

    store::Summary m_summary;
    store::GroupBy m_by = store::GroupBy::Model;
};

} // namespace costdash::ui
