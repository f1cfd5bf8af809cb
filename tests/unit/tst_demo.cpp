// The demo month: byte-identical per seed (golden hash), and the figures that make it realistic (golden counts
// for seed 42, 20,000 rows), with costs at the bundled catalog's prices.
#include "demo/DemoGenerator.h"
#include "importers/CsvReader.h"
#include "model/Prompt.h"
#include "pricing/PriceCatalog.h"
#include "TestFiles.h"

#include <QCryptographicHash>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace costdash;
using namespace costdash::demo;

namespace {

QByteArray generate(std::int64_t rows, std::uint64_t seed)
{
    DemoGenerator generator({rows, seed});
    QByteArray out = DemoGenerator::csvHeader();
    DemoRow row;
    while (generator.next(row))
        DemoGenerator::appendCsv(row, out);
    return out;
}

struct Figures {
    QHash<QByteArray, int> tasks;
    QHash<QByteArray, int> models;
    int failures = 0;
    int over4000 = 0;
    int noCost = 0;
    int exactRepeats = 0;
    int normalizedRepeats = 0;
    int weekend = 0;
    int hours9to17 = 0;
    money::Nanos cost = 0;
    bool sorted = true;
};

Figures measure(std::int64_t rows, std::uint64_t seed)
{
    Figures f;
    DemoGenerator generator({rows, seed});
    DemoRow row;
    QSet<QByteArray> seen;
    QSet<QString> seenNormalized;
    timeutil::Millis last = 0;
    while (generator.next(row)) {
        ++f.tasks[row.taskType];
        ++f.models[row.model];
        f.failures += row.success ? 0 : 1;
        f.over4000 += row.inputTokens > 4000 ? 1 : 0;
        f.noCost += row.cost ? 0 : 1;
        f.cost += row.cost.value_or(0);
        f.exactRepeats += seen.contains(row.prompt) ? 1 : 0;
        seen.insert(row.prompt);
        const QString key = normalizePrompt(QString::fromUtf8(row.prompt));
        f.normalizedRepeats += seenNormalized.contains(key) ? 1 : 0;
        seenNormalized.insert(key);
        const std::int64_t day = timeutil::dayOf(row.timestampMs);
        const int weekday = int((day + 4) % 7); // 0 = Sunday
        f.weekend += (weekday == 0 || weekday == 6) ? 1 : 0;
        const std::int64_t hour = (row.timestampMs - day * timeutil::kMillisPerDay) / 3'600'000;
        f.hours9to17 += (hour >= 9 && hour < 17) ? 1 : 0;
        f.sorted = f.sorted && row.timestampMs >= last;
        last = row.timestampMs;
    }
    return f;
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deterministic();
    void goldenFigures();
    void nearRepeatKinds();
    void costsMatchCatalog();
    void writesFile();
};

void TestDemo::deterministic()
{
    const QByteArray a = generate(5000, 42);
    QCOMPARE(generate(5000, 42), a);
    QVERIFY(generate(5000, 43) != a);
    // Golden: any change to the generator changes this hash (update it deliberately, with the figures below).
    QCOMPARE(QCryptographicHash::hash(a, QCryptographicHash::Sha256).toHex(), QByteArray("465ef9b658eec75b70cf4c63c2f7599f0fdc707a5ce0620932b06deb28750752"));
    // header + rows, read back as CSV (debugging prompts hold quoted newlines)
    QTemporaryDir dir;
    importers::CsvReader reader;
    QVERIFY(reader.open(testing::writeFile(dir, QStringLiteral("d.csv"), a), nullptr));
    int records = 0;
    while (reader.next() == importers::CsvReader::Status::Record) {
        QVERIFY(reader.recordError().isEmpty());
        QCOMPARE(reader.fieldCount(), 9);
        ++records;
    }
    QCOMPARE(records, 5001);
}

void TestDemo::goldenFigures()
{
    const Figures f = measure(20'000, 42);
    QCOMPARE(f.tasks.size(), 9);
    QCOMPARE(f.tasks.value("chat"), 4401);
    QCOMPARE(f.tasks.value("classification"), 3035);
    QCOMPARE(f.tasks.value("long_document_analysis"), 968);
    QCOMPARE(f.models.value("gpt-4o"), 14507);
    QCOMPARE(f.models.value("gpt-4o-mini"), 5405);
    QCOMPARE(f.noCost, 88); // the unknown models: no logged cost, never $0
    QCOMPARE(f.failures, 354);
    QCOMPARE(f.over4000, 1667);
    QCOMPARE(f.exactRepeats, 6768);
    QCOMPARE(f.normalizedRepeats, 7133);
    QCOMPARE(f.weekend, 2171);
    QCOMPARE(f.hours9to17, 11689);
    QCOMPARE(f.cost, money::Nanos(145399646800));
    QVERIFY(f.sorted);
    // The same figures as shares, for the reader: ~2% failures, ~72% gpt-4o, a rare unpriced model, ~40% of
    // prompts repeated (a bit more after normalisation), quiet weekends, busy working hours.
    QVERIFY(f.failures > 300 && f.failures < 500);
    QVERIFY(f.noCost > 20 && f.noCost < 200);
    QVERIFY(f.exactRepeats > 6000 && f.normalizedRepeats > f.exactRepeats);
    QVERIFY(f.weekend < 20'000 * 2 / 10);
}

// Negation and number variants of one prompt both occur in a month: the cache must tell them apart.
void TestDemo::nearRepeatKinds()
{
    DemoGenerator generator({50'000, 7});
    DemoRow row;
    QSet<QByteArray> prompts;
    QSet<QString> normalized;
    while (generator.next(row)) {
        prompts.insert(row.prompt);
        normalized.insert(normalizePrompt(QString::fromUtf8(row.prompt)));
    }
    QVERIFY(prompts.size() - normalized.size() > 100); // case and white-space variants of the same prompt
    QVERIFY(prompts.contains("Turn on the alarm for 7:30 tomorrow and remind me about the quarterly report"));
    QVERIFY(prompts.contains("Turn off the alarm for 7:30 tomorrow and remind me about the quarterly report"));
    QVERIFY(prompts.contains("What is the status of order 1000?"));
    QVERIFY(prompts.contains("What is the status of order 1001?"));
}

void TestDemo::costsMatchCatalog()
{
    const pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    DemoGenerator generator({3000, 5});
    DemoRow row;
    int checked = 0;
    while (generator.next(row)) {
        if (!row.success || !row.cost)
            continue;
        const auto expected = catalog.cost(QString::fromLatin1(row.model), row.timestampMs,
                                           {row.inputTokens, 0, 0, row.outputTokens});
        QVERIFY(expected);
        QCOMPARE(*row.cost, *expected);
        ++checked;
    }
    QVERIFY(checked > 2500);
    QVERIFY(!catalog.resolve(QString::fromLatin1(kUnknownModels[0])));
}

void TestDemo::writesFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.csv"));
    QString error;
    QVERIFY2(writeDemoCsv({5000, 42}, path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), generate(5000, 42));
}

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
