#include "importers/BatchParser.h"

namespace costdash::importers {
namespace {

// The next free row of the pool, reset to defaults but keeping its prompt buffer.
CallRecord& freeRow(Batch& batch)
{
    const std::size_t at = batch.rowCount();
    if (at == batch.rows.size())
        return batch.rows.emplace_back();
    CallRecord& row = batch.rows[at];
    QString prompt = std::move(row.prompt);
    row = CallRecord{};
    row.prompt = std::move(prompt);
    return row;
}

} // namespace

BatchParser::BatchParser(OpenedSource& source, int batchRows)
    : m_source(source)
    , m_batchRows(qMax(1, batchRows))
{
}

bool BatchParser::next(Batch& batch)
{
    if (m_done)
        return false;
    batch.recordOfRow.clear();
    batch.errors.clear();
    batch.fatal.clear();
    batch.beginRecord = m_record;
    batch.rows.reserve(size_t(m_batchRows));
    batch.recordOfRow.reserve(size_t(m_batchRows));
    RowError info;
    QString reason;
    while (m_record - batch.beginRecord < m_batchRows) {
        const ReadStatus status = m_source.source->next(m_row, info);
        if (status == ReadStatus::End || status == ReadStatus::Fatal) {
            if (status == ReadStatus::Fatal)
                batch.fatal = m_source.source->error();
            m_done = true;
            break;
        }
        if (status == ReadStatus::BadRow) {
            batch.errors.push_back({m_record, info});
        } else {
            if (m_source.mapper->map(m_row, m_state, freeRow(batch), reason))
                batch.recordOfRow.push_back(m_record); // else the row stays free for the next record
            else
                batch.errors.push_back({m_record, RowError{info.line, reason}});
        }
        ++m_record;
    }
    batch.endRecord = m_record;
    batch.position = m_source.source->position();
    return batch.endRecord > batch.beginRecord || !batch.fatal.isEmpty();
}

} // namespace costdash::importers
