#pragma once
// Generates the demo month into a store on a worker thread (the demo generator writes through its own
// CallStore connection), with progress and cancel; used by `costdash --demo` when the demo store is missing.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace costdash::services {

class DemoJob final : public QObject {
    Q_OBJECT
public:
    explicit DemoJob(QObject* parent = nullptr);
    ~DemoJob() override;

    bool start(const QString& dbPath, int rows, std::uint64_t seed);
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    void progress(int percent);
    void finished(const QString& dbPath, const QString& error); // error empty: done

private:
    QFutureWatcher<QString> m_watcher; // the future's value is the error text
    std::shared_ptr<std::atomic_bool> m_cancel;
    QString m_path;
};

} // namespace costdash::services
