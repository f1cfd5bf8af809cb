#include "services/DemoJob.h"

#include "demo/DemoGenerator.h"
#include "store/CallStore.h"
#include "store/ImportSession.h"

#include <QCryptographicHash>
#include <QFile>

#include <functional>

namespace costdash::services {
namespace {

constexpr std::size_t kBatchRows = 25'000;

CallRecord recordOf(const demo::DemoRow& row)
{
    CallRecord record;
    record.timestampMs = row.timestampMs;
    record.model = QString::fromLatin1(row.model);
    record.inputTokens = row.inputTokens;
    record.outputTokens = row.outputTokens;
    record.latencyMs = row.latencyMs;
    record.loggedCost = row.cost;
    record.taskType = QString::fromLatin1(row.taskType);
    record.success = row.success;
    record.httpStatus = row.success ? 200 : 500;
    record.prompt = QString::fromUtf8(row.prompt);
    return record;
}

// Generates and stores the month; returns the error text ("" when done). Runs on a pool thread with its own
// store connection.
QString generate(const QString& dbPath, int rows, std::uint64_t seed, const std::atomic_bool& cancel,
                 const std::function<void(int)>& progress)
{
    QString error;
    const std::unique_ptr<store::CallStore> callStore = store::CallStore::open(dbPath, &error);
    if (!callStore)
        return error;
    const QByteArray identity = "costdash demo rows=" + QByteArray::number(rows) + " seed=" + QByteArray::number(seed);
    const store::ImportSource source{QStringLiteral("demo month (seed %1)").arg(seed), 0,
                                     QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex(),
                                     QStringLiteral("demo")};
    store::ImportSession session(*callStore);
    const store::ImportSession::Start start = session.begin(source, &error);
    if (start == store::ImportSession::Start::AlreadyImported)
        return {}; // the same month is in the store already
    if (start != store::ImportSession::Start::New && start != store::ImportSession::Start::Resumed)
        return error;
    demo::DemoOptions options;
    options.rows = rows;
    options.seed = seed;
    demo::DemoGenerator generator(options);
    std::vector<CallRecord> batch;
    batch.reserve(kBatchRows);
    store::ImportCounts counts = session.earlier().counts; // a resumed month goes on after its stored rows
    for (std::int64_t skip = counts.read; skip > 0; --skip) {
        demo::DemoRow row;
        generator.next(row);
    }
    demo::DemoRow row;
    bool more = true;
    while (more) {
        more = generator.next(row);
        if (more)
            batch.push_back(recordOf(row));
        if (batch.size() < kBatchRows && more)
            continue;
        if (cancel.load())
            return QObject::tr("cancelled");
        counts.read += static_cast<std::int64_t>(batch.size());
        counts.imported = counts.read;
        if (!session.append(batch, counts, counts.read, &error))
            return error;
        batch.clear();
        progress(static_cast<int>(counts.read * 100 / std::max(1, rows)));
    }
    return session.commit(counts, &error) ? QString() : error;
}

} // namespace

DemoJob::DemoJob(QObject* parent) : QObject(parent)
{
    connect(&m_job, &JobBase::finished, this, [this] {
        const QString error = m_job.takeResult().value_or(QString());
        if (!error.isEmpty())
            for (const char* suffix : {"", "-wal", "-shm"}) // a half-written demo store would reopen as complete
                QFile::remove(m_path + QLatin1String(suffix));
        Q_EMIT finished(m_path, error);
    });
    connect(&m_job, &JobBase::progress, this, &DemoJob::progress);
}

bool DemoJob::start(const QString& dbPath, int rows, std::uint64_t seed)
{
    if (m_job.isRunning())
        return false;
    m_path = dbPath;
    return m_job.start([dbPath, rows, seed](JobControl& control) {
        return generate(dbPath, rows, seed, control.cancelFlag(),
                        [&control](int percent) { control.setProgress(percent); });
    });
}

} // namespace costdash::services
