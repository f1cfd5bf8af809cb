#include "ImportPreviewDialog.h"

#include "ColumnMapDialog.h"
#include "Format.h"
#include "PreviewRowsModel.h"
#include "importers/SavedMappings.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

constexpr int kErrorsShown = 5;

QLabel* wrappedLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

QString previewCounts(const importers::ImportPreview& p)
{
    const QString records = p.partial ? QObject::tr("The first %1").arg(countOf(p.records, QObject::tr("record"), QObject::tr("records")))
                                      : countOf(p.records, QObject::tr("record"), QObject::tr("records"));
    QString text = QObject::tr("%1: %2 would be imported, %3.")
                       .arg(records, formatCount(p.records - p.badRows - p.idleRows),
                            countOf(p.badRows, QObject::tr("bad row"), QObject::tr("bad rows")));
    if (p.idleRows > 0)
        text += u' ' + QObject::tr("%1 (no activity) skipped.")
                           .arg(countOf(p.idleRows, QObject::tr("idle row"), QObject::tr("idle rows")));
    if (p.aggregateRows > 0)
        text += u' ' + QObject::tr("%1 summing %2 (usage buckets or daily spend): counted in totals, left out of "
                                   "the what-if replay.")
                           .arg(countOf(p.aggregateRows, QObject::tr("is an aggregate row"),
                                        QObject::tr("are aggregate rows")),
                                countOf(p.aggregateRequests, QObject::tr("request"), QObject::tr("requests")));
    if (p.spendRows > 0)
        text += u' ' + QObject::tr("%1 (cost without a request count): counted in the cost as no call, left out of "
                                   "the what-if replay.")
                           .arg(countOf(p.spendRows, QObject::tr("spend line"), QObject::tr("spend lines")));
    return text;
}

QString previewRefusal(const QString& path, const importers::ImportPreview& p)
{
    const QString name = QFileInfo(path).fileName();
    if (p.unknownFormat) {
        QStringList tried;
        for (const importers::RowMapper* mapper : importers::mappers())
            tried << mapper->name();
        const QString columns = p.columns.size() == 1 ? QObject::tr("its 1 column matches")
                                                      : QObject::tr("its %1 columns match").arg(p.columns.size());
        return QObject::tr("%1 is not a call log costdash can read: %2 none of the formats tried (%3).")
            .arg(name, columns, tried.join(QStringLiteral(", ")));
    }
    QString reason = p.error;
    if (reason.startsWith(path + QStringLiteral(": ")))
        reason = reason.mid(path.size() + 2); // the sentence names the file once
    else if (reason.startsWith(path + u' '))
        reason = QObject::tr("it") + reason.mid(path.size());
    return QObject::tr("%1 cannot be imported: %2.").arg(name, reason);
}

ImportPreviewDialog::ImportPreviewDialog(const QString& path, const importers::ImportOptions& options,
                                         const QString& position, QWidget* parent)
    : QDialog(parent)
    , m_path(path)
    , m_options(options)
    , m_job(new services::Job<importers::ImportPreview>(this))
    , m_rowsModel(new PreviewRowsModel(this))
{
    setObjectName(QStringLiteral("importPreview"));
    const QString name = QFileInfo(path).fileName();
    setWindowTitle(position.isEmpty() ? tr("Import %1").arg(name) : tr("Import %1 (%2)").arg(name, position));
    m_headline = wrappedLabel(QStringLiteral("previewHeadline"), this);
    m_headline->setText(tr("Reading %1\u2026 nothing is written until you choose Import.").arg(name));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("previewProgress"));
    m_mapping = new QTreeWidget(this);
    m_mapping->setObjectName(QStringLiteral("previewMapping"));
    m_mapping->setHeaderLabels({tr("Stored field"), tr("From the file")});
    m_mapping->setRootIsDecorated(false);
    m_mapping->setMaximumHeight(160);
    m_rows = new QTableView(this);
    m_rows->setObjectName(QStringLiteral("previewRows"));
    m_rows->setModel(m_rowsModel);
    m_rows->verticalHeader()->hide();
    m_counts = wrappedLabel(QStringLiteral("previewCounts"), this);
    m_errors = wrappedLabel(QStringLiteral("previewErrors"), this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setEnabled(false);
    m_import->setDefault(true);
    m_mapButton = buttons->addButton(tr("&Map columns\u2026"), QDialogButtonBox::ActionRole);
    m_mapButton->setObjectName(QStringLiteral("mapColumnsButton"));
    m_mapButton->hide();
    if (!position.isEmpty()) {
        QPushButton* skip = buttons->addButton(tr("&Skip this file"), QDialogButtonBox::ActionRole);
        skip->setObjectName(QStringLiteral("skipButton"));
        connect(skip, &QPushButton::clicked, this, [this] { done(Skipped); });
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_mapButton, &QPushButton::clicked, this, &ImportPreviewDialog::openMapping);

    m_details = new QWidget(this); // the mapping and the rows: hidden for a file refused as a whole
    auto* details = new QVBoxLayout(m_details);
    details->setContentsMargins(0, 0, 0, 0);
    details->addWidget(new QLabel(tr("Where each stored field comes from:"), m_details));
    details->addWidget(m_mapping);
    details->addWidget(new QLabel(tr("First rows as they would be stored:"), m_details));
    details->addWidget(m_rows, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_progress);
    layout->addWidget(m_details, 1);
    layout->addWidget(m_counts);
    layout->addWidget(m_errors);
    layout->addWidget(buttons);
    resize(960, 600);

    connect(m_job, &services::JobBase::progress, m_progress, &QProgressBar::setValue);
    connect(m_job, &services::JobBase::finished, this, &ImportPreviewDialog::onPreviewFinished);
    connect(this, &QDialog::finished, m_job, &services::JobBase::cancel);
    startPreview();
}

void ImportPreviewDialog::startPreview()
{
    m_import->setEnabled(false);
    m_progress->setValue(0);
    m_progress->show();
    m_job->start([path = m_path, options = m_options](services::JobControl& control) {
        const auto progress = [&control](std::int64_t done, std::int64_t total) {
            control.setProgress(total > 0 ? int(done * 100 / total) : 0);
        };
        return importers::previewFile(path, options, 5, {&control.cancelFlag(), progress, 0});
    });
}

void ImportPreviewDialog::onPreviewFinished()
{
    m_progress->hide();
    m_preview = m_job->takeResult();
    if (!m_preview || m_preview->cancelled)
        return;
    if (!m_preview->error.isEmpty())
        showRefused(*m_preview);
    else
        showPreview(*m_preview);
    Q_EMIT previewShown();
}

void ImportPreviewDialog::showPreview(const importers::ImportPreview& p)
{
    const bool mapped = m_options.mapper && m_options.mapper->name() == QStringLiteral("map");
    m_headline->setText(tr("%1: a %2 file, read as %3. Nothing is written until you choose Import.")
                            .arg(QFileInfo(m_path).fileName(), p.format.toUpper(),
                                 mapped ? tr("your column mapping") : tr("%1 (%2)").arg(p.mapper, p.mapperTitle)));
    m_details->show();
    m_mapping->clear();
    for (const QString& line : p.mapping)
        new QTreeWidgetItem(m_mapping, {line.section(QStringLiteral(" <- "), 0, 0), line.section(QStringLiteral(" <- "), 1)});
    m_mapping->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rowsModel->setRows(p.firstRows);
    m_rows->resizeColumnsToContents();
    m_counts->setText(previewCounts(p));
    QStringList reasons;
    for (const importers::RowError& e : p.errors.mid(0, kErrorsShown))
        reasons << tr("line %1: %2").arg(e.line).arg(e.reason);
    m_errors->setText(reasons.isEmpty() ? QString() : tr("Bad rows (skipped): ") + reasons.join(QStringLiteral("; ")));
    m_mapButton->setVisible(mapped);
    m_mapButton->setText(tr("Change &mapping\u2026"));
    m_import->setEnabled(p.records > p.badRows);
}

void ImportPreviewDialog::showRefused(const importers::ImportPreview& p)
{
    m_headline->setText(previewRefusal(m_path, p));
    m_details->hide();
    resize(width(), minimumSizeHint().height()); // one sentence needs no room for tables
    m_mapping->clear();
    m_rowsModel->setRows({});
    m_counts->clear();
    m_errors->clear();
    const bool mappable = p.unknownFormat && p.columns.size() >= 2; // timestamp and model need two columns
    m_mapButton->setVisible(mappable);
    if (mappable) {
        m_unknown = p;
        m_counts->setText(tr("Map its columns to import it anyway."));
        openMapping();
    }
}

void ImportPreviewDialog::openMapping()
{
    if (m_mapDialog)
        m_mapDialog->deleteLater();
    m_mapDialog = new ColumnMapDialog(m_path, m_unknown, importers::savedMapping(m_unknown.columns), this);
    connect(m_mapDialog, &QDialog::accepted, this, &ImportPreviewDialog::onMappingAccepted);
    m_mapDialog->open();
}

void ImportPreviewDialog::onMappingAccepted()
{
    const importers::ColumnMapping mapping = m_mapDialog->mapping();
    QString error;
    m_options.mapper = importers::mapperFromMapping(mapping, &error);
    if (!m_options.mapper)
        return; // the dialog accepts only a valid mapping
    importers::saveMapping(m_unknown.columns, mapping);
    startPreview();
}

} // namespace costdash::ui
