// The platform-specific fast paths against their portable versions and a plain reference: the portable ones run
// in every build, the fast ones where the build has them (a `portable` preset build compiles the portable only).
#include "platform/Platform.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <string>
#include <thread>

using namespace costdash;

class TestPlatform : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findCommaOrNewline_data();
    void findCommaOrNewline();
    void findCommaOrNewlineOnRandomText();
    void lowerThisThreadPriority();
};

void TestPlatform::findCommaOrNewline_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("none") << QByteArray("abcdefghijklmnopqrstuvwxyz") << 26;
    QTest::newRow("comma first") << QByteArray(",abc") << 0;
    QTest::newRow("newline in the second word") << QByteArray("abcdefghij\nkl,") << 10;
    QTest::newRow("comma in the second block") << QByteArray("0123456789abcdefghi,") << 19;
    QTest::newRow("high bytes") << QByteArray("\xc3\xa9\xc3\xa9\xff\x80,x") << 6;
    QTest::newRow("NUL is no delimiter") << QByteArray("ab\0cd,", 6) << 5;
}

void TestPlatform::findCommaOrNewline()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expected);
    std::string padded(text.constData(), std::size_t(text.size()));
    padded.append(16, ','); // the padding the callers guarantee: never found past `end`
    const char* begin = padded.data();
    const char* end = begin + text.size();
    QCOMPARE(int(platform::findCommaOrNewline(begin, end) - begin), expected);
    QCOMPARE(int(platform::findCommaOrNewlinePortable(begin, end) - begin), expected);
}

void TestPlatform::findCommaOrNewlineOnRandomText()
{
    QRandomGenerator random(7);
    const char alphabet[] = "ab ,\n\"\xc3\x80";
    for (int round = 0; round < 2000; ++round) {
        std::string text(std::size_t(random.bounded(80)), 'x');
        for (char& c : text)
            c = random.bounded(8) == 0 ? alphabet[random.bounded(int(sizeof alphabet - 1))] : 'q';
        const std::size_t length = text.size();
        text.append(16, '\n');
        const char* begin = text.data();
        for (std::size_t from = 0; from <= length; ++from) {
            const char* expected = std::find_if(begin + from, begin + length, [](char c) { return c == ',' || c == '\n'; });
            QCOMPARE(platform::findCommaOrNewline(begin + from, begin + length), expected);
            QCOMPARE(platform::findCommaOrNewlinePortable(begin + from, begin + length), expected);
        }
    }
}

void TestPlatform::lowerThisThreadPriority()
{
    int lowered = -1, again = -1;
    std::thread worker([&] {
        platform::lowerThisThreadPriority(platform::kWorkerNice);
        lowered = platform::thisThreadNice();
        platform::lowerThisThreadPriority(1); // never raised back
        again = platform::thisThreadNice();
    });
    worker.join();
#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
    QCOMPARE(lowered, std::max(platform::kWorkerNice, platform::thisThreadNice()));
    QCOMPARE(again, lowered);
#else
    QCOMPARE(lowered, 0);
#endif
}

QTEST_APPLESS_MAIN(TestPlatform)
#include "tst_platform.moc"
