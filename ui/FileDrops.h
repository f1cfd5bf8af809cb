#pragma once
// Files dropped on a widget (File ▸ Import by drag and drop): an event filter that accepts drags of local files
// and reports the dropped paths.
#include <QObject>
#include <QStringList>

class QWidget;

namespace costdash::ui {

class FileDrops final : public QObject {
    Q_OBJECT
public:
    // Makes `target` accept drops of local files.
    explicit FileDrops(QWidget* target);

Q_SIGNALS:
    void dropped(const QStringList& paths);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace costdash::ui
