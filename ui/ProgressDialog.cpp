#include "ProgressDialog.h"

namespace costdash::ui {

QProgressDialog* openJobProgress(QWidget* window, const QString& title, const QString& label,
                                 const QString& objectName)
{
    auto* progress = new QProgressDialog(label, QObject::tr("Cancel"), 0, 100, window);
    progress->setObjectName(objectName);
    progress->setWindowTitle(title);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    return progress;
}

} // namespace costdash::ui
