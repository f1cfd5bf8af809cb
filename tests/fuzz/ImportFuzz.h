#pragma once
// One import reader (CSV or JSONL) over arbitrary bytes, as `costdash import` reads a file: open and detect the
// mapper, map every record into batches, key the rows for overlap detection. Nothing may crash, hang, trip a
// sanitizer, or hand on a row that breaks the mapper's promises.
#include "FuzzInput.h"
#include "importers/BatchParser.h"
#include "importers/Detect.h"
#include "importers/RowKeys.h"

namespace costdash::fuzz {

inline int importBytes(const std::uint8_t* data, std::size_t size, importers::Format format, const char* suffix)
{
    using namespace importers;
    const QString path = writeInput(data, size, suffix);
    QString error;
    std::optional<OpenedSource> opened = openForImport(path, format, &error);
    if (!opened) {
        if (error.isEmpty())
            broken("a refused file without a reason");
        return 0;
    }
    BatchParser parser(*opened, 7); // small batches: more batch boundaries
    OverlapFilter overlaps(false);
    Batch batch;
    while (parser.next(batch)) {
        overlaps.apply(batch, 0);
        if (batch.prompts.size() != batch.rowCount())
            broken("a prompt entry per row");
        for (std::size_t i = 0; i < batch.rowCount(); ++i) {
            const CallRecord& r = batch.rows[i];
            if (r.inputTokens < 0 || r.outputTokens < 0 || (r.loggedCost && *r.loggedCost < 0) || r.model.isEmpty())
                broken("a mapped row with negative counts, a negative cost or no model");
            if (r.rowKey == 0)
                broken("a row without a key");
        }
        for (const auto& [record, rowError] : batch.errors) {
            if (rowError.reason.isEmpty() || record < batch.beginRecord || record >= batch.endRecord)
                broken("a bad row without a reason or outside its batch");
        }
    }
    return 0;
}

} // namespace costdash::fuzz
