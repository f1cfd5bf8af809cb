#pragma once
// The benchmarks' month: a `costdash demo --seed 42` store of COSTDASH_BENCH_ROWS calls (default 1,000,000),
// generated once next to the binary, or the store COSTDASH_BENCH_DB names.
#include <QFileInfo>
#include <QProcess>
#include <QString>

namespace costdash::bench {

// The store's path; "" and *error when it cannot be generated.
inline QString benchMonth(QString* error)
{
    const QByteArray rows = qEnvironmentVariableIsSet("COSTDASH_BENCH_ROWS") ? qgetenv("COSTDASH_BENCH_ROWS") : "1000000";
    const QString db = qEnvironmentVariable("COSTDASH_BENCH_DB",
                                            QFileInfo(QStringLiteral(COSTDASH_BINARY)).absolutePath()
                                                + QStringLiteral("/whatif-bench-%1.db").arg(QString::fromLatin1(rows)));
    if (QFileInfo::exists(db))
        return db;
    QProcess demo;
    demo.start(QStringLiteral(COSTDASH_BINARY), {QStringLiteral("demo"), QStringLiteral("--rows"), QString::fromLatin1(rows),
                                                 QStringLiteral("--seed"), QStringLiteral("42"), QStringLiteral("--db"), db});
    if (demo.waitForFinished(600'000) && demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0)
        return db;
    *error = QString::fromUtf8(demo.readAllStandardError());
    return {};
}

} // namespace costdash::bench
