#pragma once
// The what-if controls over the page's ScenarioEditor: the scenario box (presets, the file shown, Open, Save, Save
// as), cache, batch and router. A control the user moves becomes one undoable edit; an edit, an undo or an open
// refills the controls from the editor's scenario.
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSettings;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace costdash::ui {

class RouterEditor;
class ScenarioEditor;

class ScenarioPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(QWidget* parent = nullptr);

    ScenarioEditor* editor() const { return m_editor; }
    RouterEditor* routerEditor() const { return m_routerEditor; }
    // The catalog scenarios are validated against.
    void setCatalog(const pricing::PriceCatalog& catalog);
    const pricing::PriceCatalog& catalog() const { return m_catalog; }
    // The month's task types: the batch list offers these (plus any the scenario names).
    void setTaskTypes(const QStringList& taskTypes);

    const whatif::Scenario& scenario() const;

    // ":/scenarios/<name>.json" or a file path, through services::readScenarioFile; false and the reason shown in
    // the panel on error (the scenario shown stays).
    bool loadScenarioFile(const QString& path);
    // Writes the scenario to `path` (".json" added) and shows that file as its source.
    bool saveScenarioFile(const QString& path);
    // Where Save as proposes to write: a new name ending in ".json", beside the source (or in Documents).
    QString proposedSavePath() const;
    QString scenarioSource() const;
    QString errorText() const;

    // The scenario as it was left, and its source, kept across runs (QSettings).
    void saveState(QSettings& settings) const;
    // False when nothing usable was kept.
    bool restoreState(const QSettings& settings);

    void setTtlSeconds(std::int64_t seconds);
    std::int64_t ttlSeconds() const;

    // The file dialogs, for the panel's buttons and the window's Scenario menu alike.
    void openScenario();
    void save(); // to its file; a preset or a new scenario asks where (Save as)
    void saveScenarioAs();

private:
    QWidget* buildScenarioBox();
    QWidget* buildCacheBox();
    QWidget* buildBatchBox();
    QWidget* buildRouterBox();
    void fillScenarioBox();
    void onPresetActivated(int index);
    void showError(const QString& message);
    void fillBatchList(const QStringList& checked);
    void syncEnabled();
    void showScenario();
    void edit(const QString& text, const whatif::Scenario& after, int mergeKey = -1);
    whatif::Scenario batchFromControls() const;

    pricing::PriceCatalog m_catalog;
    ScenarioEditor* m_editor;
    std::optional<whatif::Router> m_lastRouter; // what "Apply the router" brings back after it was switched off
    QStringList m_taskTypes;
    bool m_updating = false; // set while controls are filled from the editor

    QTabWidget* m_tabs = nullptr;
    QComboBox* m_preset = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_error = nullptr;
    QComboBox* m_cacheMode = nullptr;
    QSlider* m_ttlSlider = nullptr;
    QLabel* m_ttlLabel = nullptr;
    QWidget* m_ttlPresets = nullptr;
    QDoubleSpinBox* m_similarity = nullptr;
    QComboBox* m_scope = nullptr;
    QListWidget* m_batchTasks = nullptr;
    QSpinBox* m_discount = nullptr;
    QCheckBox* m_router = nullptr;
    RouterEditor* m_routerEditor = nullptr;
};

} // namespace costdash::ui
