#pragma once
// Every call of the store as a lazy table: the store thread lists the matching ids in order (one scan), then
// rows are fetched a page at a time as the view asks for them; at most kCachedPages pages stay in memory.
#include "services/StoreService.h"
#include "store/CallList.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>

namespace costdash::ui {

class CallsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Model, Task, Status, InputTokens, OutputTokens, Latency, Cost, ColumnCount };
    static constexpr int kPageSize = 200;
    static constexpr int kCachedPages = 50;

    explicit CallsModel(services::StoreService* store, QObject* parent = nullptr);

    // Lists the calls matching `query` again (its sort is replaced by the view's through sort()).
    void setQuery(const store::CallQuery& query);
    const store::CallQuery& query() const { return m_query; }
    // The row's call once its page has arrived, else nullptr (its page is then asked for).
    const store::CallRow* call(int row) const;
    bool isListing() const { return m_listing; }
    // How long the newest list took, request to answer (ms): the page shows it beside the count.
    qint64 lastListMs() const { return m_lastListMs; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // The list for the newest query has arrived (error empty) or failed.
    void listed(qint64 calls, const QString& error);

private:
    void onListed(quint64 request, const services::StoreService::CallIds& ids, const QString& error);
    void onFetched(quint64 request, int page, const QList<store::CallRow>& rows);
    void requestPage(int page) const;

    services::StoreService* m_store;
    store::CallQuery m_query;
    quint64 m_request = 0;
    bool m_listing = false;
    QElapsedTimer m_listTimer;
    qint64 m_lastListMs = 0;
    services::StoreService::CallIds m_ids;
    mutable QHash<int, QList<store::CallRow>> m_pages;
    mutable QSet<int> m_pending;
};

// "2025-11-03 10:00:07" (UTC), as the table shows a call's time.
QString formatCallTime(timeutil::Millis t);

} // namespace costdash::ui
