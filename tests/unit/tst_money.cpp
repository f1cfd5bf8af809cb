#include "money/Money.h"

#include <QTest>

#include <limits>

using namespace costdash::money;

class TestMoney : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseUsd_data();
    void parseUsd();
    void parsePrice_data();
    void parsePrice();
    void priceBounds_data();
    void priceBounds();
    void perTokenPriceBounds_data();
    void perTokenPriceBounds();
    void checkedSums_data();
    void checkedSums();
    void roundTrip();
    void picosRounding_data();
    void picosRounding();
    void discount_data();
    void discount();
    void format_data();
    void format();
    void readable_data();
    void readable();
};

void TestMoney::parseUsd_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("nanos");
    QTest::newRow("plain") << "0.000431" << true << qint64(431000);
    QTest::newRow("exponent") << "2.805e-05" << true << qint64(28050);
    QTest::newRow("capital E") << "1E-7" << true << qint64(100);
    QTest::newRow("dollar and commas") << "$1,234.50" << true << qint64(1234500000000);
    QTest::newRow("minus zero") << "-0" << true << qint64(0);
    QTest::newRow("negative") << "-1.5" << true << qint64(-1500000000);
    QTest::newRow("dollar after sign") << "-$2" << true << qint64(-2000000000);
    QTest::newRow("long decimal") << "0.5617712500000000" << true << qint64(561771250);
    QTest::newRow("rounds half up") << "0.0000000005" << true << qint64(1);
    QTest::newRow("rounds down") << "0.0000000004999" << true << qint64(0);
    QTest::newRow("negative rounds away") << "-0.0000000005" << true << qint64(-1);
    QTest::newRow("leading dot") << ".25" << true << qint64(250000000);
    QTest::newRow("trailing dot") << "3." << true << qint64(3000000000);
    QTest::newRow("blanks") << "  7  " << true << qint64(7000000000);
    QTest::newRow("positive exponent") << "1.2e3" << true << qint64(1200000000000);
    QTest::newRow("tiny exponent") << "1e-400" << true << qint64(0);
    QTest::newRow("max") << "9223372036.854775807" << true << qint64(9223372036854775807LL);
    QTest::newRow("two dots") << "1.2.3" << false << qint64(0);
    QTest::newRow("nan") << "NaN" << false << qint64(0);
    QTest::newRow("inf") << "inf" << false << qint64(0);
    QTest::newRow("huge") << "1e400" << false << qint64(0);
    QTest::newRow("just over max") << "9223372036.854775808" << false << qint64(0);
    QTest::newRow("empty") << "" << false << qint64(0);
    QTest::newRow("sign only") << "-" << false << qint64(0);
    QTest::newRow("bad grouping") << "1,23.4" << false << qint64(0);
    QTest::newRow("exponent without digits") << "1e" << false << qint64(0);
    QTest::newRow("letters") << "12abc" << false << qint64(0);
    QTest::newRow("non-ascii digit") << QString::fromUtf8("\u0661") << false << qint64(0);
}

void TestMoney::parseUsd()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, nanos);
    QString error;
    const auto v = costdash::money::parseUsd(text, &error);
    QCOMPARE(v.has_value(), ok);
    if (ok)
        QCOMPARE(*v, nanos);
    else
        QVERIFY2(!error.isEmpty(), "a rejected amount says why");
}

void TestMoney::parsePrice_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros");
    QTest::newRow("gpt-4o input") << "2.50" << qint64(2500000);
    QTest::newRow("gpt-4o-mini cached") << "0.075" << qint64(75000);
    QTest::newRow("one cent") << "0.01" << qint64(10000);
}

void TestMoney::parsePrice()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    QCOMPARE(parsePricePerMillion(text).value(), micros);
}

void TestMoney::priceBounds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros"); // -1: refused
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero") << "0" << qint64(0) << QString();
    QTest::newRow("smallest unit") << "0.000001" << qint64(1) << QString();
    QTest::newRow("half a unit rounds up") << "0.0000005" << qint64(1) << QString();
    QTest::newRow("below the unit") << "0.0000001" << qint64(-1) << "below $0.000001 per 1M tokens";
    QTest::newRow("just below half a unit") << "0.00000049" << qint64(-1) << "below $0.000001 per 1M tokens";
    QTest::newRow("at the limit") << "100000" << qint64(100'000'000'000) << QString();
    QTest::newRow("one unit above the limit") << "100000.000001" << qint64(-1) << "above $100,000 per 1M tokens";
    QTest::newRow("1e10 (wrapped when shown)") << "1e10" << qint64(-1) << "above $100,000 per 1M tokens";
    QTest::newRow("INT64_MAX micros / 1e6") << "9223372036854" << qint64(-1) << "above $100,000 per 1M tokens";
    QTest::newRow("INT64_MAX micros") << "9223372036854.775807" << qint64(-1) << "above $100,000 per 1M tokens";
    QTest::newRow("beyond int64") << "9223372036854.775808" << qint64(-1) << "out of range";
    QTest::newRow("negative is the caller's") << "-1" << qint64(-1'000'000) << QString();
}

void TestMoney::priceBounds()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    QFETCH(QString, reason);
    QString error;
    const auto parsed = parsePricePerMillion(text, &error);
    if (reason.isEmpty()) {
        QCOMPARE(parsed.value_or(-42), micros);
    } else {
        QVERIFY(!parsed);
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
}

void TestMoney::perTokenPriceBounds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros"); // -1: refused
    QTest::newRow("LiteLLM gpt-4o-mini") << "1.5e-07" << qint64(150000);
    QTest::newRow("smallest unit") << "1e-12" << qint64(1);
    QTest::newRow("below the unit") << "1e-13" << qint64(-1);
    QTest::newRow("at the limit") << "0.1" << qint64(100'000'000'000);
    QTest::newRow("above the limit") << "0.100000000001" << qint64(-1);
    QTest::newRow("not a number") << "abc" << qint64(-1);
}

void TestMoney::perTokenPriceBounds()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    QCOMPARE(parsePricePerToken(text).value_or(-1), micros);
}

void TestMoney::checkedSums_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<bool>("overflows");
    const qint64 max = std::numeric_limits<qint64>::max();
    const qint64 min = std::numeric_limits<qint64>::min();
    QTest::newRow("zero") << qint64(0) << qint64(0) << false;
    QTest::newRow("reaches INT64_MAX") << max - 1 << qint64(1) << false;
    QTest::newRow("one past INT64_MAX") << max << qint64(1) << true;
    QTest::newRow("two $5bn logged costs") << qint64(5'000'000'000 * kNanosPerUsd) << qint64(5'000'000'000 * kNanosPerUsd)
                                           << true;
    QTest::newRow("max + max") << max << max << true;
    QTest::newRow("max + min") << max << min << false;
    QTest::newRow("reaches INT64_MIN") << min + 1 << qint64(-1) << false;
    QTest::newRow("one past INT64_MIN") << min << qint64(-1) << true;
    QTest::newRow("9,223 calls at the per-call limit") << qint64(kMaxLoggedCostPerCall * 9'222) << qint64(kMaxLoggedCostPerCall) << false;
    QTest::newRow("9,224 calls at the per-call limit") << qint64(kMaxLoggedCostPerCall * 9'223) << qint64(kMaxLoggedCostPerCall) << true;
}

void TestMoney::checkedSums()
{
    QFETCH(qint64, total);
    QFETCH(qint64, amount);
    QFETCH(bool, overflows);
    std::int64_t sum = total;
    QCOMPARE(addOverflows(sum, amount), overflows);
    if (!overflows)
        QCOMPARE(sum, total + amount);
}

void TestMoney::roundTrip()
{
    const qint64 values[] = {0, 1, -1, 431000, 1234500000000, INT64_MAX, -INT64_MAX};
    for (qint64 v : values)
        QCOMPARE(costdash::money::parseUsd(formatUsdExact(v)).value(), v);
}

void TestMoney::picosRounding_data()
{
    QTest::addColumn<qint64>("picos");
    QTest::addColumn<qint64>("nanos");
    QTest::newRow("half up") << qint64(1500) << qint64(2);
    QTest::newRow("below half") << qint64(1499) << qint64(1);
    QTest::newRow("negative half") << qint64(-1500) << qint64(-2);
    QTest::newRow("1000 gpt-4o input tokens") << qint64(picosOf(1000, 2500000)) << qint64(2500000);
    QTest::newRow("3 tokens at 0.15/M") << qint64(picosOf(3, 150000)) << qint64(450);
    QTest::newRow("7 tokens at 0.075/M") << qint64(picosOf(7, 75000)) << qint64(525);
}

void TestMoney::picosRounding()
{
    QFETCH(qint64, picos);
    QFETCH(qint64, nanos);
    QCOMPARE(roundPicosToNanos(picos), nanos);
}

void TestMoney::discount_data()
{
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<qint64>("ppm");
    QTest::addColumn<qint64>("result");
    QTest::newRow("half of even") << qint64(100) << qint64(500000) << qint64(50);
    QTest::newRow("half of odd rounds away") << qint64(101) << qint64(500000) << qint64(51);
    QTest::newRow("none") << qint64(77) << qint64(0) << qint64(77);
    QTest::newRow("all") << qint64(77) << qint64(1000000) << qint64(0);
    QTest::newRow("negative") << qint64(-101) << qint64(500000) << qint64(-51);
}

void TestMoney::discount()
{
    QFETCH(qint64, amount);
    QFETCH(qint64, ppm);
    QFETCH(qint64, result);
    QCOMPARE(applyDiscount(amount, ppm), result);
}

void TestMoney::format_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("text");
    QTest::newRow("cents") << qint64(1234500000000) << 2 << "$1,234.50";
    QTest::newRow("rounds") << qint64(5000000) << 2 << "$0.01";
    QTest::newRow("negative") << qint64(-1234567890123) << 2 << "-$1,234.57";
    QTest::newRow("millions") << qint64(1234567000000000) << 0 << "$1,234,567";
    QTest::newRow("sub-cent") << qint64(431000) << 6 << "$0.000431";
    QTest::newRow("rounds to zero") << qint64(-1) << 2 << "$0.00";
}

void TestMoney::format()
{
    QFETCH(qint64, nanos);
    QFETCH(int, decimals);
    QFETCH(QString, text);
    QCOMPARE(formatUsd(nanos, decimals), text);
}

void TestMoney::readable_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("text");
    QTest::newRow("dollars") << qint64(1234500000000) << "$1,234.50";
    QTest::newRow("cents") << qint64(45000000) << "$0.0450";
    QTest::newRow("sub-cent") << qint64(28050) << "$0.000028";
    QTest::newRow("negative sub-cent") << qint64(-4500000) << "-$0.004500";
    QTest::newRow("zero") << qint64(0) << "$0.000000";
}

void TestMoney::readable()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, text);
    QCOMPARE(formatUsdReadable(nanos), text);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
