#pragma once
// The what-if controls: a preset or file scenario as the base, then cache, batch and router switches laid over
// it. Every change emits scenarioChanged(); scenario() is the base with the controls applied.
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QSlider;
class QSpinBox;
class QTreeWidget;

namespace costdash::ui {

class ScenarioPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(QWidget* parent = nullptr);

    // The catalog scenarios are validated against. Keeps the current controls.
    void setCatalog(const pricing::PriceCatalog& catalog);
    // The month's task types: the batch list offers these (plus any the scenario names).
    void setTaskTypes(const QStringList& taskTypes);

    whatif::Scenario scenario() const;
    // Sets the base and every control from `scenario` (one scenarioChanged()).
    void setScenario(const whatif::Scenario& scenario);

    // ":/scenarios/<name>.json" or a file path; false and the reason shown in the panel on error.
    bool loadScenarioFile(const QString& path);
    bool saveScenarioFile(const QString& path);
    // Restores a remembered scenario (JSON as saved by toJson) that came from `source`.
    bool restoreScenario(const QString& source, const QByteArray& json);
    QString scenarioSource() const { return m_source; }
    QString errorText() const;

    void setTtlSeconds(std::int64_t seconds);
    std::int64_t ttlSeconds() const { return m_ttlSeconds; }

    // The file dialogs, for the panel's buttons and the window's Scenario menu alike. Save as adds ".json" and
    // lists the saved file with the presets.
    void openScenario();
    void saveScenarioAs();

Q_SIGNALS:
    void scenarioChanged();

private:
    QWidget* buildScenarioBox();
    QWidget* buildCacheBox();
    QWidget* buildBatchBox();
    QWidget* buildRouterBox();
    void reloadPresets();
    void onPresetActivated(int index);
    void showError(const QString& message);
    void fillBatchList(const QStringList& checked);
    void showRouter();
    void syncEnabled();
    void controlChanged();

    pricing::PriceCatalog m_catalog;
    whatif::Scenario m_base;
    QString m_source;
    QStringList m_taskTypes;
    std::int64_t m_ttlSeconds = 0;
    bool m_updating = false; // set while controls are filled programmatically

    QComboBox* m_preset = nullptr;
    QLabel* m_error = nullptr;
    QComboBox* m_cacheMode = nullptr;
    QSlider* m_ttlSlider = nullptr;
    QLabel* m_ttlLabel = nullptr;
    QDoubleSpinBox* m_similarity = nullptr;
    QComboBox* m_scope = nullptr;
    QListWidget* m_batchTasks = nullptr;
    QSpinBox* m_discount = nullptr;
    QCheckBox* m_router = nullptr;
    QTreeWidget* m_rules = nullptr;
    QLabel* m_defaultTier = nullptr;
};

} // namespace costdash::ui
