#pragma once
// The period every page shows: the whole store, this month, the last 30 days or a custom range of UTC days. One
// picker in the window's toolbar; the choice is remembered in QSettings.
#include "whatif/Snapshot.h"

#include <QDate>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QSettings;

namespace costdash::ui {

class PeriodPicker final : public QWidget {
    Q_OBJECT
public:
    enum class Kind { WholeStore, ThisMonth, Last30Days, Custom };

    explicit PeriodPicker(QWidget* parent = nullptr);

    Kind kind() const;
    void setKind(Kind kind);
    // The custom range's first and last day (both included).
    void setCustomRange(const QDate& from, const QDate& to);
    // The days of the current choice as of `today` (UTC); no bounds for the whole store.
    whatif::DayRange range() const;
    // "This month" and "Last 30 days" count from this day; the current UTC date unless a test sets another.
    void setToday(const QDate& today);

    void restoreState(const QSettings& settings);
    void saveState(QSettings& settings) const;

Q_SIGNALS:
    void changed(const costdash::whatif::DayRange& range);

private:
    void update();

    QComboBox* m_kind = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QLabel* m_toLabel = nullptr;
    QDate m_today;
    whatif::DayRange m_emitted; // the days last announced by changed()
};

} // namespace costdash::ui
