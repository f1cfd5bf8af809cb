#include "importers/BatchParser.h"

#include <algorithm>

namespace costdash::importers {
namespace {

// The next free row of the pool, reset to defaults: copied from one default record, since a fresh temporary
// (`CallRecord{}`) is zero-filled first, which costs more than the copy.
CallRecord& freeRow(Batch& batch)
{
    static const CallRecord kDefaults;
    const std::size_t at = batch.rowCount();
    if (at == batch.rows.size())
        return batch.rows.emplace_back();
    return batch.rows[at] = kDefaults;
}

// Interned model names share their data, so a pointer comparison over the batch's few models finds a repeat.
void noteModel(Batch& batch, const QString& model)
{
    constexpr std::size_t kMaxListed = 64;
    if (!batch.modelsComplete)
        return;
    for (const QString& known : batch.models) {
        if (known.isSharedWith(model))
            return;
    }
    if (batch.models.size() < kMaxListed)
        batch.models.push_back(model);
    else
        batch.modelsComplete = false;
}

// Aggregate sources hold a row per day and model or line item: a few distinct days per batch. Rows logged one by
// one widen the batch's time span instead.
void noteDays(Batch& batch, const CallRecord& record)
{
    if (!record.aggregateRequests) {
        batch.firstCallMs = std::min(batch.firstCallMs, record.timestampMs);
        batch.lastCallMs = std::max(batch.lastCallMs, record.timestampMs);
        return;
    }
    const std::int64_t day = timeutil::dayOf(record.timestampMs);
    if (std::find(batch.aggregateDays.begin(), batch.aggregateDays.end(), day) == batch.aggregateDays.end())
        batch.aggregateDays.push_back(day);
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
    batch.prompts.clear();
    batch.errors.clear();
    batch.idleRecords.clear();
    batch.overlapRecords.clear();
    batch.duplicateRecords.clear();
    batch.fatal.clear();
    batch.models.clear();
    batch.modelsComplete = true;
    batch.aggregateDays.clear();
    batch.firstCallMs = std::numeric_limits<timeutil::Millis>::max();
    batch.lastCallMs = std::numeric_limits<timeutil::Millis>::min();
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
        } else if (m_source.mapper->isIdle(m_row)) {
            batch.idleRecords.push_back(m_record);
        } else {
            CallRecord& record = freeRow(batch);
            QByteArrayView prompt;
            if (m_source.mapper->map(m_row, m_state, record, prompt, reason)) {
                batch.recordOfRow.push_back(m_record);
                batch.prompts.addUtf8(prompt);
                if (!record.isSpendRow()) // its logged amount is its cost: the catalog never prices it
                    noteModel(batch, record.model);
                noteDays(batch, record);
            } else {
                batch.errors.push_back({m_record, RowError{info.line, reason}}); // the row stays free
            }
        }
        ++m_record;
    }
    batch.endRecord = m_record;
    batch.position = m_source.source->position();
    return batch.endRecord > batch.beginRecord || !batch.fatal.isEmpty();
}

} // namespace costdash::importers
