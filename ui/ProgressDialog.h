#pragma once
// The progress dialog every long job of the window shows (import, report): window-modal, shown after 300 ms,
// kept open until the job's finished() closes it, its Cancel wired by the caller.
#include <QProgressDialog>

namespace costdash::ui {

QProgressDialog* openJobProgress(QWidget* window, const QString& title, const QString& label,
                                 const QString& objectName);

} // namespace costdash::ui
