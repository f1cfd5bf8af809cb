// The What-if page's scenario editor, driven through the real window on a real store: the scenario state the box,
// the Projected caption and a saved file show; save and reload (checked with the real `costdash whatif --json`);
// undo; a restart; and that the projection shown is whatif::replay of the scenario the editor holds.
#include "Format.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "ProjectionModels.h"
#include "ProjectionPanel.h"
#include "ScenarioPanel.h"
#include "WhatIfPage.h"
#include "services/ReplayRunner.h"
#include "services/ScenarioFiles.h"
#include "services/StoreService.h"
#include "whatif/ProjectionJson.h"
#include "whatif/Replay.h"
#include "whatif/RouterEdits.h"
#include "whatif/RuleText.h"
#include "whatif/ComparePanel.h"
#include "whatif/PinnedScenarios.h"
#include "whatif/RouterEditor.h"
#include "whatif/ScenarioEditor.h"
#include "whatif/TierTable.h"
#include "CliRunner.h"
#include "uitest_fixtures.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QSpinBox>
#include <QWheelEvent>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QComboBox>
#include <QCompleter>
#include <QMimeData>
#include <QJsonObject>
#include <QScrollArea>
#include <QTabWidget>
#include <QTimer>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>

using namespace costdash;
using namespace costdash::ui;

namespace {

using uitest::labelText;

// The Projected tile's detail for the known month (one unpriced call) under `name`.
QString projectedUnder(const QString& name)
{
    return QStringLiteral("under \u201c%1\u201d \u00b7 1 unpriced call not included").arg(name);
}

// `costdash whatif --json` without the timings, which differ from run to run.
QJsonObject whatifJson(const QString& db, const QString& scenario)
{
    const testing::CliResult r = testing::runCli(
        {QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"), scenario,
         QStringLiteral("--json")});
    QJsonObject o = r.json();
    o.remove(QStringLiteral("replay_ms"));
    o.remove(QStringLiteral("load_ms"));
    return r.exitCode == 0 ? o : QJsonObject{{QStringLiteral("error"), QString::fromUtf8(r.err)}};
}

// A user's drag with the mouse, through the window: press on rule `from`, move past the drag distance (the view
// starts a QDrag, whose loop runs until the release), move to `to` in the list's viewport and release there.
// The offscreen platform's QDrag ends at once, dropping nothing: there the rule is clicked, and what the view
// drags (the model's mime data of the selection) is dropped on the model in the gap the point shows (the row
// below the point's rule when it is in its lower half). CTest runs this test under Xvfb too, with a real drag.
void dragRule(QTreeWidget* rules, int from, QPoint to)
{
    QWidget* viewport = rules->viewport();
    QWindow* window = rules->window()->windowHandle();
    const auto inWindow = [&](QPoint p) { return window->mapFromGlobal(viewport->mapToGlobal(p)); };
    const QPoint start = rules->visualItemRect(rules->topLevelItem(from)).center();
    if (QGuiApplication::platformName() == QStringLiteral("offscreen")) {
        QTest::mouseClick(window, Qt::LeftButton, {}, inWindow(start));
        const std::unique_ptr<QMimeData> dragged(rules->model()->mimeData(rules->selectionModel()->selectedIndexes()));
        QTreeWidgetItem* target = rules->itemAt(to);
        const int gap = rules->indexOfTopLevelItem(target) + (to.y() >= rules->visualItemRect(target).center().y() ? 1 : 0);
        QVERIFY(rules->model()->dropMimeData(dragged.get(), Qt::MoveAction, gap, 0, QModelIndex()));
        return;
    }
    QTest::mousePress(window, Qt::LeftButton, {}, inWindow(start));
    QTest::mouseMove(window, inWindow(start + QPoint(0, 2)));
    QTimer::singleShot(0, rules, [=] { // inside the drag's loop
        QTest::mouseMove(window, inWindow(to + QPoint(0, 1)));
        QTest::mouseMove(window, inWindow(to));
        QTest::mouseRelease(window, Qt::LeftButton, {}, inWindow(to));
    });
    QTest::mouseMove(window, inWindow(start + QPoint(0, QApplication::startDragDistance() + 4)));
}

// A point in the upper or lower half of rule `index`'s row: the drop goes above or below that rule.
QPoint inRule(QTreeWidget* rules, int index, bool lowerHalf)
{
    const QRect rect = rules->visualItemRect(rules->topLevelItem(index));
    return QPoint(rect.center().x(), lowerHalf ? rect.bottom() - 2 : rect.top() + 2);
}

} // namespace

class TestUiWhatIfEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void editedPresetShowsModifiedAndUndoes();
    void savedFileLoadsBackWithTheSameWhatif();
    void editedPresetSavesUnderANewName();
    void restartShowsTheScenarioOfTheResults();
    void ruleEditsReplayAndUndo();
    void rulesReorderByDrag();
    void modelIsPicksTheStoresModels();
    void regexIsCheckedAsTyped();
    void tiersAreEdited();
    void savingsAreCountedHonestly();
    void pinnedScenariosCompare();
    void pinnedScenariosPersistPerStore();
    void controlsThatDoNothingAreDisabled();
    void wheelChangesOnlyAFocusedControl();

private:
    struct Opened {
        std::unique_ptr<MainWindow> window;
        std::shared_ptr<const whatif::Snapshot> snapshot;
    };
    // The window on the known month, once its snapshot is loaded (else `snapshot` is null), showing `preset`.
    Opened open(const QString& preset = {}) const;
    // Waits for the page to show the projection of the editor's scenario, then checks it is whatif::replay's.
    static void verifyShownIsReplay(const Opened& opened);
    // Waits until the rule list shows the shown projection's per-rule counts.
    static void verifyRuleStats(const Opened& opened);
    // The What-if page's Router tab on screen, the rule list scrolled into view; the list once it shows rules.
    static QTreeWidget* showRuleList(const Opened& opened);

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestUiWhatIfEditor::initTestCase()
{
    QString error;
    QVERIFY2(uitest::setUpKnownMonth(m_dir, &m_dbPath, &error), qPrintable(error));
}

void TestUiWhatIfEditor::init()
{
    QSettings().clear();
}

TestUiWhatIfEditor::Opened TestUiWhatIfEditor::open(const QString& preset) const
{
    Opened opened{std::make_unique<MainWindow>(), nullptr};
    QSignalSpy snapshot(opened.window->storeService(), &services::StoreService::snapshotReady);
    opened.window->openStore(m_dbPath);
    opened.window->show();
    const bool loaded = preset.isEmpty() || opened.window->whatIfPage()->scenarioPanel()->loadScenarioFile(preset);
    if (loaded && snapshot.wait(10'000))
        opened.snapshot = snapshot.first().first().value<services::SnapshotBundle>().snapshot;
    return opened;
}

void TestUiWhatIfEditor::verifyShownIsReplay(const Opened& opened)
{
    WhatIfPage& page = *opened.window->whatIfPage();
    const whatif::Scenario& held = page.scenarioPanel()->scenario();
    QTRY_VERIFY(page.requestedScenario() == held && !opened.window->findChild<services::ReplayRunner*>()->isRunning());
    const whatif::Projection expected = whatif::replay(*opened.snapshot, held);
    QTRY_COMPARE(whatif::projectionToJson(page.projectionPanel()->shownProjection()), whatif::projectionToJson(expected));
    QCOMPARE(labelText(page, QStringLiteral("projectedValue")), money::formatUsd(expected.projected));
}

void TestUiWhatIfEditor::editedPresetShowsModifiedAndUndoes()
{
    const Opened opened = open(QStringLiteral(":/scenarios/cache-only.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    auto* box = page.findChild<QComboBox*>(QStringLiteral("presetCombo"));
    const QString name = panel.scenario().name;
    QCOMPARE(box->currentText(), name);
    verifyShownIsReplay(opened);
    QCOMPARE(labelText(page, QStringLiteral("projectedDetail")), projectedUnder(name));

    page.findChild<QToolButton*>(QStringLiteral("ttlPreset604800"))->click();
    QCOMPARE(panel.ttlSeconds(), 604'800);
    QCOMPARE(box->currentText(), name + QStringLiteral(" *"));
    verifyShownIsReplay(opened);
    QCOMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$3.75"));
    QCOMPARE(labelText(page, QStringLiteral("projectedDetail")), projectedUnder(name + QStringLiteral(" *")));

    // Ctrl+Z through the window's menu action: back to the preset, unmodified, its projection again.
    auto* undo = opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"));
    QVERIFY(undo && undo->isEnabled());
    QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    undo->trigger();
    QCOMPARE(panel.ttlSeconds(), 86'400);
    QCOMPARE(box->currentText(), name);
    verifyShownIsReplay(opened);
    QCOMPARE(labelText(page, QStringLiteral("projectedValue")), QStringLiteral("$4.05"));
    auto* redo = opened.window->findChild<QAction*>(QStringLiteral("redoScenarioAction"));
    QCOMPARE(redo->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo->trigger();
    QCOMPARE(panel.ttlSeconds(), 604'800);
    verifyShownIsReplay(opened);
}

void TestUiWhatIfEditor::savedFileLoadsBackWithTheSameWhatif()
{
    const Opened opened = open();
    QVERIFY(opened.snapshot);
    ScenarioPanel& panel = *opened.window->whatIfPage()->scenarioPanel();
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
    verifyShownIsReplay(opened);
    const QString saved = m_dir.filePath(QStringLiteral("copy")); // Save adds ".json"
    QVERIFY(panel.saveScenarioFile(saved));
    const QString file = saved + QStringLiteral(".json");
    QCOMPARE(panel.scenarioSource(), file);
    QString error;
    const auto loaded = services::readScenarioFile(file, panel.catalog(), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(*loaded, panel.scenario()); // loads back identically
    const QString original = QStringLiteral(COSTDASH_SOURCE_DIR "/resources/scenarios/tiered-router.json");
    const QJsonObject fromOriginal = whatifJson(m_dbPath, original);
    QVERIFY2(fromOriginal.contains(QStringLiteral("projected_nusd")), qPrintable(fromOriginal.value(QStringLiteral("error")).toString()));
    QCOMPARE(whatifJson(m_dbPath, file), fromOriginal);
    QCOMPARE(fromOriginal.value(QStringLiteral("projected_nusd")).toInteger(),
             opened.window->whatIfPage()->projectionPanel()->shownProjection().projected);
}

void TestUiWhatIfEditor::editedPresetSavesUnderANewName()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    page.findChild<QToolButton*>(QStringLiteral("ttlPreset3600"))->click();
    const QString proposed = panel.proposedSavePath();
    QVERIFY2(proposed.endsWith(QStringLiteral("/tiered-router-24-h-exact-cache-edited.json")), qPrintable(proposed));
    const QString path = m_dir.filePath(QStringLiteral("hourly.json"));
    QVERIFY(panel.saveScenarioFile(path));
    verifyShownIsReplay(opened);
    // No longer the preset: the file's name, in the box, the caption and the file.
    auto* box = page.findChild<QComboBox*>(QStringLiteral("presetCombo"));
    QCOMPARE(box->currentText(), QStringLiteral("hourly"));
    QCOMPARE(panel.scenario().name, QStringLiteral("hourly"));
    QTRY_COMPARE(labelText(page, QStringLiteral("projectedDetail")), projectedUnder(QStringLiteral("hourly")));
    QString error;
    const auto loaded = services::readScenarioFile(path, panel.catalog(), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->name, QStringLiteral("hourly"));
    QCOMPARE(loaded->cache.ttlSeconds, 3600);
    QCOMPARE(whatifJson(m_dbPath, path).value(QStringLiteral("projected_nusd")).toInteger(),
             page.projectionPanel()->shownProjection().projected);
    // Saved again under its own file, Save as proposes another name.
    QVERIFY(panel.proposedSavePath().endsWith(QStringLiteral("/hourly-2.json")));
}

void TestUiWhatIfEditor::restartShowsTheScenarioOfTheResults()
{
    {
        const Opened opened = open();
        QVERIFY(opened.snapshot);
        ScenarioPanel& panel = *opened.window->whatIfPage()->scenarioPanel();
        QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
        opened.window->findChild<QToolButton*>(QStringLiteral("ttlPreset60"))->click();
        opened.window->close();
    }
    const Opened again = open();
    QVERIFY(again.snapshot);
    WhatIfPage& page = *again.window->whatIfPage();
    const QString name = QStringLiteral("Tiered router + 24 h exact cache *");
    QCOMPARE(page.findChild<QComboBox*>(QStringLiteral("presetCombo"))->currentText(), name);
    QCOMPARE(page.scenarioPanel()->scenarioSource(), QStringLiteral(":/scenarios/tiered-router.json"));
    QCOMPARE(page.scenarioPanel()->ttlSeconds(), 60);
    verifyShownIsReplay(again);
    QCOMPARE(labelText(page, QStringLiteral("projectedDetail")), projectedUnder(name));
    // Undoing the restored edit is not possible (the history is not kept), but the file is still the preset.
    QVERIFY(page.scenarioPanel()->editor()->isModified());
}

void TestUiWhatIfEditor::verifyRuleStats(const Opened& opened)
{
    WhatIfPage& page = *opened.window->whatIfPage();
    const auto* rules = page.findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    const whatif::Projection& shown = page.projectionPanel()->shownProjection();
    QCOMPARE(rules->topLevelItemCount() + 1, shown.ruleCalls.size());
    for (int i = 0; i < rules->topLevelItemCount(); ++i) {
        QTRY_COMPARE(rules->topLevelItem(i)->text(2), QString::number(shown.ruleCalls.at(i)));
        QCOMPARE(rules->topLevelItem(i)->text(3), formatUsdAmount(shown.ruleSavings.at(i)));
    }
    QCOMPARE(labelText(page, QStringLiteral("unmatchedLabel")),
             QStringLiteral("Matched by no rule: %1, moving %2")
                 .arg(countOf(shown.ruleCalls.last(), QStringLiteral("call"), QStringLiteral("calls")),
                      formatUsdAmount(shown.ruleSavings.last())));
}

void TestUiWhatIfEditor::ruleEditsReplayAndUndo()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    auto* rules = page.findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    QTRY_COMPARE(rules->topLevelItemCount(), 5);
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);

    // Add: a rule that always matches, after rule 1, to the default tier.
    rules->setCurrentItem(rules->topLevelItem(0));
    page.findChild<QPushButton*>(QStringLiteral("addRuleButton"))->click();
    QTRY_COMPARE(rules->topLevelItemCount(), 6);
    QCOMPARE(panel.scenario().router->rules.at(1), (whatif::RouterRule{{}, QStringLiteral("standard"), true}));
    QCOMPARE(rules->currentItem(), rules->topLevelItem(1));
    QCOMPARE(rules->topLevelItem(1)->text(1), QStringLiteral("always\n\u2192 standard (deepseek-v4-flash)"));
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);
    // First match wins: the rules after "always" take nothing, no call is left to the default tier.
    const whatif::Projection& afterAdd = page.projectionPanel()->shownProjection();
    for (int i = 2; i < 6; ++i)
        QCOMPARE(afterAdd.ruleCalls.at(i), 0);
    QCOMPARE(afterAdd.ruleCalls.last(), 0);

    // Reorder with the keyboard: Alt+Up puts "always" first, so it takes the classification call too.
    rules->setFocus();
    QTest::keyClick(rules, Qt::Key_Up, Qt::AltModifier);
    QTRY_COMPARE(panel.scenario().router->rules.at(0).when, whatif::RuleCondition{});
    QTRY_COMPARE(rules->topLevelItem(0)->text(1), QStringLiteral("always\n\u2192 standard (deepseek-v4-flash)"));
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);
    QCOMPARE(page.projectionPanel()->shownProjection().ruleCalls.at(1), 0);

    // Disable it: the order is back to the preset's routing, the rule stays in its place.
    rules->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
    QTRY_VERIFY(!panel.scenario().router->rules.at(0).enabled);
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);
    QCOMPARE(page.projectionPanel()->shownProjection().ruleCalls.at(0), 0);
    const QString saved = m_dir.filePath(QStringLiteral("disabled.json"));
    QVERIFY(panel.saveScenarioFile(saved));
    QString error;
    const auto loaded = services::readScenarioFile(saved, panel.catalog(), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(*loaded, panel.scenario());
    QCOMPARE(whatifJson(m_dbPath, saved).value(QStringLiteral("projected_nusd")).toInteger(),
             page.projectionPanel()->shownProjection().projected);

    // Undo four times: the name Save gave it, enabled, back in second place, gone.
    QCOMPARE(panel.scenario().name, QStringLiteral("disabled"));
    auto* undo = opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"));
    for (int i = 0; i < 4; ++i)
        undo->trigger();
    QCOMPARE(panel.scenario().name, QStringLiteral("Tiered router + 24 h exact cache"));
    QTRY_COMPARE(rules->topLevelItemCount(), 5);
    QString presetError;
    QCOMPARE(panel.scenario().router,
             services::readScenarioFile(QStringLiteral(":/scenarios/tiered-router.json"), panel.catalog(), &presetError)->router);
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);
}

QTreeWidget* TestUiWhatIfEditor::showRuleList(const Opened& opened)
{
    MainWindow& window = *opened.window;
    window.pages()->setCurrentWidget(window.whatIfPage());
    window.whatIfPage()->findChild<QTabWidget*>(QStringLiteral("scenarioTabs"))->setCurrentIndex(1);
    auto* rules = window.whatIfPage()->findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    window.whatIfPage()->findChild<QScrollArea*>()->ensureWidgetVisible(rules);
    window.activateWindow();
    const bool shown = QTest::qWaitForWindowActive(&window) && QTest::qWaitFor([rules] { return rules->topLevelItemCount() > 0; });
    return shown ? rules : nullptr;
}

void TestUiWhatIfEditor::rulesReorderByDrag()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QTreeWidget* rules = opened.snapshot ? showRuleList(opened) : nullptr;
    QVERIFY(rules);
    ScenarioPanel& panel = *opened.window->whatIfPage()->scenarioPanel();
    verifyShownIsReplay(opened);
    QCOMPARE(rules->topLevelItemCount(), 5);
    const whatif::Router preset = *panel.scenario().router;
    const QString firstText = rules->topLevelItem(0)->text(1);

    // Rule 1 dropped on the lower half of rule 2: below it, the two swap.
    dragRule(rules, 0, inRule(rules, 1, true));
    QTRY_COMPARE(panel.scenario().router->rules, whatif::edits::moveRule(preset, 0, 1)->rules);
    QTRY_COMPARE(rules->topLevelItem(1)->text(1), firstText);
    QCOMPARE(rules->currentItem(), rules->topLevelItem(1)); // the moved rule stays selected
    QVERIFY(panel.scenario().router->rules.at(0) != preset.rules.at(0)); // not the same order
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);

    // Undo: the preset's order again, and its projection.
    opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"))->trigger();
    QCOMPARE(panel.scenario().router, std::optional<whatif::Router>(preset));
    QVERIFY(!panel.editor()->isModified());
    QTRY_COMPARE(rules->topLevelItem(0)->text(1), firstText);
    verifyShownIsReplay(opened);
    verifyRuleStats(opened);

    // Upwards, on the lower half of rule 2: rule 4 goes between rules 2 and 3, not above rule 2.
    dragRule(rules, 3, inRule(rules, 1, true));
    QTRY_COMPARE(panel.scenario().router->rules, whatif::edits::moveRule(preset, 3, 2)->rules);
    verifyShownIsReplay(opened);
    // Dropped back where it came from: no edit.
    const int steps = panel.editor()->undoStack()->count();
    QTRY_COMPARE(rules->topLevelItem(2)->text(1), ruleText(preset.rules.at(3), preset));
    dragRule(rules, 2, inRule(rules, 2, false));
    QCOMPARE(panel.editor()->undoStack()->count(), steps);
}

void TestUiWhatIfEditor::modelIsPicksTheStoresModels()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QTreeWidget* rules = opened.snapshot ? showRuleList(opened) : nullptr;
    QVERIFY(rules);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    QCOMPARE(rules->topLevelItemCount(), 5);
    rules->setCurrentItem(rules->topLevelItem(4));
    auto* models = page.findChild<QComboBox*>(QStringLiteral("ruleModels"));
    auto* error = page.findChild<QLabel*>(QStringLiteral("ruleModelsError"));
    QVERIFY(models && models->isEditable() && error);
    // The list: the known month's logged models.
    QStringList listed;
    for (int i = 0; i < models->count(); ++i)
        listed << models->itemText(i);
    QCOMPARE(listed, (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"), QStringLiteral("mystery-model-x")}));
    QVERIFY(panel.scenario().router->rules.at(4).when.models.isEmpty());

    // Picked from the list: applied, replayed.
    models->setCurrentIndex(1);
    Q_EMIT models->activated(1);
    QCOMPARE(panel.scenario().router->rules.at(4).when.models, QStringList{QStringLiteral("gpt-4o-mini")});
    verifyShownIsReplay(opened);

    // Typed: completion over the store's names, after the last comma; a name the store lacks is refused.
    models->setFocus();
    QTRY_VERIFY(models->hasFocus());
    models->lineEdit()->selectAll();
    QTest::keyClicks(models, QStringLiteral("GPT-4O, myst"));
    QVERIFY(!error->isHidden());
    QCOMPARE(error->text(), QStringLiteral("not a model of this store: myst"));
    QCOMPARE(panel.scenario().router->rules.at(4).when.models, QStringList{QStringLiteral("GPT-4O")}); // the last valid
    QCompleter* completer = models->lineEdit()->completer();
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->completionCount(), 1);
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(models->currentText(), QStringLiteral("GPT-4O, mystery-model-x"));
    QVERIFY(error->isHidden());
    QCOMPARE(panel.scenario().router->rules.at(4).when.models,
             (QStringList{QStringLiteral("GPT-4O"), QStringLiteral("mystery-model-x")}));
    verifyShownIsReplay(opened);
    QTest::keyClicks(models, QStringLiteral(", deepseek-coder"));
    QCOMPARE(error->text(), QStringLiteral("not a model of this store: deepseek-coder")); // the catalog's, not the store's
    QCOMPARE(panel.scenario().router->rules.at(4).when.models.size(), 2);
    verifyShownIsReplay(opened);

    // The typing was one step; undo goes back to the pick, then to the preset.
    auto* undo = opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"));
    undo->trigger();
    QCOMPARE(panel.scenario().router->rules.at(4).when.models, QStringList{QStringLiteral("gpt-4o-mini")});
    undo->trigger();
    QVERIFY(!panel.editor()->isModified());
    verifyShownIsReplay(opened);
}

void TestUiWhatIfEditor::regexIsCheckedAsTyped()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    auto* rules = page.findChild<QTreeWidget*>(QStringLiteral("routerRules"));
    QTRY_COMPARE(rules->topLevelItemCount(), 5);
    rules->setCurrentItem(rules->topLevelItem(2));
    auto* pattern = page.findChild<QLineEdit*>(QStringLiteral("rulePromptMatches"));
    auto* error = page.findChild<QLabel*>(QStringLiteral("ruleRegexError"));
    pattern->setFocus();
    QTest::keyClicks(pattern, QStringLiteral("(summ"));
    QVERIFY(!error->isHidden());
    QCOMPARE(error->text(), QStringLiteral("invalid regex: missing ): (summ"));
    QVERIFY(panel.scenario().router->rules.at(2).when.promptMatches.isEmpty()); // never applied half-typed
    QTest::keyClicks(pattern, QStringLiteral(")"));
    QVERIFY(error->isHidden());
    QCOMPARE(panel.scenario().router->rules.at(2).when.promptMatches, QStringLiteral("(summ)"));
    verifyShownIsReplay(opened);
    // Lookaround is valid Perl that RE2 cannot express: said so, not "invalid".
    pattern->clear();
    QTest::keyClicks(pattern, QStringLiteral("a(?=b)"));
    QVERIFY2(error->text().startsWith(QStringLiteral("RE2 cannot express this pattern")), qPrintable(error->text()));
    QCOMPARE(panel.scenario().router->rules.at(2).when.promptMatches, QStringLiteral("a"));
    // One undo step for the whole typing of the field.
    opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"))->trigger();
    QVERIFY(panel.scenario().router->rules.at(2).when.promptMatches.isEmpty());
    QVERIFY(!panel.editor()->isModified());
}

void TestUiWhatIfEditor::tiersAreEdited()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    auto* tiers = page.findChild<TierTable*>();
    QTRY_VERIFY(tiers->modelPicker(QStringLiteral("trivial")));
    verifyShownIsReplay(opened);
    const money::Nanos before = page.projectionPanel()->shownProjection().projected;

    // The classification call goes to gpt-4o-mini instead of Qwen3-8B: dearer, the projection follows.
    QComboBox* picker = tiers->modelPicker(QStringLiteral("trivial"));
    const int mini = picker->findData(QStringLiteral("gpt-4o-mini"));
    QVERIFY(mini > 0);
    QCOMPARE(picker->itemText(mini), QStringLiteral("gpt-4o-mini \u2014 $0.15 in, $0.60 out per 1M"));
    picker->setCurrentIndex(mini);
    Q_EMIT picker->activated(mini);
    QCOMPARE(panel.scenario().router->tiers.value(QStringLiteral("trivial")), QStringLiteral("gpt-4o-mini"));
    verifyShownIsReplay(opened);
    QVERIFY(page.projectionPanel()->shownProjection().projected != before);

    // Rename in place: the rules follow.
    auto* table = page.findChild<QTableWidget*>(QStringLiteral("tiersEditor"));
    QTRY_VERIFY(tiers->modelPicker(QStringLiteral("trivial")) != picker); // rebuilt for the new router
    const auto found = table->findItems(QStringLiteral("trivial"), Qt::MatchExactly);
    QCOMPARE(found.size(), 1);
    found.first()->setText(QStringLiteral("cheap"));
    QCOMPARE(panel.scenario().router->rules.at(0).tier, QStringLiteral("cheap"));
    QVERIFY(!panel.scenario().router->tiers.contains(QStringLiteral("trivial")));
    verifyShownIsReplay(opened);

    // Keep the original model: that call is not moved any more.
    QTRY_VERIFY(tiers->modelPicker(QStringLiteral("cheap")));
    picker = tiers->modelPicker(QStringLiteral("cheap"));
    picker->setCurrentIndex(0);
    Q_EMIT picker->activated(0);
    QCOMPARE(panel.scenario().router->tiers.value(QStringLiteral("cheap")), whatif::kOriginalModel);
    verifyShownIsReplay(opened);
    QCOMPARE(page.projectionPanel()->shownProjection().ruleSavings.at(0), 0);

    // Undo all three: the preset again.
    auto* undo = opened.window->findChild<QAction*>(QStringLiteral("undoScenarioAction"));
    for (int i = 0; i < 3; ++i)
        undo->trigger();
    QVERIFY(!panel.editor()->isModified());
    verifyShownIsReplay(opened);
    QCOMPARE(page.projectionPanel()->shownProjection().projected, before);
}

void TestUiWhatIfEditor::savingsAreCountedHonestly()
{
    const Opened opened = open();
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/all-gpt-4o-mini.json")));
    verifyShownIsReplay(opened);
    // Calls 1 and 2 (classification, $1.25 each) move to gpt-4o-mini at $0.00027: untested, $2.49946 of the
    // $4.89919 saved. Call 3 (summarization, $2.40) moves too, tested: call 4 ran there. Tested only: $2.39973.
    QCOMPARE(labelText(page, QStringLiteral("savingsValue")), QStringLiteral("$4.90"));
    QCOMPARE(labelText(page, QStringLiteral("testedSavingsValue")), QStringLiteral("$2.40"));
    QCOMPARE(labelText(page, QStringLiteral("testedSavingsDetail")), QStringLiteral("$2.50 untested (51.0 % of the savings)"));

    // The moves table: what each move saves; the selected one's evidence and sample calls.
    auto* table = page.findChild<QTableView*>(QStringLiteral("movesTable"));
    QAbstractItemModel* moves = table->model();
    int classification = -1;
    for (int row = 0; row < moves->rowCount(); ++row) {
        if (moves->index(row, MovesModel::TaskType).data().toString() == QStringLiteral("classification"))
            classification = row;
    }
    QVERIFY(classification >= 0);
    QCOMPARE(moves->index(classification, MovesModel::Savings).data().toString(), QStringLiteral("$2.50"));
    table->setCurrentIndex(moves->index(classification, 0));
    QCOMPARE(labelText(page, QStringLiteral("moveSamples")),
             QStringLiteral("classification \u2192 gpt-4o-mini: untested\n"
                            "\u201cClassify this ticket: refund\u201d logged $1.25 \u2192 $0.000270\n"
                            "\u201cclassify this ticket: REFUND\u201d logged $1.25 \u2192 $0.000270"));
}

void TestUiWhatIfEditor::pinnedScenariosCompare()
{
    const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
    QVERIFY(opened.snapshot);
    WhatIfPage& page = *opened.window->whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    const whatif::Scenario tiered = panel.scenario();
    opened.window->findChild<QAction*>(QStringLiteral("pinScenarioAction"))->trigger();
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
    page.findChild<QToolButton*>(QStringLiteral("ttlPreset604800"))->click(); // pinned as modified
    const whatif::Scenario cached = panel.scenario();
    page.findChild<QPushButton*>(QStringLiteral("pinButton"))->click();
    QCOMPARE(page.pinnedScenarios(), (QList<whatif::Scenario>{tiered, cached}));
    QVERIFY(!page.pinScenario()); // the same scenario twice
    QCOMPARE(labelText(page, QStringLiteral("compareHint")), QStringLiteral("\u201cExact prompt cache, 24 h *\u201d is pinned already."));

    QTRY_VERIFY(page.pinned()->isComplete());
    const QTableWidget* table = page.comparePanel()->table();
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("Tiered router + 24 h exact cache"));
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Exact prompt cache, 24 h *"));
    const QList<whatif::Scenario> both{tiered, cached};
    for (int c = 0; c < 2; ++c) {
        const whatif::Projection p = whatif::replay(*opened.snapshot, both.at(c));
        QCOMPARE(table->item(ComparePanel::Baseline, c)->text(), money::formatUsd(p.baseline));
        QCOMPARE(table->item(ComparePanel::Projected, c)->text(), money::formatUsd(p.projected));
        QCOMPARE(table->item(ComparePanel::RoutingLever, c)->text(), money::formatUsd(p.routingSavings));
        QCOMPARE(table->item(ComparePanel::CacheLever, c)->text(), money::formatUsd(p.cacheSavings));
        QCOMPARE(table->item(ComparePanel::CacheHits, c)->text(), QString::number(p.cacheHits));
    }
    // Cache only, 7 d: calls 2 and 4 hit, $3.75 projected, $1.55 from the cache (uitest_fixtures.h).
    QCOMPARE(table->item(ComparePanel::Projected, 1)->text(), QStringLiteral("$3.75"));
    QCOMPARE(table->item(ComparePanel::CacheLever, 1)->text(), QStringLiteral("$1.55"));
    QCOMPARE(table->item(ComparePanel::Savings, 1)->text(), QStringLiteral("$1.55 (29.2 %)"));

    // The charts are drawn once the Compare tab is shown (hidden, they wait): one bar per scenario, the exact
    // figure in its label; one projected line per scenario over the days.
    QVERIFY(page.comparePanel()->barsChart()->chart()->series().isEmpty());
    opened.window->pages()->setCurrentWidget(&page);
    page.findChild<QTabWidget*>(QStringLiteral("projectionTabs"))->setCurrentWidget(page.comparePanel());
    const auto bars = page.comparePanel()->barsChart()->chart()->series();
    QCOMPARE(bars.size(), 1);
    const auto* barSeries = qobject_cast<QHorizontalBarSeries*>(bars.first());
    QCOMPARE(barSeries->barSets().first()->count(), 2);
    QCOMPARE(barSeries->barSets().first()->at(0), 3.75); // the first pinned is drawn on top: the last in the set
    QCOMPARE(barSeries->barSets().first()->at(1), toPlotUsd(whatif::replay(*opened.snapshot, tiered).projected));
    const auto lines = page.comparePanel()->byDayChart()->chart()->series();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1)->name(), QStringLiteral("Exact prompt cache, 24 h *"));
    QCOMPARE(qobject_cast<QLineSeries*>(lines.at(1))->count(), 4); // the known month's four days

    // Up to four; the fifth is refused with a sentence; unpinning makes room.
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/all-gpt-4o-mini.json")));
    QVERIFY(page.pinScenario());
    auto* mode = page.findChild<QComboBox*>(QStringLiteral("cacheModeCombo"));
    mode->setCurrentIndex(mode->findData(int(whatif::CacheMode::Exact)));
    QVERIFY(page.pinScenario());
    page.findChild<QToolButton*>(QStringLiteral("ttlPreset3600"))->click();
    QVERIFY(!page.pinScenario());
    QVERIFY(labelText(page, QStringLiteral("compareHint")).startsWith(QStringLiteral("Four scenarios are pinned")));
    page.pinned()->unpin(0);
    QVERIFY(page.pinScenario());
    QCOMPARE(page.pinnedScenarios().size(), 4);
    QCOMPARE(page.pinnedScenarios().first(), cached);
    QTRY_VERIFY(page.pinned()->isComplete());
    QCOMPARE(page.comparePanel()->table()->columnCount(), 4);
}

void TestUiWhatIfEditor::pinnedScenariosPersistPerStore()
{
    QList<whatif::Scenario> pinned;
    {
        const Opened opened = open(QStringLiteral(":/scenarios/tiered-router.json"));
        QVERIFY(opened.snapshot);
        WhatIfPage& page = *opened.window->whatIfPage();
        QVERIFY(page.pinScenario());
        QVERIFY(page.scenarioPanel()->loadScenarioFile(QStringLiteral(":/scenarios/cache-only.json")));
        page.findChild<QToolButton*>(QStringLiteral("ttlPreset604800"))->click();
        QVERIFY(page.pinScenario());
        pinned = page.pinnedScenarios();
        opened.window->close();
    }
    const Opened again = open();
    QVERIFY(again.snapshot);
    WhatIfPage& page = *again.window->whatIfPage();
    QCOMPARE(page.pinnedScenarios(), pinned);
    QTRY_VERIFY(page.pinned()->isComplete());
    const QTableWidget* table = page.comparePanel()->table();
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("Tiered router + 24 h exact cache"));
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Exact prompt cache, 24 h *"));
    for (int c = 0; c < 2; ++c) {
        const whatif::Projection p = whatif::replay(*again.snapshot, pinned.at(c));
        QCOMPARE(table->item(ComparePanel::Projected, c)->text(), money::formatUsd(p.projected));
        QCOMPARE(table->item(ComparePanel::CacheHits, c)->text(), QString::number(p.cacheHits));
    }
    QCOMPARE(table->item(ComparePanel::Projected, 1)->text(), QStringLiteral("$3.75"));

    // Another store has its own pins (none); back on the first, its two again; unpinning is kept too.
    QSignalSpy month(again.window->storeService(), &services::StoreService::snapshotReady);
    again.window->openStore(m_dir.filePath(QStringLiteral("other.db")));
    QVERIFY(month.wait(10'000));
    QCOMPARE(page.pinnedScenarios().size(), 0);
    again.window->openStore(m_dbPath);
    QVERIFY(month.wait(10'000));
    QCOMPARE(page.pinnedScenarios(), pinned);
    page.pinned()->unpin(0);
    again.window->close();
    const Opened third = open();
    QVERIFY(third.snapshot);
    QCOMPARE(third.window->whatIfPage()->pinnedScenarios(), pinned.mid(1));
}

void TestUiWhatIfEditor::controlsThatDoNothingAreDisabled()
{
    MainWindow window;
    ScenarioPanel& panel = *window.whatIfPage()->scenarioPanel();
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/all-gpt-4o-mini.json"))); // cache off
    auto enabled = [&panel](const char* name) { return panel.findChild<QWidget*>(QLatin1String(name))->isEnabled(); };
    QVERIFY(!enabled("ttlSlider"));
    QVERIFY(!enabled("ttlPreset3600"));
    QVERIFY(!enabled("cacheScopeCombo"));
    QVERIFY(!enabled("similaritySpin"));
    auto* mode = panel.findChild<QComboBox*>(QStringLiteral("cacheModeCombo"));
    mode->setCurrentIndex(mode->findData(int(whatif::CacheMode::Exact)));
    QVERIFY(enabled("ttlSlider") && enabled("ttlPreset3600") && enabled("cacheScopeCombo"));
    QVERIFY(!enabled("similaritySpin"));
    mode->setCurrentIndex(mode->findData(int(whatif::CacheMode::Near)));
    QVERIFY(enabled("similaritySpin"));
    // Without a router the rule editor is off; applying one starts from a router that keeps every model.
    auto* router = panel.findChild<QCheckBox*>(QStringLiteral("routerCheck"));
    router->setChecked(false);
    QVERIFY(!enabled("routerEditor"));
    router->setChecked(true);
    QVERIFY(enabled("routerEditor"));
}

void TestUiWhatIfEditor::wheelChangesOnlyAFocusedControl()
{
    const Opened opened = open();
    QVERIFY(opened.snapshot);
    MainWindow& window = *opened.window;
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    WhatIfPage& page = *window.whatIfPage();
    ScenarioPanel& panel = *page.scenarioPanel();
    QVERIFY(panel.loadScenarioFile(QStringLiteral(":/scenarios/tiered-router.json")));
    QTRY_VERIFY(page.findChild<TierTable*>()->modelPicker(QStringLiteral("trivial")));
    const whatif::Scenario before = panel.scenario();
    auto wheel = [](QWidget* w, int steps) {
        const QPointF at(w->width() / 2.0, w->height() / 2.0);
        QWheelEvent event(at, w->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(w, &event);
    };
    // Every value control of both tabs, the rule form's and the tier pickers included, up and down.
    QList<QWidget*> controls;
    for (QWidget* w : panel.findChildren<QWidget*>()) {
        if (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSlider*>(w))
            controls << w;
    }
    QVERIFY(controls.size() >= 10);
    for (QWidget* w : std::as_const(controls)) {
        wheel(w, 3);
        wheel(w, -5);
    }
    QCOMPARE(panel.scenario(), before);
    QVERIFY(!panel.editor()->isModified());

    // Focused, the wheel does change it.
    auto* discount = panel.findChild<QSpinBox*>(QStringLiteral("batchDiscountSpin"));
    discount->setFocus();
    QTRY_VERIFY(discount->hasFocus());
    wheel(discount, 1);
    QCOMPARE(panel.scenario().batch.discountPpm, 510'000);
}

QTEST_MAIN(TestUiWhatIfEditor)
#include "tst_ui_whatif_editor.moc"
