#include "timeutil/Timestamp.h"

#include <QDateTime>
#include <QTest>

using namespace costdash::timeutil;

class TestTimestamp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void civilRoundTrip();
    void format();
};

void TestTimestamp::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    const qint64 base = 1762179727512; // 2025-11-03T14:22:07.512Z
    QTest::newRow("Z") << "2025-11-03T14:22:07.512Z" << true << base;
    QTest::newRow("offset colon") << "2025-11-03T16:22:07.512+02:00" << true << base;
    QTest::newRow("offset compact") << "2025-11-03T09:22:07.512-0500" << true << base;
    QTest::newRow("offset hours") << "2025-11-03T16:22:07.512+02" << true << base;
    QTest::newRow("no zone is UTC") << "2025-11-03 14:22:07.512" << true << base;
    QTest::newRow("no fraction") << "2025-11-03T14:22:07Z" << true << base - 512;
    QTest::newRow("one digit") << "2025-11-03T14:22:07.5Z" << true << base + (500 - 512);
    QTest::newRow("nine digits truncate") << "2025-11-03T14:22:07.512999999Z" << true << base;
    QTest::newRow("six digits") << "2025-11-03 14:22:07.512871" << true << base;
    QTest::newRow("minutes only") << "2025-11-03T14:22Z" << true << base - 7512;
    QTest::newRow("date only") << "2025-11-03" << true << qint64(1762128000000);
    QTest::newRow("unix seconds") << "1762179727" << true << base - 512;
    QTest::newRow("unix seconds float") << "1762179727.512" << true << base;
    QTest::newRow("unix ms") << "1762179727512" << true << base;
    QTest::newRow("unix us") << "1762179727512871" << true << base;
    QTest::newRow("unix ns") << "1762179727512871000" << true << base;
    QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << true << qint64(0);
    QTest::newRow("before epoch") << "1969-12-31T23:59:59.999Z" << true << qint64(-1);
    QTest::newRow("leap day") << "2024-02-29T00:00:00Z" << true << qint64(1709164800000);
    QTest::newRow("ten fraction digits") << "2025-11-03T14:22:07.5128719999Z" << false << qint64(0);
    QTest::newRow("garbage") << "yesterday" << false << qint64(0);
    QTest::newRow("bad month") << "2025-13-01" << false << qint64(0);
    QTest::newRow("trailing junk") << "2025-11-03T14:22:07Zx" << false << qint64(0);
    QTest::newRow("empty") << "" << false << qint64(0);
}

void TestTimestamp::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    QString error;
    const auto t = parseTimestamp(text, &error);
    QCOMPARE(t.has_value(), ok);
    if (ok)
        QCOMPARE(*t, ms);
    else
        QVERIFY(!error.isEmpty());
}

void TestTimestamp::civilRoundTrip()
{
    // Against Qt's calendar for every day from 1960 to 2100.
    const QDate epoch(1970, 1, 1);
    for (qint64 d = -3653; d < 47482; d += 1) {
        int y = 0;
        unsigned m = 0, day = 0;
        civilFromDays(d, y, m, day);
        const QDate q = epoch.addDays(d);
        QCOMPARE(y, q.year());
        QCOMPARE(int(m), q.month());
        QCOMPARE(int(day), q.day());
        QCOMPARE(daysFromCivil(y, m, day), d);
    }
}

void TestTimestamp::format()
{
    QCOMPARE(formatIso(1762179727512), QStringLiteral("2025-11-03T14:22:07.512Z"));
    QCOMPARE(formatIso(-1), QStringLiteral("1969-12-31T23:59:59.999Z"));
    QCOMPARE(formatDay(dayOf(1762179727512)), QStringLiteral("2025-11-03"));
    QCOMPARE(parseDay(u"2025-11-03").value(), dayOf(1762179727512));
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
