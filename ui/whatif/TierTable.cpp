#include "whatif/TierTable.h"

#include "Format.h"
#include "WheelGuard.h"
#include "whatif/RouterEdits.h"
#include "whatif/ScenarioEditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

enum Column { Name, Model };

// "gpt-4o-mini — $0.15 in, $0.60 out per 1M" at the model's newest price.
QString modelLabel(const pricing::PriceCatalog& catalog, const QString& model)
{
    const QList<pricing::PriceEntry> history = catalog.history(model);
    if (history.isEmpty())
        return model;
    const pricing::Price& price = history.constLast().price;
    return TierTable::tr("%1 \u2014 %2 in, %3 out per 1M")
        .arg(model, formatPricePerMillion(price.input), formatPricePerMillion(price.output));
}

} // namespace

TierTable::TierTable(const ScenarioEditor* editor, RouterEdit edit, QWidget* parent)
    : QGroupBox(tr("Tiers"), parent)
    , m_editor(editor)
    , m_edit(std::move(edit))
    , m_catalog(pricing::PriceCatalog::bundled())
    , m_table(new QTableWidget(0, 2, this))
    , m_default(new QComboBox(this))
{
    setObjectName(QStringLiteral("tierTable"));
    m_table->setObjectName(QStringLiteral("tiersEditor"));
    m_table->setHorizontalHeaderLabels({tr("Tier"), tr("Model")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Model, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(120);
    m_default->setObjectName(QStringLiteral("defaultTierCombo"));
    connect(m_table, &QTableWidget::itemChanged, this, &TierTable::onItemChanged);
    connect(m_default, &QComboBox::activated, this, [this](int index) {
        m_edit(tr("Default tier"),
               whatif::edits::setDefaultTier(*m_editor->scenario().router, m_default->itemText(index)), -1);
    });
    auto* add = new QPushButton(tr("Add tier"), this);
    add->setObjectName(QStringLiteral("addTierButton"));
    auto* remove = new QPushButton(tr("Remove tier"), this);
    remove->setObjectName(QStringLiteral("removeTierButton"));
    connect(add, &QPushButton::clicked, this, [this] {
        const whatif::Router& router = *m_editor->scenario().router;
        m_edit(tr("Add a tier"),
               whatif::edits::addTier(router, whatif::edits::freeTierName(router), whatif::kOriginalModel), -1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QTableWidgetItem* item = m_table->item(m_table->currentRow(), Name);
        if (item) // the default tier cannot go: edits::removeTier refuses it
            m_edit(tr("Remove a tier"), whatif::edits::removeTier(*m_editor->scenario().router, item->text()), -1);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* form = new QFormLayout;
    form->addRow(tr("No rule matches \u2192"), m_default);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addLayout(form);
}

void TierTable::setCatalog(const pricing::PriceCatalog& catalog)
{
    m_catalog = catalog;
    rebuild();
}

QComboBox* TierTable::modelPicker(const QString& tier) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, Name)->text() == tier)
            return qobject_cast<QComboBox*>(m_table->cellWidget(row, Model));
    }
    return nullptr;
}

QComboBox* TierTable::makeModelPicker(const QString& tier, const QString& model)
{
    auto* picker = new QComboBox(m_table);
    picker->setObjectName(QStringLiteral("tierModel"));
    picker->setEditable(true); // type to search
    picker->setInsertPolicy(QComboBox::NoInsert);
    picker->addItem(tr("keep the original model"), whatif::kOriginalModel);
    for (const QString& id : m_catalog.models())
        picker->addItem(modelLabel(m_catalog, id), id);
    if (picker->findData(model) < 0)
        picker->addItem(model, model);
    picker->setCurrentIndex(picker->findData(model));
    guardWheel(picker);
    picker->completer()->setFilterMode(Qt::MatchContains);
    picker->completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(picker, &QComboBox::activated, this, [this, picker, tier](int index) {
        const QString model = picker->itemData(index).toString();
        m_edit(tr("Tier model"), whatif::edits::setTierModel(*m_editor->scenario().router, tier, model), -1);
    });
    return picker;
}

void TierTable::showRouter()
{
    // A rule edit leaves the tiers as they are, and their pickers stay.
    const std::optional<whatif::Router>& router = m_editor->scenario().router;
    const bool sameTiers = router.has_value() == m_shown.has_value()
        && (!router || (router->tiers == m_shown->tiers && router->defaultTier == m_shown->defaultTier));
    if (!sameTiers)
        rebuild();
}

void TierTable::rebuild()
{
    m_shown = m_editor->scenario().router;
    const bool updating = std::exchange(m_updating, true);
    m_table->setRowCount(0);
    m_default->clear();
    if (m_shown) {
        for (auto it = m_shown->tiers.begin(); it != m_shown->tiers.end(); ++it) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            auto* name = new QTableWidgetItem(it.key());
            name->setData(Qt::UserRole, it.key());
            m_table->setItem(row, Name, name);
            m_table->setCellWidget(row, Model, makeModelPicker(it.key(), it.value()));
        }
        m_default->addItems(m_shown->tiers.keys());
        m_default->setCurrentText(m_shown->defaultTier);
    }
    m_updating = updating;
}

void TierTable::onItemChanged(QTableWidgetItem* item)
{
    if (m_updating || item->column() != Name)
        return;
    const QString from = item->data(Qt::UserRole).toString();
    const auto renamed = whatif::edits::renameTier(*m_editor->scenario().router, from, item->text().trimmed());
    if (renamed)
        m_edit(tr("Rename a tier"), renamed, -1);
    else // an empty or taken name: back to the tier's name, once this signal has returned
        QMetaObject::invokeMethod(this, &TierTable::rebuild, Qt::QueuedConnection);
}

} // namespace costdash::ui
