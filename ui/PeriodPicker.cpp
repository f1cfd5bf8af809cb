#include "PeriodPicker.h"

#include "timeutil/Timestamp.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>

namespace costdash::ui {
namespace {

namespace key {
const QString kind = QStringLiteral("period/kind");
const QString from = QStringLiteral("period/from");
const QString to = QStringLiteral("period/to");
} // namespace key

std::int64_t dayIndex(const QDate& date)
{
    return timeutil::parseDay(date.toString(Qt::ISODate)).value_or(0);
}

} // namespace

PeriodPicker::PeriodPicker(QWidget* parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_toLabel(new QLabel(tr("to"), this))
    , m_today(QDateTime::currentDateTimeUtc().date())
{
    setObjectName(QStringLiteral("periodPicker"));
    m_kind->setObjectName(QStringLiteral("periodKind"));
    m_kind->setToolTip(tr("The days every page shows: the Overview, the Calls, the What-if replay and the report."));
    m_kind->addItem(tr("Whole store"), int(Kind::WholeStore));
    m_kind->addItem(tr("This month"), int(Kind::ThisMonth));
    m_kind->addItem(tr("Last 30 days"), int(Kind::Last30Days));
    m_kind->addItem(tr("Custom range"), int(Kind::Custom));
    m_from->setObjectName(QStringLiteral("periodFrom"));
    m_to->setObjectName(QStringLiteral("periodTo"));
    m_from->setToolTip(tr("The range's first day (UTC), included."));
    m_to->setToolTip(tr("The range's last day (UTC), included."));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
        edit->setDate(m_today);
        connect(edit, &QDateEdit::dateChanged, this, &PeriodPicker::update);
    }
    m_from->setDate(m_today.addDays(-29));
    connect(m_kind, &QComboBox::currentIndexChanged, this, &PeriodPicker::update);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Period:"), this));
    layout->addWidget(m_kind);
    layout->addWidget(m_from);
    layout->addWidget(m_toLabel);
    layout->addWidget(m_to);
    setTabOrder(m_kind, m_from);
    setTabOrder(m_from, m_to);
    update();
}

PeriodPicker::Kind PeriodPicker::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void PeriodPicker::setKind(Kind kind)
{
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(kind))));
}

void PeriodPicker::setCustomRange(const QDate& from, const QDate& to)
{
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_from->setDate(from);
    m_to->setDate(to);
    update();
}

void PeriodPicker::setToday(const QDate& today)
{
    m_today = today;
    update();
}

whatif::DayRange PeriodPicker::range() const
{
    switch (kind()) {
    case Kind::ThisMonth:
        return {dayIndex(QDate(m_today.year(), m_today.month(), 1)), dayIndex(m_today)};
    case Kind::Last30Days:
        return {dayIndex(m_today.addDays(-29)), dayIndex(m_today)};
    case Kind::Custom: // a range given backwards is read forwards
        return {dayIndex(std::min(m_from->date(), m_to->date())), dayIndex(std::max(m_from->date(), m_to->date()))};
    case Kind::WholeStore:
        break;
    }
    return {};
}

// The date edits are there for the custom range; the others show the days they cover, read-only.
void PeriodPicker::update()
{
    const bool custom = kind() == Kind::Custom;
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    m_from->setVisible(kind() != Kind::WholeStore);
    m_to->setVisible(kind() != Kind::WholeStore);
    m_toLabel->setVisible(kind() != Kind::WholeStore);
    const whatif::DayRange days = range();
    if (!custom && days.fromDay && days.toDay) {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_from->setDate(QDate::fromString(timeutil::formatDay(*days.fromDay), Qt::ISODate));
        m_to->setDate(QDate::fromString(timeutil::formatDay(*days.toDay), Qt::ISODate));
    }
    if (days.fromDay == m_emitted.fromDay && days.toDay == m_emitted.toDay)
        return; // the same days: nothing to reload
    m_emitted = days;
    Q_EMIT changed(days);
}

void PeriodPicker::restoreState(const QSettings& settings)
{
    const QDate from = QDate::fromString(settings.value(key::from).toString(), Qt::ISODate);
    const QDate to = QDate::fromString(settings.value(key::to).toString(), Qt::ISODate);
    const QSignalBlocker blocker(m_kind);
    if (from.isValid() && to.isValid())
        setCustomRange(from, to);
    setKind(Kind(settings.value(key::kind, int(Kind::WholeStore)).toInt()));
    update();
}

void PeriodPicker::saveState(QSettings& settings) const
{
    settings.setValue(key::kind, int(kind()));
    if (kind() == Kind::Custom) {
        settings.setValue(key::from, m_from->date().toString(Qt::ISODate));
        settings.setValue(key::to, m_to->date().toString(Qt::ISODate));
    }
}

} // namespace costdash::ui
