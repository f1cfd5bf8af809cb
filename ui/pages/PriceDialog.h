#pragma once
// Add or edit one price (USD per 1M tokens), checked by the same rules as `costdash prices set`: the dialog
// stays open with one sentence while a field is wrong.
#include "pricing/PriceCatalog.h"

#include <QDialog>
#include <optional>

class QDateEdit;
class QLabel;
class QLineEdit;

namespace costdash::ui {

class PriceDialog final : public QDialog {
    Q_OBJECT
public:
    // `start` fills the fields (an entry to edit); only its model for an unpriced model.
    PriceDialog(const pricing::PriceCatalog& catalog, const pricing::PriceEntry& start, QWidget* parent = nullptr);
    std::optional<pricing::PriceEntry> entry() const { return m_entry; }
    QString problem() const;

    void accept() override;

private:
    QLineEdit* field(const QString& name, const QString& text, const QString& tip);

    pricing::PriceCatalog m_catalog;
    QLineEdit* m_model;
    QLineEdit* m_provider;
    QDateEdit* m_from;
    QLineEdit* m_input;
    QLineEdit* m_output;
    QLineEdit* m_cached;
    QLineEdit* m_cacheWrite;
    QLabel* m_problem;
    std::optional<pricing::PriceEntry> m_entry;
};

} // namespace costdash::ui
