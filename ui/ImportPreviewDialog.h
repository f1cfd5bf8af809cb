#pragma once
// File ▸ Import's preview of one file, before anything is written: the detected format, where each stored field
// comes from, the first rows as they would be stored, the bad rows, the aggregate rows and the record count.
// The preview is computed on a worker by the code `costdash import --dry-run` runs. A CSV or JSONL that no
// format matches opens the column-mapping dialog (offering the mapping remembered for its header).
#include "importers/Preview.h"
#include "services/Job.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace costdash::ui {

class ColumnMapDialog;
class PreviewRowsModel;

class ImportPreviewDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr int Skipped = 2; // done() code of "Skip this file"

    // `position` is "" for one file, else "file 2 of 3" (then a Skip button is offered).
    ImportPreviewDialog(const QString& path, const importers::ImportOptions& options, const QString& position,
                        QWidget* parent = nullptr);

    const QString& path() const { return m_path; }
    // The options to import with: the column mapping chosen here, if any.
    const importers::ImportOptions& options() const { return m_options; }
    const std::optional<importers::ImportPreview>& preview() const { return m_preview; }
    ColumnMapDialog* mappingDialog() const { return m_mapDialog; }

Q_SIGNALS:
    void previewShown(); // a preview (or the reason there is none) is on screen

private:
    void startPreview();
    void onPreviewFinished();
    void showPreview(const importers::ImportPreview& preview);
    void showRefused(const importers::ImportPreview& preview);
    void openMapping();
    void onMappingAccepted();

    QString m_path;
    importers::ImportOptions m_options;
    std::optional<importers::ImportPreview> m_preview;
    services::Job<importers::ImportPreview>* m_job;
    PreviewRowsModel* m_rowsModel;
    QLabel* m_headline;
    QProgressBar* m_progress;
    QWidget* m_details;
    QTreeWidget* m_mapping;
    QTableView* m_rows;
    QLabel* m_counts;
    QLabel* m_errors;
    QPushButton* m_import;
    QPushButton* m_mapButton;
    ColumnMapDialog* m_mapDialog = nullptr;
    importers::ImportPreview m_unknown; // the file as no format read it: its columns and samples, for a mapping
};

// A file refused by its preview, in one plain sentence (the formats tried when none matched).
QString previewRefusal(const QString& path, const importers::ImportPreview& preview);
// "1,234 records: 1,230 would be imported, 4 bad rows." and the aggregates, as the preview shows them.
QString previewCounts(const importers::ImportPreview& preview);

} // namespace costdash::ui
