#pragma once
// Calls (Ctrl+4): every call of the store in a lazy table (CallsModel), filtered by time, model, task, status,
// cost and prompt text, sorted by any column on the store thread; the selected call's detail beside it.
#include "store/CallList.h"
#include "whatif/Snapshot.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTimer;

namespace costdash::services {
class StoreService;
}

namespace costdash::ui {

class CallsModel;

class CallsPage final : public QWidget {
    Q_OBJECT
public:
    explicit CallsPage(services::StoreService* store, QWidget* parent = nullptr);

    // The models and task types the filters offer (the Overview's groups) and the month's days ("2025-11-03").
    void setChoices(const QStringList& models, const QStringList& tasks, const QString& firstDay,
                    const QString& lastDay);
    // Lists the calls again with the filters as they are (a refreshed store, a re-priced catalog): at once when
    // the page is shown, else when it is next shown (a million calls are one scan on the store thread).
    void reload();
    // Shows only the calls of one model / task type / UTC day ("2025-11-03"), the other filters cleared.
    void showModel(const QString& model);
    void showTask(const QString& task);
    void showDay(const QString& day);
    // The window's period (PeriodPicker): the From/To filter follows it, and clearing the filters returns to it.
    void setPeriod(const whatif::DayRange& period);

    CallsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString detailText() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildFilters();
    QWidget* buildDetail();
    void clearFilters();
    void showSharedPeriod();
    void showOnly(QComboBox* filter, const QString& key);
    void applyFilters();
    void showDetail(int row);
    store::CallQuery queryFromFilters(QString* error) const;

    CallsModel* m_model;
    QTableView* m_table = nullptr;
    QComboBox* m_modelFilter = nullptr;
    QComboBox* m_taskFilter = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QLineEdit* m_minCost = nullptr;
    QLineEdit* m_promptFilter = nullptr;
    QCheckBox* m_period = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QLabel* m_count = nullptr;
    QLabel* m_detail = nullptr;
    QPlainTextEdit* m_prompt = nullptr;
    QTimer* m_typing = nullptr;
    int m_shownRow = -1;
    bool m_stale = true; // the list does not reflect the store any more
    whatif::DayRange m_sharedPeriod;
};

} // namespace costdash::ui
