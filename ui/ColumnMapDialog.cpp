#include "ColumnMapDialog.h"

#include "ImportPreviewDialog.h"
#include "PreviewRowsModel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

using importers::Field;
using importers::Unit;

constexpr std::int64_t kLivePreviewRecords = 200; // the live preview reads this many records, not the whole file

bool isRequired(Field field)
{
    return field == Field::Timestamp || field == Field::Model;
}

QComboBox* unitCombo(const QString& name, std::initializer_list<std::pair<const char*, Unit>> units, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    combo->setObjectName(name);
    for (const auto& [label, unit] : units)
        combo->addItem(QObject::tr(label), importers::unitName(unit));
    return combo;
}

void selectData(QComboBox* combo, const QString& data)
{
    const int index = combo->findData(data);
    if (index >= 0)
        combo->setCurrentIndex(index);
}

} // namespace

ColumnMapDialog::ColumnMapDialog(const QString& path, const importers::ImportPreview& unknown,
                                 const std::optional<importers::ColumnMapping>& offered, QWidget* parent)
    : QDialog(parent)
    , m_path(path)
    , m_job(new services::Job<importers::ImportPreview>(this))
{
    setObjectName(QStringLiteral("columnMapDialog"));
    setWindowTitle(tr("Map the columns of %1").arg(QFileInfo(path).fileName()));
    m_rowsModel = new PreviewRowsModel(this);
    auto* intro = new QLabel(tr("No known log format matches this file. Choose which column holds each field; "
                                "timestamp and model are required. The mapping is remembered for files with the "
                                "same header."), this);
    intro->setWordWrap(true);
    QWidget* columns = makeColumnsTable(unknown);
    QWidget* form = makeFieldForm(unknown.columns);
    QWidget* units = makeUnitRow();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_status->setWordWrap(true);
    m_command = new QLabel(this);
    m_command->setObjectName(QStringLiteral("mapCommand"));
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setWordWrap(true);
    m_rows = new QTableView(this);
    m_rows->setObjectName(QStringLiteral("mapPreviewRows"));
    m_rows->setModel(m_rowsModel);
    m_rows->verticalHeader()->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Use this mapping"));
    m_ok->setObjectName(QStringLiteral("useMappingButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* formScroll = new QScrollArea(this);
    formScroll->setWidget(form);
    formScroll->setWidgetResizable(true);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* top = new QHBoxLayout;
    top->addWidget(columns, 3);
    top->addWidget(formScroll, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(top, 3);
    layout->addWidget(units);
    layout->addWidget(m_status);
    layout->addWidget(new QLabel(tr("First rows as they would be stored:"), this));
    layout->addWidget(m_rows, 2);
    layout->addWidget(m_command);
    layout->addWidget(buttons);
    resize(980, 600);

    connect(m_job, &services::JobBase::finished, this, &ColumnMapDialog::onPreviewFinished);
    if (offered)
        offer(*offered);
    for (QComboBox* combo : m_fields)
        connect(combo, &QComboBox::currentIndexChanged, this, &ColumnMapDialog::onChanged);
    for (QComboBox* combo : {m_timeUnit, m_costUnit, m_latencyUnit})
        connect(combo, &QComboBox::currentIndexChanged, this, &ColumnMapDialog::onChanged);
    onChanged();
}

QWidget* ColumnMapDialog::makeColumnsTable(const importers::ImportPreview& unknown)
{
    auto* table = new QTableWidget(int(unknown.columns.size()), 2, this);
    table->setObjectName(QStringLiteral("mapColumns"));
    table->setHorizontalHeaderLabels({tr("Column in the file"), tr("Sample values")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int c = 0; c < unknown.columns.size(); ++c) {
        QStringList values;
        for (const QStringList& row : unknown.samples)
            values << row.value(c);
        table->setItem(c, 0, new QTableWidgetItem(QString::fromUtf8(unknown.columns.at(c))));
        auto* samples = new QTableWidgetItem(values.join(QStringLiteral(" | ")));
        samples->setToolTip(values.join(u'\n'));
        table->setItem(c, 1, samples);
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QWidget* ColumnMapDialog::makeFieldForm(const QList<QByteArray>& columns)
{
    auto* box = new QWidget(this);
    auto* form = new QFormLayout(box);
    for (int f = 0; f < int(Field::Raw); ++f) {
        const auto field = Field(f);
        const QString name = importers::fieldName(field);
        auto* combo = new QComboBox(box);
        combo->setObjectName(QStringLiteral("map_") + name);
        combo->addItem(tr("(not in the file)"), QString());
        for (const QByteArray& column : columns)
            combo->addItem(QString::fromUtf8(column), QString::fromUtf8(column));
        selectData(combo, name); // a column named like the field is a good first guess
        form->addRow(isRequired(field) ? tr("%1 (required)").arg(name) : name, combo);
        m_fields.insert(field, combo);
    }
    return box;
}

QWidget* ColumnMapDialog::makeUnitRow()
{
    auto* row = new QWidget(this);
    m_timeUnit = unitCombo(QStringLiteral("timeUnit"), {{"by shape", Unit::Auto}, {"unix seconds", Unit::Seconds},
                                                         {"unix ms", Unit::Millis}, {"unix ns", Unit::Nanos},
                                                         {"ISO 8601", Unit::Iso}}, row);
    m_costUnit = unitCombo(QStringLiteral("costUnit"), {{"USD", Unit::Usd}, {"cents", Unit::Cents}}, row);
    m_latencyUnit = unitCombo(QStringLiteral("latencyUnit"), {{"ms", Unit::Millis}, {"seconds", Unit::Seconds}}, row);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Times in"), row));
    layout->addWidget(m_timeUnit);
    layout->addWidget(new QLabel(tr("costs in"), row));
    layout->addWidget(m_costUnit);
    layout->addWidget(new QLabel(tr("latency in"), row));
    layout->addWidget(m_latencyUnit);
    layout->addStretch(1);
    return row;
}

void ColumnMapDialog::offer(const importers::ColumnMapping& mapping)
{
    for (QComboBox* combo : m_fields)
        combo->setCurrentIndex(0);
    for (const auto& [field, column] : importers::mapPairs(mapping.map)) {
        if (QComboBox* combo = m_fields.value(field))
            selectData(combo, column);
    }
    selectData(m_timeUnit, importers::unitName(mapping.units.time));
    selectData(m_costUnit, importers::unitName(mapping.units.money));
    selectData(m_latencyUnit, importers::unitName(mapping.units.latency));
}

importers::ColumnMapping ColumnMapDialog::mapping() const
{
    QStringList pairs;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString column = it.value()->currentData().toString();
        if (!column.isEmpty())
            pairs << importers::fieldName(it.key()) + u'=' + column;
    }
    const auto unit = [](const QComboBox* combo) {
        return importers::unitFromName(combo->currentData().toString()).value_or(Unit::Auto);
    };
    return {pairs.join(u','), {unit(m_timeUnit), unit(m_costUnit), unit(m_latencyUnit)}};
}

void ColumnMapDialog::onChanged()
{
    const importers::ColumnMapping chosen = mapping();
    QString error;
    m_mapper = importers::mapperFromMapping(chosen, &error);
    m_command->setText(tr("The same import on the command line: costdash import %1 %2")
                           .arg(QFileInfo(m_path).fileName(), importers::mapArguments(chosen).join(u' ')));
    m_ok->setEnabled(false);
    if (!m_mapper) {
        m_status->setText(error);
        m_rowsModel->setRows({});
        Q_EMIT previewShown();
        return;
    }
    m_status->setText(tr("Reading the first rows\u2026"));
    if (m_job->isRunning()) { // the newest combos win: read again once this one ends
        m_stale = true;
        m_job->cancel();
        return;
    }
    startPreview();
}

void ColumnMapDialog::startPreview()
{
    m_stale = false;
    importers::ImportOptions options;
    options.mapper = m_mapper;
    m_job->start([path = m_path, options](services::JobControl& control) {
        return importers::previewFile(path, options, 5, {&control.cancelFlag(), {}, kLivePreviewRecords});
    });
}

void ColumnMapDialog::onPreviewFinished()
{
    const std::optional<importers::ImportPreview> preview = m_job->takeResult();
    if (m_stale || !m_mapper) {
        if (m_mapper)
            startPreview();
        return;
    }
    if (!preview || !preview->error.isEmpty()) {
        m_status->setText(preview ? preview->error : tr("The file could not be read."));
        m_rowsModel->setRows({});
    } else {
        m_rowsModel->setRows(preview->firstRows);
        QString status = previewCounts(*preview);
        if (!preview->errors.isEmpty())
            status += u' ' + tr("First: line %1: %2.").arg(preview->errors.first().line).arg(preview->errors.first().reason);
        m_status->setText(status);
        m_ok->setEnabled(preview->records > preview->badRows);
    }
    m_rows->resizeColumnsToContents();
    Q_EMIT previewShown();
}

} // namespace costdash::ui
