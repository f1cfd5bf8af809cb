#pragma once
// The router's tiers: add, rename (in place), remove; each tier's model picked from the catalog (type to search,
// prices shown) or "keep the original model"; and the default tier for calls no rule matches.
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include "whatif/ScenarioEditor.h"

#include <QGroupBox>

class QComboBox;
class QTableWidget;
class QTableWidgetItem;

namespace costdash::ui {

class TierTable final : public QGroupBox {
    Q_OBJECT
public:
    // Reads the scenario from `editor`, hands edits to `edit`.
    TierTable(const ScenarioEditor* editor, RouterEdit edit, QWidget* parent = nullptr);

    void setCatalog(const pricing::PriceCatalog& catalog);
    void showRouter();
    // The model picker of `tier` (tests choose a model through it).
    QComboBox* modelPicker(const QString& tier) const;

private:
    QComboBox* makeModelPicker(const QString& tier, const QString& model);
    void onItemChanged(QTableWidgetItem* item);
    void rebuild();

    const ScenarioEditor* m_editor;
    RouterEdit m_edit;
    pricing::PriceCatalog m_catalog;
    std::optional<whatif::Router> m_shown; // its tiers are what the table shows: rebuilt only when they change
    QTableWidget* m_table;
    QComboBox* m_default;
    bool m_updating = false;
};

} // namespace costdash::ui
