#pragma once
// Runs the real costdash binary for end-to-end CLI tests.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

#include <unistd.h>

namespace costdash::testing {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    qint64 count(const char* key) const { return json().value(QLatin1String(key)).toInteger(-1); }
};

inline CliResult runProgram(const QString& program, const QStringList& args,
                            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliResult r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline CliResult runCli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    return runProgram(QStringLiteral(COSTDASH_BINARY), args, env);
}

// Runs costdash as a user file permissions bind: as is, or as nobody (setpriv) when the tests run as root, for
// whom a read-only file is writable.
inline CliResult runCliUnprivileged(const QStringList& args)
{
    if (::geteuid() != 0)
        return runCli(args);
    return runProgram(QStringLiteral("setpriv"),
                      QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                  QStringLiteral("--clear-groups"), QStringLiteral("--"), QStringLiteral(COSTDASH_BINARY)}
                          + args);
}

} // namespace costdash::testing
