#pragma once
// Generates the demo month into a store on a worker thread (the demo generator writes through its own
// CallStore connection), with progress and cancel; used by `costdash --demo` when the demo store is missing.
#include "services/Job.h"

#include <QObject>
#include <QString>

namespace costdash::services {

class DemoJob final : public QObject {
    Q_OBJECT
public:
    explicit DemoJob(QObject* parent = nullptr);

    bool start(const QString& dbPath, int rows, std::uint64_t seed);
    void cancel() { m_job.cancel(); }
    bool isRunning() const { return m_job.isRunning(); }

Q_SIGNALS:
    void progress(int percent);
    void finished(const QString& dbPath, const QString& error); // error empty: done

private:
    Job<QString> m_job; // its value is the error text
    QString m_path;
};

} // namespace costdash::services
