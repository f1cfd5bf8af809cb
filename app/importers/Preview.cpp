#include "importers/Preview.h"

#include "importers/BatchParser.h"
#include "importers/Detect.h"

namespace costdash::importers {
namespace {

constexpr int kSampleRows = 5;
constexpr qsizetype kSampleChars = 60;

// The first rows of a source no mapper reads, every column as text (the mapping dialog shows them).
void readSamples(OpenedSource& opened, ImportPreview& preview)
{
    preview.unknownFormat = true;
    preview.columns = opened.source->columns();
    opened.source->bind(preview.columns);
    SourceRow row;
    RowError info;
    for (int read = 0; read < kSampleRows * 4 && preview.samples.size() < kSampleRows; ++read) {
        const ReadStatus status = opened.source->next(row, info);
        if (status == ReadStatus::End || status == ReadStatus::Fatal)
            break;
        if (status != ReadStatus::Row)
            continue;
        QStringList values;
        for (const FieldRef& field : row) {
            const QString text = field.present ? QString::fromUtf8(field.bytes) : QString();
            values << (text.size() > kSampleChars ? text.left(kSampleChars) + u'\u2026' : text);
        }
        preview.samples << values;
    }
}

void addBatch(const Batch& batch, const ImportOptions& options, int rows, ImportPreview& preview)
{
    for (std::size_t i = 0; i < batch.rowCount(); ++i) {
        const CallRecord& row = batch.rows[i];
        if (preview.firstRows.size() < rows)
            preview.firstRows.append(row);
        if (row.isSpendRow()) {
            ++preview.spendRows;
        } else if (row.aggregateRequests) {
            ++preview.aggregateRows;
            preview.aggregateRequests += *row.aggregateRequests;
        }
    }
    preview.records = batch.endRecord;
    preview.idleRows += std::int64_t(batch.idleRecords.size());
    preview.badRows += std::int64_t(batch.errors.size());
    for (const auto& [record, e] : batch.errors) {
        if (preview.errors.size() < options.maxErrors)
            preview.errors.append(e);
    }
}

} // namespace

ImportPreview previewFile(const QString& path, const ImportOptions& options, int rows, const PreviewControl& control)
{
    ImportPreview preview;
    std::optional<OpenedSource> opened = openSource(path, options.format, &preview.error);
    if (!opened)
        return preview;
    preview.format = formatName(opened->format);
    if (!bindMapper(*opened, path, &preview.error, options.mapper.get())) {
        if (!options.mapper && opened->format != Format::Sqlite)
            readSamples(*opened, preview);
        return preview;
    }
    preview.mapper = opened->mapper->name();
    preview.mapperTitle = opened->mapper->title();
    preview.mapping = opened->mapper->mapping(opened->source->columns());
    const int batchRows = control.maxRecords > 0 ? int(std::min<std::int64_t>(control.maxRecords, options.batchRows))
                                                 : options.batchRows;
    BatchParser parser(*opened, batchRows);
    Batch batch;
    while (parser.next(batch)) {
        if (!batch.fatal.isEmpty()) {
            preview.error = QStringLiteral("%1: %2").arg(path, batch.fatal);
            return preview;
        }
        addBatch(batch, options, rows, preview);
        if (control.progress)
            control.progress(batch.position, opened->source->total());
        if (control.cancel && control.cancel->load()) {
            preview.cancelled = true;
            break;
        }
        if (control.maxRecords > 0 && preview.records >= control.maxRecords) {
            preview.partial = true;
            break;
        }
    }
    return preview;
}

} // namespace costdash::importers
