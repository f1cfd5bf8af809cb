#pragma once
// Prices (Ctrl+5): the catalog the store prices calls with, its unpriced models highlighted; add or edit a
// price, import a LiteLLM (or costdash) catalog file. Saving runs on a services::Job; pricesSaved() asks the
// window to re-read the store, so every page shows the new costs.
#include "pricing/PriceCatalog.h"
#include "services/Job.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace costdash::ui {

class PricesModel;

class PricesPage final : public QWidget {
    Q_OBJECT
public:
    explicit PricesPage(QWidget* parent = nullptr);

    void setStorePath(const QString& path) { m_storePath = path; }
    void setCatalog(const pricing::PriceCatalog& catalog, const QStringList& unpricedModels);
    // Opens the add/edit dialog for a row (an unpriced model: its name filled in).
    void editRow(int row);
    void addPrice();
    void importFile(const QString& path);

    PricesModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString statusText() const;

Q_SIGNALS:
    void pricesSaved();

private:
    void openDialog(const pricing::PriceEntry& start);
    void chooseImportFile();
    void save(std::function<QString()> work, const QString& doing);

    PricesModel* m_model;
    QTableView* m_table;
    QLabel* m_status;
    services::Job<QString>* m_job;
    QString m_storePath;
    pricing::PriceCatalog m_catalog;
};

} // namespace costdash::ui
