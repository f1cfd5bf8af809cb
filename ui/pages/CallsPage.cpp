#include "pages/CallsPage.h"

#include "Format.h"
#include "pages/CallsModel.h"
#include "timeutil/Timestamp.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

namespace costdash::ui {
namespace {

constexpr int kTypingDelayMs = 300;

QString tokens(const std::optional<std::int64_t>& count)
{
    return count ? formatCount(*count) : QObject::tr("unknown");
}

QString usd(const std::optional<money::Nanos>& amount, const QString& none)
{
    return amount ? QStringLiteral("%1 (%2 USD)").arg(formatUsdAmount(*amount), money::formatUsdExact(*amount)) : none;
}

// The detail pane's text for one call.
QString detailOf(const store::CallRow& c)
{
    const QString row = QStringLiteral("<tr><td>%1</td><td align=right>%2</td></tr>");
    QString html = QStringLiteral("<b>%1</b> \u00b7 %2<br>%3 \u00b7 %4<table>")
                       .arg(c.model.toHtmlEscaped(), c.provider.toHtmlEscaped(), formatCallTime(c.timestampMs),
                            c.task.toHtmlEscaped());
    html += row.arg(QObject::tr("Input tokens"), tokens(c.inputTokens));
    html += row.arg(QObject::tr("\u2003of which cached"), tokens(c.cachedTokens));
    html += row.arg(QObject::tr("\u2003of which cache writes"), tokens(c.cacheWriteTokens));
    html += row.arg(QObject::tr("Output tokens"), tokens(c.outputTokens));
    html += row.arg(QObject::tr("\u2003of which reasoning"), tokens(c.reasoningTokens));
    html += row.arg(QObject::tr("Logged cost"), usd(c.loggedCost, QObject::tr("none logged")));
    html += row.arg(QObject::tr("Catalog cost"), usd(c.catalogCost, QObject::tr("unpriced (no catalog price)")));
    html += QStringLiteral("</table>");
    if (!c.error.isEmpty())
        html += QObject::tr("<p>Error: %1</p>").arg(c.error.toHtmlEscaped());
    if (c.aggregateRequests == 0)
        html += QObject::tr("<p>A spend line (line item \"%1\"): a cost without a request count or tokens, from an "
                            "OpenAI Cost CSV or the Costs API. It counts in the cost as no call and is left out of "
                            "the what-if replay.</p>").arg(c.tag.toHtmlEscaped());
    else if (c.aggregateRequests)
        html += QObject::tr("<p>An aggregate row: it sums %1 (a usage bucket or a daily spend row). It counts as "
                            "that many calls in totals and is left out of the what-if replay.</p>")
                    .arg(countOf(*c.aggregateRequests, QObject::tr("request"), QObject::tr("requests")));
    return html;
}

} // namespace

CallsPage::CallsPage(services::StoreService* store, QWidget* parent)
    : QWidget(parent)
    , m_model(new CallsModel(store, this))
    , m_typing(new QTimer(this))
{
    setObjectName(QStringLiteral("callsPage"));
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingDelayMs);
    connect(m_typing, &QTimer::timeout, this, &CallsPage::applyFilters);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("callsTable"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(CallsModel::Time, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside it
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Widths from typical values: sizing to contents would read every page of a million rows.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 2 * metrics.horizontalAdvance(u'0');
    for (const auto& [column, sample] : {std::pair{CallsModel::Time, "2025-10-01 00:00:00"},
                                        {CallsModel::Model, "gpt-4o-mini-2024"}, {CallsModel::Task, "code_generation"},
                                        {CallsModel::Status, "failed (HTTP 429)"}, {CallsModel::InputTokens, "Input tokens"},
                                        {CallsModel::OutputTokens, "Output tokens"}, {CallsModel::Latency, "120,000 ms"}})
        m_table->setColumnWidth(column, metrics.horizontalAdvance(QLatin1String(sample)) + padding);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showDetail(current.row()); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { showDetail(m_shownRow); });
    connect(m_model, &CallsModel::listed, this, [this](qint64 calls, const QString& error) {
        const QString took = tr(" (listed in %1 s)").arg(double(m_model->lastListMs()) / 1000.0, 0, 'f', 2);
        m_count->setText(error.isEmpty() ? countOf(calls, tr("call"), tr("calls")) + took : error);
        m_count->setToolTip(tr("Listed and sorted on the store thread; rows are read as you scroll."));
        showDetail(-1);
    });
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(buildDetail());
    splitter->setStretchFactor(0, 1);
    splitter->setCollapsible(0, false);
    splitter->setCollapsible(1, false);
    splitter->setSizes({940, 300});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildFilters());
    layout->addWidget(splitter, 1);
}

QWidget* CallsPage::buildFilters()
{
    auto* bar = new QWidget(this);
    auto combo = [bar](const QString& name, const QString& tip) {
        auto* box = new QComboBox(bar);
        box->setObjectName(name);
        box->setToolTip(tip);
        box->setMinimumContentsLength(12);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        return box;
    };
    m_modelFilter = combo(QStringLiteral("callsModelFilter"), tr("Only the calls of this model."));
    m_taskFilter = combo(QStringLiteral("callsTaskFilter"), tr("Only the calls of this task type."));
    m_statusFilter = combo(QStringLiteral("callsStatusFilter"), tr("Only the calls that succeeded, or that failed."));
    m_statusFilter->addItem(tr("Any status"), int(store::CallStatus::Any));
    m_statusFilter->addItem(tr("Succeeded"), int(store::CallStatus::Succeeded));
    m_statusFilter->addItem(tr("Failed"), int(store::CallStatus::Failed));
    m_minCost = new QLineEdit(bar);
    m_minCost->setObjectName(QStringLiteral("callsMinCost"));
    m_minCost->setPlaceholderText(tr("cost \u2265 $"));
    m_minCost->setToolTip(tr("Only the calls that cost at least this many USD (exact decimal, e.g. 0.0005)."));
    m_minCost->setMaximumWidth(110);
    m_promptFilter = new QLineEdit(bar);
    m_promptFilter->setObjectName(QStringLiteral("callsPromptFilter"));
    m_promptFilter->setPlaceholderText(tr("Prompt contains\u2026"));
    m_promptFilter->setToolTip(tr("Only the calls whose prompt contains this text (case does not matter)."));
    m_promptFilter->setClearButtonEnabled(true);
    m_period = new QCheckBox(tr("From"), bar);
    m_period->setObjectName(QStringLiteral("callsPeriod"));
    m_period->setToolTip(tr("Only the calls from the first day to the last, UTC, both included."));
    m_from = new QDateEdit(bar);
    m_to = new QDateEdit(bar);
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
        connect(edit, &QDateEdit::dateChanged, this, [this] { if (m_period->isChecked()) applyFilters(); });
    }
    setChoices({}, {}, {}, {});
    m_count = new QLabel(bar);
    m_count->setObjectName(QStringLiteral("callsCount"));
    for (QComboBox* box : {m_modelFilter, m_taskFilter, m_statusFilter})
        connect(box, &QComboBox::currentIndexChanged, this, &CallsPage::applyFilters);
    connect(m_period, &QCheckBox::toggled, this, &CallsPage::applyFilters);
    connect(m_minCost, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_promptFilter, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*>{m_period, m_from, new QLabel(tr("to"), bar), m_to, m_modelFilter,
                                                     m_taskFilter, m_statusFilter, m_minCost})
        layout->addWidget(w);
    layout->addWidget(m_promptFilter, 1);
    layout->addWidget(m_count);
    return bar;
}

QWidget* CallsPage::buildDetail()
{
    auto* box = new QWidget(this);
    box->setMinimumWidth(260);
    m_detail = new QLabel(box);
    m_detail->setObjectName(QStringLiteral("callDetail"));
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prompt = new QPlainTextEdit(box);
    m_prompt->setObjectName(QStringLiteral("callPrompt"));
    m_prompt->setReadOnly(true);
    m_prompt->setPlaceholderText(tr("The selected call's prompt"));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_detail);
    layout->addWidget(new QLabel(tr("Prompt"), box));
    layout->addWidget(m_prompt, 1);
    return box;
}

void CallsPage::setChoices(const QStringList& models, const QStringList& tasks, const QString& firstDay,
                           const QString& lastDay)
{
    const QSignalBlocker from(m_from);
    const QSignalBlocker to(m_to);
    m_from->setDate(QDate::fromString(firstDay, Qt::ISODate));
    m_to->setDate(QDate::fromString(lastDay, Qt::ISODate));
    const auto fill = [](QComboBox* box, const QString& all, QStringList items) {
        const QString current = box->currentData().toString();
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItem(all, QString());
        items.sort(Qt::CaseInsensitive);
        for (const QString& item : items)
            box->addItem(item.isEmpty() ? tr("(none)") : item, item);
        box->setCurrentIndex(std::max(0, box->findData(current)));
    };
    fill(m_modelFilter, tr("All models"), models);
    fill(m_taskFilter, tr("All task types"), tasks);
}

store::CallQuery CallsPage::queryFromFilters(QString* error) const
{
    store::CallQuery query = m_model->query();
    query.model = m_modelFilter->currentData().toString();
    query.task = m_taskFilter->currentData().toString();
    query.status = store::CallStatus(m_statusFilter->currentData().toInt());
    query.promptContains = m_promptFilter->text().trimmed();
    query.minCost.reset();
    if (!m_minCost->text().trimmed().isEmpty()) {
        query.minCost = money::parseUsd(m_minCost->text().trimmed(), error);
        if (!query.minCost && error->isEmpty())
            *error = tr("The minimum cost is not an amount of USD.");
    }
    query.fromMs.reset();
    query.toMs.reset();
    if (m_period->isChecked()) {
        query.fromMs = QDateTime(m_from->date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        query.toMs = QDateTime(m_to->date().addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    return query;
}

void CallsPage::applyFilters()
{
    QString error;
    const store::CallQuery query = queryFromFilters(&error);
    if (!error.isEmpty()) {
        m_count->setText(tr("Cost filter: %1").arg(error));
        return;
    }
    m_count->setText(tr("Listing\u2026"));
    m_stale = false;
    m_model->setQuery(query);
}

void CallsPage::reload()
{
    m_stale = true;
    if (isVisible())
        applyFilters();
}

void CallsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        applyFilters();
}

void CallsPage::clearFilters()
{
    for (QWidget* w : std::initializer_list<QWidget*>{m_modelFilter, m_taskFilter, m_statusFilter, m_period, m_minCost,
                                                     m_promptFilter, m_from, m_to})
        w->blockSignals(true);
    m_modelFilter->setCurrentIndex(0);
    m_taskFilter->setCurrentIndex(0);
    m_statusFilter->setCurrentIndex(0);
    showSharedPeriod();
    m_minCost->clear();
    m_promptFilter->clear();
    for (QWidget* w : std::initializer_list<QWidget*>{m_modelFilter, m_taskFilter, m_statusFilter, m_period, m_minCost,
                                                     m_promptFilter, m_from, m_to})
        w->blockSignals(false);
}

void CallsPage::setPeriod(const whatif::DayRange& period)
{
    m_sharedPeriod = period;
    for (QWidget* w : std::initializer_list<QWidget*>{m_period, m_from, m_to})
        w->blockSignals(true);
    showSharedPeriod();
    for (QWidget* w : std::initializer_list<QWidget*>{m_period, m_from, m_to})
        w->blockSignals(false);
    reload();
}

// Signals blocked by the caller.
void CallsPage::showSharedPeriod()
{
    const auto dateOf = [](std::int64_t day) { return QDate::fromString(timeutil::formatDay(day), Qt::ISODate); };
    m_period->setChecked(m_sharedPeriod.fromDay || m_sharedPeriod.toDay);
    if (m_sharedPeriod.fromDay)
        m_from->setDate(dateOf(*m_sharedPeriod.fromDay));
    if (m_sharedPeriod.toDay)
        m_to->setDate(dateOf(*m_sharedPeriod.toDay));
}

void CallsPage::showModel(const QString& model)
{
    showOnly(m_modelFilter, model);
}

void CallsPage::showTask(const QString& task)
{
    showOnly(m_taskFilter, task);
}

void CallsPage::showOnly(QComboBox* filter, const QString& key)
{
    clearFilters();
    if (filter->findData(key) < 0)
        filter->addItem(key, key);
    const QSignalBlocker blocker(filter);
    filter->setCurrentIndex(filter->findData(key));
    applyFilters();
}

void CallsPage::showDay(const QString& day)
{
    clearFilters();
    const QDate date = QDate::fromString(day, Qt::ISODate);
    const QSignalBlocker from(m_from);
    const QSignalBlocker to(m_to);
    const QSignalBlocker period(m_period);
    m_from->setDate(date);
    m_to->setDate(date);
    m_period->setChecked(true);
    applyFilters();
}

void CallsPage::showDetail(int row)
{
    m_shownRow = row;
    const store::CallRow* call = m_model->call(row);
    m_detail->setText(call ? detailOf(*call) : tr("Select a call to see its tokens, costs and prompt."));
    m_prompt->setPlainText(call ? call->prompt : QString());
}

QString CallsPage::detailText() const
{
    return m_detail->text() + u'\n' + m_prompt->toPlainText();
}

} // namespace costdash::ui
