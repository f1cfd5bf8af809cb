#pragma once
// The column-mapping dialog for a CSV or JSONL file no log format matches: the file's columns with sample values,
// one combo per stored field, the units `--map` takes, and a live preview of the first rows as they would be
// stored (computed on a worker, as the import preview). It yields exactly what `costdash import --map` parses.
#include "importers/ColumnMap.h"
#include "importers/Preview.h"
#include "services/Job.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace costdash::ui {

class PreviewRowsModel;

class ColumnMapDialog final : public QDialog {
    Q_OBJECT
public:
    // `unknown` is the preview that found no format (its columns and sample rows); `offered` a remembered mapping.
    ColumnMapDialog(const QString& path, const importers::ImportPreview& unknown,
                    const std::optional<importers::ColumnMapping>& offered, QWidget* parent = nullptr);

    // The mapping as chosen: the FIELD=COLUMN list and the units.
    importers::ColumnMapping mapping() const;
    QComboBox* fieldCombo(importers::Field field) const { return m_fields.value(field); }
    QComboBox* timeUnitCombo() const { return m_timeUnit; }
    QComboBox* costUnitCombo() const { return m_costUnit; }
    QComboBox* latencyUnitCombo() const { return m_latencyUnit; }

Q_SIGNALS:
    void previewShown(); // the live preview (or why there is none) is up to date with the combos

private:
    QWidget* makeColumnsTable(const importers::ImportPreview& unknown);
    QWidget* makeFieldForm(const QList<QByteArray>& columns);
    QWidget* makeUnitRow();
    void offer(const importers::ColumnMapping& mapping);
    void onChanged();
    void startPreview();
    void onPreviewFinished();

    QString m_path;
    QMap<importers::Field, QComboBox*> m_fields;
    QComboBox* m_timeUnit = nullptr;
    QComboBox* m_costUnit = nullptr;
    QComboBox* m_latencyUnit = nullptr;
    QLabel* m_command = nullptr;
    QLabel* m_status = nullptr;
    PreviewRowsModel* m_rowsModel = nullptr;
    QTableView* m_rows = nullptr;
    QPushButton* m_ok = nullptr;
    services::Job<importers::ImportPreview>* m_job;
    std::shared_ptr<const importers::RowMapper> m_mapper; // the valid mapping's mapper, or null
    bool m_stale = false; // the combos changed while a preview ran
};

} // namespace costdash::ui
