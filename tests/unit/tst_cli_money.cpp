// End-to-end: amounts at and beyond the limits, through the real binary. Every figure printed is exact, or the
// command refuses with one sentence and exit 1; never a wrapped number.
#include "CliRunner.h"
#include "TestFiles.h"

#include <QTemporaryDir>
#include <QTest>

using namespace costdash::testing;

class TestCliMoney : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void largestTotalThatFits();
    void totalBeyondInt64_data();
    void totalBeyondInt64();

private:
    QString import(const QString& name, int calls);
    QTemporaryDir m_dir;
    QString m_scenario;
};

namespace {

const QByteArray kOutOfRange = "the total is beyond $9,223,372,036.85, the most costdash can add up exactly";

} // namespace

void TestCliMoney::initTestCase()
{
    m_scenario = writeFile(m_dir, QStringLiteral("cache.json"),
                           R"({"name": "cache", "cache": {"mode": "exact", "ttl_seconds": 60}})");
}

// A store of `calls` calls, each logging the most one call may cost ($1,000,000), over ten models so that no
// (day, model) group of the rollup overflows: only the totals across groups can.
QString TestCliMoney::import(const QString& name, int calls)
{
    QByteArray csv = "timestamp,model,input_tokens,output_tokens,cost_usd,prompt\n";
    for (int i = 0; i < calls; ++i)
        csv += "2025-11-03T10:00:00Z,model-" + QByteArray::number(i % 10) + ",1,1,1000000,prompt "
            + QByteArray::number(i) + '\n';
    const QString db = m_dir.filePath(name + QStringLiteral(".db"));
    const CliResult r = runCli({QStringLiteral("import"), writeFile(m_dir, name + QStringLiteral(".csv"), csv),
                                QStringLiteral("--db"), db});
    if (r.exitCode != 0)
        qWarning("import failed: %s", r.err.constData());
    return db;
}

void TestCliMoney::largestTotalThatFits()
{
    // 9,223 calls at $1,000,000: $9,223,000,000, just under INT64_MAX nano-USD.
    const QString db = import(QStringLiteral("fits"), 9'223);
    const CliResult summary = runCli({QStringLiteral("summary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(summary.exitCode, 0);
    QCOMPARE(summary.json().value(QLatin1String("cost_nusd")).toInteger(), 9'223'000'000'000'000'000);
    const CliResult whatif = runCli({QStringLiteral("whatif"), QStringLiteral("--db"), db, QStringLiteral("--scenario"),
                                     m_scenario, QStringLiteral("--json")});
    QCOMPARE(whatif.exitCode, 0);
    QCOMPARE(whatif.json().value(QLatin1String("baseline_nusd")).toInteger(), 9'223'000'000'000'000'000);
}

void TestCliMoney::totalBeyondInt64_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("summary --json") << QStringList{QStringLiteral("summary"), QStringLiteral("--json")};
    QTest::newRow("summary by day") << QStringList{QStringLiteral("summary"), QStringLiteral("--by"), QStringLiteral("day")};
    QTest::newRow("summary by task") << QStringList{QStringLiteral("summary"), QStringLiteral("--by"), QStringLiteral("task")};
    QTest::newRow("whatif") << QStringList{QStringLiteral("whatif"), QStringLiteral("--scenario"), QStringLiteral("@SCENARIO@")};
}

void TestCliMoney::totalBeyondInt64()
{
    QFETCH(QStringList, args);
    static const QString db = import(QStringLiteral("beyond"), 9'224); // $9,224,000,000: past INT64_MAX nano-USD
    args.replaceInStrings(QStringLiteral("@SCENARIO@"), m_scenario);
    const CliResult r = runCli(args + QStringList{QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("costdash: ") && r.err.contains(kOutOfRange), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

QTEST_GUILESS_MAIN(TestCliMoney)
#include "tst_cli_money.moc"
