#include "api/ApiKey.h"

#include <QCoro/QCoroTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <memory>
#include <qt6keychain/keychain.h>

namespace costdash::api {
namespace {

const QString kService = QStringLiteral("costdash");
const QString kEntry = QStringLiteral("api-key");
constexpr std::chrono::milliseconds kKeychainWait{3000};

// Starts `job` and waits for it to finish, at most kKeychainWait; true when it finished. It looks at a flag every
// 20 ms rather than awaiting the signal (QCoro 0.8's signal awaiter can be called after a timeout destroyed it).
QCoro::Task<bool> runJob(QKeychain::Job* job)
{
    auto done = std::make_shared<bool>(false);
    QObject::connect(job, &QKeychain::Job::finished, job, [done] { *done = true; });
    job->start();
    QElapsedTimer waited;
    waited.start();
    while (!*done && waited.elapsed() < kKeychainWait.count())
        co_await QCoro::sleepFor(std::chrono::milliseconds(20));
    co_return *done;
}

} // namespace

ApiKey apiKeyFromEnvironment()
{
    for (const char* name : {"COSTDASH_API_KEY", "GLOBAL_API_KEY"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return {value, QString::fromLatin1(name)};
    }
    return {};
}

QCoro::Task<ApiKey> loadApiKey()
{
    ApiKey key = apiKeyFromEnvironment();
    if (!key.value.isEmpty())
        co_return key;
    auto* job = new QKeychain::ReadPasswordJob(kService);
    job->setAutoDelete(false);
    job->setKey(kEntry);
    QPointer<QKeychain::ReadPasswordJob> guard(job);
    const bool done = co_await runJob(job);
    if (done && guard && job->error() == QKeychain::NoError)
        key = {job->textData().trimmed(), QStringLiteral("keychain")};
    if (key.value.isEmpty())
        key.source.clear();
    if (guard)
        job->deleteLater();
    co_return key;
}

QCoro::Task<QString> saveApiKeyToKeychain(const QString& key)
{
    QKeychain::Job* job = nullptr;
    if (key.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(kService);
    } else {
        auto* write = new QKeychain::WritePasswordJob(kService);
        write->setTextData(key);
        job = write;
    }
    job->setAutoDelete(false);
    job->setKey(kEntry);
    QPointer<QKeychain::Job> guard(job);
    const bool done = co_await runJob(job);
    QString error;
    if (!done || !guard)
        error = QStringLiteral("the keychain did not answer");
    else if (job->error() != QKeychain::NoError && !(key.isEmpty() && job->error() == QKeychain::EntryNotFound))
        error = redactSecret(job->errorString(), key);
    if (guard)
        job->deleteLater();
    co_return error;
}

QString redactSecret(QString text, const QString& secret)
{
    if (secret.isEmpty())
        return text;
    text.replace(secret, QStringLiteral("[redacted]"));
    constexpr qsizetype kTail = 8;
    if (secret.size() > 2 * kTail)
        text.replace(secret.right(kTail), QStringLiteral("[redacted]"));
    return text;
}

} // namespace costdash::api
