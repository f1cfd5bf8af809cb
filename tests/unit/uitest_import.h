#pragma once
// File ▸ Import's preview in widget tests: the dialog a window shows before anything is written.
#include "ImportFlow.h"
#include "ImportPreviewDialog.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace costdash::uitest {

// The preview the flow shows, once it is computed; nullptr when it never comes.
inline ui::ImportPreviewDialog* shownPreview(ui::ImportFlow& flow)
{
    if (!QTest::qWaitFor([&flow] { return flow.previewDialog() != nullptr; }, 10'000))
        return nullptr;
    QSignalSpy shown(flow.previewDialog(), &ui::ImportPreviewDialog::previewShown);
    return flow.previewDialog()->preview() || shown.wait(10'000) ? flow.previewDialog() : nullptr;
}

// Waits for the preview and chooses Import in it, as a user would; false when there is nothing to import.
inline bool confirmPreview(ui::ImportFlow& flow)
{
    ui::ImportPreviewDialog* preview = shownPreview(flow);
    auto* import = preview ? preview->findChild<QPushButton*>(QStringLiteral("importButton")) : nullptr;
    if (!import || !import->isEnabled())
        return false;
    import->click();
    return true;
}

} // namespace costdash::uitest
