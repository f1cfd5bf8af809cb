#include "importers/Preview.h"

#include "importers/BatchParser.h"
#include "importers/Detect.h"

namespace costdash::importers {

ImportPreview previewFile(const QString& path, const ImportOptions& options, int rows)
{
    ImportPreview preview;
    std::optional<OpenedSource> opened = openForImport(path, options.format, &preview.error, options.mapper.get());
    if (!opened)
        return preview;
    preview.format = formatName(opened->format);
    preview.mapper = opened->mapper->name();
    preview.mapperTitle = opened->mapper->title();
    preview.mapping = opened->mapper->mapping(opened->source->columns());
    BatchParser parser(*opened, options.batchRows);
    Batch batch;
    while (parser.next(batch)) {
        if (!batch.fatal.isEmpty()) {
            preview.error = QStringLiteral("%1: %2").arg(path, batch.fatal);
            return preview;
        }
        for (std::size_t i = 0; i < batch.rowCount() && preview.firstRows.size() < rows; ++i)
            preview.firstRows.append(batch.rows[i]);
        preview.records = batch.endRecord;
        preview.badRows += std::int64_t(batch.errors.size());
        for (const auto& [record, e] : batch.errors) {
            if (preview.errors.size() < options.maxErrors)
                preview.errors.append(e);
        }
    }
    return preview;
}

} // namespace costdash::importers
