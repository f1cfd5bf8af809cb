// The window's table models (checked by QAbstractItemModelTester, display text and sort values golden) and the
// pure display helpers: counts, durations, the TTL slider scale, the import report headline.
#include "Format.h"
#include "ImportFlow.h"
#include "ProjectionModels.h"
#include "SummaryTableModel.h"
#include "TtlScale.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace costdash;
using namespace costdash::ui;

namespace {

store::SummaryGroup group(const QString& key, std::int64_t calls, std::int64_t input, std::int64_t output,
                          money::Nanos cost, std::int64_t unpriced)
{
    store::SummaryGroup g;
    g.key = key;
    g.calls = calls;
    g.inputTokens = input;
    g.outputTokens = output;
    g.cost = cost;
    g.unpricedCalls = unpriced;
    return g;
}

store::Summary knownSummary()
{
    store::Summary summary;
    summary.calls = 6;
    summary.cost = 5'300'000'000;
    summary.unpricedCalls = 1;
    summary.unpricedModels = {QStringLiteral("mystery-model-x")};
    summary.groups = {group(QStringLiteral("gpt-4o"), 4, 4000, 800, 5'000'000'000, 0),
                      group(QStringLiteral("gpt-4o-mini"), 1, 1000, 200, 300'000'000, 0),
                      group(QStringLiteral("mystery-model-x"), 1, 1000, 200, 0, 1)};
    return summary;
}

QString text(const QAbstractItemModel& model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestUiModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void summaryModelShowsFormattedValues();
    void summaryModelSortsOnRawValues();
    void comparisonModel();
    void movesModelLabelsEvidence();
    void tiersModelListsEveryTier();
    void formatDuration_data();
    void formatDuration();
    void formatCountGroupsThousands();
    void ttlScaleHitsEveryPreset();
    void ttlScaleIsMonotonic();
    void importReportSummary_data();
    void importReportSummary();
};

void TestUiModels::summaryModelShowsFormattedValues()
{
    SummaryTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSummary(knownSummary(), store::GroupBy::Model);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(SummaryTableModel::ColumnCount));
    QCOMPARE(model.headerData(SummaryTableModel::Key, Qt::Horizontal).toString(), QStringLiteral("Model"));
    QCOMPARE(text(model, 0, SummaryTableModel::Cost), QStringLiteral("$5.00"));
    QCOMPARE(text(model, 0, SummaryTableModel::Share), QStringLiteral("94.3 %"));
    QCOMPARE(text(model, 0, SummaryTableModel::InputTokens), QStringLiteral("4,000"));
    QCOMPARE(text(model, 1, SummaryTableModel::Cost), QStringLiteral("$0.30"));
    // An unpriced group is shown as such, never as $0.00.
    QCOMPARE(text(model, 2, SummaryTableModel::Cost), QStringLiteral("unpriced"));
    QCOMPARE(text(model, 2, SummaryTableModel::Unpriced), QStringLiteral("1"));
    QCOMPARE(model.index(0, SummaryTableModel::Cost).data(Qt::ToolTipRole).toString(),
             QStringLiteral("5.000000000 USD"));
    model.setSummary(knownSummary(), store::GroupBy::Task);
    QCOMPARE(model.headerData(SummaryTableModel::Key, Qt::Horizontal).toString(), QStringLiteral("Task type"));
}

void TestUiModels::summaryModelSortsOnRawValues()
{
    SummaryTableModel model;
    store::Summary summary = knownSummary();
    summary.groups.append(group(QStringLiteral("big"), 12, 0, 0, 10'000'000'000, 0)); // "$10.00" sorts before "$5.00" as text
    model.setSummary(summary, store::GroupBy::Model);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(SummaryTableModel::Cost, Qt::DescendingOrder);
    QCOMPARE(text(proxy, 0, SummaryTableModel::Key), QStringLiteral("big"));
    QCOMPARE(text(proxy, 1, SummaryTableModel::Key), QStringLiteral("gpt-4o"));
    QCOMPARE(text(proxy, 3, SummaryTableModel::Key), QStringLiteral("mystery-model-x"));
    proxy.sort(SummaryTableModel::Calls, Qt::AscendingOrder);
    QCOMPARE(text(proxy, 3, SummaryTableModel::Key), QStringLiteral("big"));
    proxy.setFilterKeyColumn(SummaryTableModel::Key);
    proxy.setFilterFixedString(QStringLiteral("gpt"));
    QCOMPARE(proxy.rowCount(), 2);
}

void TestUiModels::comparisonModel()
{
    ComparisonModel model(QStringLiteral("Task type"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({{QStringLiteral("classification"), 3, 2'600'000'000, 1'350'000'000},
                   {QStringLiteral("summarization"), 2, 2'700'000'000, 2'700'000'000},
                   {QString(), 1, 0, 0}});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Task type"));
    QCOMPARE(text(model, 0, ComparisonModel::Baseline), QStringLiteral("$2.60"));
    QCOMPARE(text(model, 0, ComparisonModel::Projected), QStringLiteral("$1.35"));
    QCOMPARE(text(model, 0, ComparisonModel::Savings), QStringLiteral("$1.25"));
    QCOMPARE(text(model, 0, ComparisonModel::SavingsShare), QStringLiteral("48.1 %"));
    QCOMPARE(text(model, 1, ComparisonModel::SavingsShare), QStringLiteral("0.0 %"));
    QCOMPARE(text(model, 2, ComparisonModel::Key), QStringLiteral("(none)"));
    QCOMPARE(text(model, 2, ComparisonModel::SavingsShare), QStringLiteral("\u2013"));
    QCOMPARE(model.index(0, ComparisonModel::Savings).data(SortRole).toLongLong(), 1'250'000'000);
}

void TestUiModels::movesModelLabelsEvidence()
{
    MovesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMoves({{QStringLiteral("classification"), QStringLiteral("Qwen/Qwen3-8B"), 1200, false, 0, {}},
                    {QStringLiteral("summarization"), QStringLiteral("gpt-4o-mini"), 30, true, 0, {}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model, 0, MovesModel::Evidence), QStringLiteral("untested"));
    QCOMPARE(text(model, 0, MovesModel::Calls), QStringLiteral("1,200"));
    QCOMPARE(text(model, 1, MovesModel::Evidence), QStringLiteral("tested"));
    QVERIFY(model.index(0, MovesModel::Evidence).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Qwen")));
}

void TestUiModels::tiersModelListsEveryTier()
{
    TiersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    whatif::Router router;
    router.defaultTier = QStringLiteral("standard");
    router.tiers = {{QStringLiteral("trivial"), QStringLiteral("Qwen/Qwen3-8B")},
                    {QStringLiteral("standard"), QStringLiteral("original")}};
    model.setTiers(router, {{QStringLiteral("trivial"), 7}});
    QCOMPARE(model.rowCount(), 2);
    // QMap order: "standard" < "trivial"; a tier no call reached still shows, with 0.
    QCOMPARE(text(model, 0, TiersModel::Tier), QStringLiteral("standard"));
    QCOMPARE(text(model, 0, TiersModel::Model), QStringLiteral("original (logged model)"));
    QCOMPARE(text(model, 0, TiersModel::RoutedCalls), QStringLiteral("0"));
    QCOMPARE(text(model, 1, TiersModel::RoutedCalls), QStringLiteral("7"));
    model.setTiers(std::nullopt, {});
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::formatDuration_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 s");
    QTest::newRow("seconds") << qint64(45) << QStringLiteral("45 s");
    QTest::newRow("minute") << qint64(60) << QStringLiteral("1 min");
    QTest::newRow("minutes and seconds") << qint64(125) << QStringLiteral("2 min 5 s");
    QTest::newRow("hour") << qint64(3600) << QStringLiteral("1 h");
    QTest::newRow("hours and minutes") << qint64(5400) << QStringLiteral("1 h 30 min");
    QTest::newRow("day") << qint64(86400) << QStringLiteral("1 d");
    QTest::newRow("36 h") << qint64(129600) << QStringLiteral("36 h");
    QTest::newRow("week") << qint64(604800) << QStringLiteral("7 d");
}

void TestUiModels::formatDuration()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, expected);
    QCOMPARE(ui::formatDuration(seconds), expected);
}

void TestUiModels::formatCountGroupsThousands()
{
    QCOMPARE(formatCount(0), QStringLiteral("0"));
    QCOMPARE(formatCount(1234567), QStringLiteral("1,234,567"));
    QCOMPARE(formatShare(1, 3), QStringLiteral("33.3 %"));
}

void TestUiModels::ttlScaleHitsEveryPreset()
{
    for (const std::int64_t preset : ttl::kPresets)
        QCOMPARE(ttl::secondsAt(ttl::positionOf(preset)), preset);
    QCOMPARE(ttl::secondsAt(0), 0);
    QCOMPARE(ttl::secondsAt(ttl::kSteps), ttl::kMaxSeconds);
}

void TestUiModels::ttlScaleIsMonotonic()
{
    std::int64_t previous = -1;
    for (int p = 0; p <= ttl::kSteps; ++p) {
        const std::int64_t seconds = ttl::secondsAt(p);
        QVERIFY2(seconds >= previous, qPrintable(QStringLiteral("position %1").arg(p)));
        // Snapped to whole units people read: seconds < 1 min, minutes < 1 h, hours above.
        if (seconds >= 3600)
            QCOMPARE(seconds % 3600, 0);
        else if (seconds >= 60)
            QCOMPARE(seconds % 60, 0);
        previous = seconds;
    }
}

void TestUiModels::importReportSummary_data()
{
    QTest::addColumn<services::ImportReport>("report");
    QTest::addColumn<QString>("expected");
    services::ImportReport clean;
    clean.imported = 1234;
    QTest::newRow("clean") << clean << QStringLiteral("Imported 1,234 calls.");
    services::ImportReport mixed;
    mixed.imported = 10;
    mixed.skipped = 2;
    mixed.duplicates = 3;
    mixed.unpricedModels = {QStringLiteral("foo")};
    QTest::newRow("mixed") << mixed
                           << QStringLiteral("Imported 10 calls; 2 bad rows skipped; 3 duplicates ignored. "
                                             "Unpriced models (not in the catalog): foo.");
    services::ImportReport overlapping;
    overlapping.imported = 500;
    overlapping.overlaps = 500;
    overlapping.identicalRows = 1;
    QTest::newRow("overlaps") << overlapping
                              << QStringLiteral("Imported 500 calls; 500 rows already imported from another file "
                                                "skipped; 1 repeated row kept.");
    services::ImportReport cancelled;
    cancelled.cancelled = true;
    QTest::newRow("cancelled") << cancelled
                               << QStringLiteral("Imported 0 calls. Cancelled: the unfinished batch was rolled "
                                                 "back; importing the file again resumes.");
}

void TestUiModels::importReportSummary()
{
    QFETCH(services::ImportReport, report);
    QFETCH(QString, expected);
    QCOMPARE(reportSummary(report), expected);
}

QTEST_MAIN(TestUiModels)
#include "tst_ui_models.moc"
