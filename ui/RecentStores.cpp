#include "RecentStores.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace costdash::ui {
namespace {

const QString kKey = QStringLiteral("store/recent");

} // namespace

RecentStores::RecentStores(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
    , m_paths(QSettings().value(kKey).toStringList().mid(0, kMaxStores))
{
    m_menu->setObjectName(QStringLiteral("recentStoresMenu"));
    m_menu->setToolTipsVisible(true);
    connect(m_menu, &QMenu::aboutToShow, this, &RecentStores::rebuild); // a store may have gone since
    rebuild();
}

void RecentStores::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_paths.removeAll(absolute);
    m_paths.prepend(absolute);
    m_paths = m_paths.mid(0, kMaxStores);
    save();
    rebuild();
}

void RecentStores::choose(const QString& path)
{
    if (QFileInfo::exists(path)) {
        Q_EMIT openRequested(path);
        return;
    }
    m_paths.removeAll(path);
    save();
    // Later: the menu's actions, the one being triggered included, are deleted by a rebuild.
    QMetaObject::invokeMethod(this, &RecentStores::rebuild, Qt::QueuedConnection);
    Q_EMIT notice(tr("%1 is not there any more (moved or deleted): removed from the recent stores.")
                      .arg(QDir::toNativeSeparators(path)));
}

void RecentStores::forgetMissing()
{
    QStringList missing;
    for (const QString& path : std::as_const(m_paths)) {
        if (!QFileInfo::exists(path))
            missing << QDir::toNativeSeparators(path);
    }
    if (missing.isEmpty())
        return;
    m_paths.erase(std::remove_if(m_paths.begin(), m_paths.end(), [](const QString& p) { return !QFileInfo::exists(p); }),
                  m_paths.end());
    save();
    QMetaObject::invokeMethod(this, &RecentStores::rebuild, Qt::QueuedConnection); // as in choose()
    Q_EMIT notice(tr("Removed from the recent stores, not found any more: %1").arg(missing.join(QStringLiteral(", "))));
}

void RecentStores::rebuild()
{
    m_menu->clear();
    for (int i = 0; i < m_paths.size(); ++i) {
        const QString path = m_paths.at(i);
        const bool exists = QFileInfo::exists(path);
        QAction* action = m_menu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()),
                                            this, [this, path] { choose(path); });
        action->setData(path);
        action->setEnabled(exists); // greyed: "Remove missing stores" below takes it off the list
        action->setToolTip(exists ? QDir::toNativeSeparators(path)
                                  : tr("%1 (not found)").arg(QDir::toNativeSeparators(path)));
    }
    m_menu->addSeparator();
    QAction* clean = m_menu->addAction(tr("Remove missing stores"), this, &RecentStores::forgetMissing);
    clean->setObjectName(QStringLiteral("forgetMissingStores"));
    clean->setEnabled(std::any_of(m_paths.begin(), m_paths.end(), [](const QString& p) { return !QFileInfo::exists(p); }));
    m_menu->setEnabled(!m_paths.isEmpty());
}

void RecentStores::save() const
{
    QSettings().setValue(kKey, m_paths);
}

} // namespace costdash::ui
