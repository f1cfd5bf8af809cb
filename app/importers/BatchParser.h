#pragma once
// Reads and maps source records into batches of a fixed number of source records (good and bad), each row
// tagged with its record index so a resumed import can drop what an earlier run already committed.
#include "importers/Detect.h"
#include "importers/RowMapper.h"
#include "model/CallRecord.h"
#include "store/EncodedPrompts.h"
#include "store/PreparedBatch.h"

#include <limits>
#include <utility>
#include <vector>

namespace costdash::importers {

// A batch is recycled: after the writer is done with it, the parser refills it, so its buffers (the prompts'
// bytes above all) are reused instead of allocated and freed per row.
struct Batch {
    std::vector<CallRecord> rows;                      // a pool: only the first rowCount() rows are this batch's
    store::EncodedPrompts prompts;                     // entry i: the prompt of row i (rows[i].prompt is empty)
    store::PreparedBatch prepared;                     // the rows prepared for the store, when `isPrepared`
    bool isPrepared = false;
    std::vector<std::int64_t> recordOfRow;             // 0-based source record index of each row
    std::vector<std::pair<std::int64_t, RowError>> errors; // record index, line and reason
    std::vector<std::int64_t> idleRecords;             // records of no activity (RowMapper::isIdle): skipped
    std::int64_t beginRecord = 0;                      // first source record in this batch
    std::int64_t endRecord = 0;                        // one past the last
    std::int64_t position = 0;                         // source position after the batch (progress)
    QString fatal;                                     // the source broke off after these records
    // The distinct models of the rows but spend lines (the catalog prices none of them), collected here so the
    // writer's thread need not look at every row; `modelsComplete` is false when there were too many to list (the
    // writer then scans the rows).
    std::vector<QString> models;
    bool modelsComplete = true;
    std::vector<std::int64_t> aggregateDays; // the distinct days of its aggregate rows and spend lines
    // The first and last time of its rows logged one by one (none: firstCallMs > lastCallMs).
    timeutil::Millis firstCallMs = std::numeric_limits<timeutil::Millis>::max();
    timeutil::Millis lastCallMs = std::numeric_limits<timeutil::Millis>::min();
    // Overlap detection (OverlapFilter): source record indexes of the rows found stored from another file
    // (dropped from the batch unless kept) and of the rows identical to an earlier row of the file (kept).
    std::vector<std::int64_t> overlapRecords;
    std::vector<std::int64_t> duplicateRecords;

    std::size_t rowCount() const { return recordOfRow.size(); }
};

class BatchParser {
public:
    BatchParser(OpenedSource& source, int batchRows);
    // Refills `batch` (a fresh one or one recycled from the writer). False when the source is exhausted (and
    // nothing was read).
    bool next(Batch& batch);

private:
    OpenedSource& m_source;
    MapperState m_state;
    SourceRow m_row;
    int m_batchRows;
    std::int64_t m_record = 0;
    bool m_done = false;
};

} // namespace costdash::importers
