#include "pages/PricesPage.h"

#include "pages/PriceDialog.h"
#include "pages/PricesModel.h"
#include "TableActions.h"
#include "pricing/PriceEdits.h"
#include "services/PriceSave.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace costdash::ui {

PricesPage::PricesPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new PricesModel(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_job(new services::Job<QString>(this))
{
    setObjectName(QStringLiteral("pricesPage"));
    m_table->setObjectName(QStringLiteral("pricesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false);
    m_table->setAlternatingRowColors(true);
    tableactions::install(m_table);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) { editRow(index.row()); });
    auto* add = new QPushButton(tr("Add a price\u2026"), this);
    add->setObjectName(QStringLiteral("addPriceButton"));
    add->setToolTip(tr("Set a model's prices from a day on; they replace the catalog's from that day."));
    connect(add, &QPushButton::clicked, this, &PricesPage::addPrice);
    auto* edit = new QPushButton(tr("Edit\u2026"), this);
    edit->setToolTip(tr("Change the selected model's price (or give an unpriced model one)."));
    connect(edit, &QPushButton::clicked, this, [this] { editRow(m_table->currentIndex().row()); });
    auto* import = new QPushButton(tr("Import a catalog\u2026"), this);
    import->setToolTip(tr("LiteLLM's model_prices_and_context_window.json, or a costdash price catalog."));
    connect(import, &QPushButton::clicked, this, &PricesPage::chooseImportFile);
    m_status->setObjectName(QStringLiteral("pricesStatus"));
    m_status->setWordWrap(true);
    auto* bar = new QHBoxLayout;
    bar->addWidget(add);
    bar->addWidget(edit);
    bar->addWidget(import);
    bar->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    connect(m_job, &services::JobBase::finished, this, [this] {
        const QString error = m_job->takeResult().value_or(QString());
        if (!error.isEmpty()) {
            m_status->setText(error);
            return;
        }
        Q_EMIT pricesSaved();
    });
}

void PricesPage::setCatalog(const pricing::PriceCatalog& catalog, const QStringList& unpricedModels)
{
    m_catalog = catalog;
    m_model->setCatalog(catalog, unpricedModels);
    m_status->setText(unpricedModels.isEmpty()
                          ? tr("Every model in this store has a price.")
                          : tr("%n model(s) of this store have no price: their calls are counted, never as $0.", "",
                               int(unpricedModels.size())));
}

QString PricesPage::statusText() const
{
    return m_status->text();
}

void PricesPage::addPrice()
{
    openDialog({});
}

void PricesPage::editRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const pricing::PriceEntry* entry = m_model->entry(row);
    pricing::PriceEntry start;
    start.model = m_model->index(row, PricesModel::Model).data(PricesModel::ModelRole).toString();
    openDialog(entry ? *entry : start);
}

void PricesPage::openDialog(const pricing::PriceEntry& start)
{
    auto* dialog = new PriceDialog(m_catalog, start, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const pricing::PriceEntry entry = *dialog->entry();
        const QString path = m_storePath;
        save([path, entry] { return services::savePrices(path, {entry}); },
             tr("Saving the price of %1\u2026").arg(entry.model));
    });
    dialog->open();
}

void PricesPage::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a price catalog"), QString(),
                                                      tr("Price catalogs (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void PricesPage::importFile(const QString& path)
{
    const QString storePath = m_storePath;
    save([path, storePath] {
        const auto from = timeutil::parseDay(QString::fromLatin1(pricing::kDefaultPriceFrom));
        QString error;
        QStringList skipped;
        QString format;
        const auto entries = pricing::readCatalogFile(path, *from * timeutil::kMillisPerDay, &error, &skipped, &format);
        return entries ? services::savePrices(storePath, *entries) : error;
    }, tr("Importing %1\u2026").arg(path));
}

void PricesPage::save(std::function<QString()> work, const QString& doing)
{
    if (m_storePath.isEmpty() || !m_job->start([work = std::move(work)](services::JobControl&) { return work(); })) {
        m_status->setText(tr("Prices are being saved already; try again when that is done."));
        return;
    }
    m_status->setText(doing);
}

} // namespace costdash::ui
