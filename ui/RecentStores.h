#pragma once
// File ▸ Open Recent: the last five stores opened, newest first, remembered in QSettings. A store that no longer
// exists is greyed out; "Remove missing stores" takes such stores off the list, with a message naming them.
#include <QObject>
#include <QStringList>

class QMenu;

namespace costdash::ui {

class RecentStores final : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxStores = 5;

    // Fills `menu` (a submenu of File) from the settings.
    RecentStores(QMenu* menu, QObject* parent);

    // Puts `path` first (the demo store is never listed).
    void add(const QString& path);
    QStringList paths() const { return m_paths; }
    QMenu* menu() const { return m_menu; }
    // Every listed store not found any more is removed, after one message naming them.
    void forgetMissing();

Q_SIGNALS:
    void openRequested(const QString& path);
    // One sentence for the status bar: which stores were removed from the list, and why.
    void notice(const QString& message);

private:
    void choose(const QString& path);
    void rebuild();
    void save() const;

    QMenu* m_menu;
    QStringList m_paths;
};

} // namespace costdash::ui
