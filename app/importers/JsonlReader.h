#pragma once
// Streaming JSON Lines source: one object per physical line, parsed with simdjson's On Demand API (one parser
// reused for every line; JsonFields). Numbers are handed over as their raw JSON text, so "2.805e-05" stays exact.
// The columns (for detection) are the key paths of the first objects, nested ones dotted ("usage.prompt_tokens").
#include "importers/BlockReader.h"
#include "importers/JsonFields.h"
#include "importers/RecordSource.h"

#include <memory>

namespace costdash::importers {

// simdjson's kernels, e.g. "On Demand: fallback, runtime: haswell" (the benchmarks print it). Debian's simdjson
// compiles On Demand for the compile-time target only (`fallback` without -march); the DOM API, which dispatches
// at runtime, keeps no raw number text, and costs must stay exact. The parser thread is not the bottleneck.
QString simdjsonKernels();

class JsonlSource final : public RecordSource {
public:
    JsonlSource();
    ~JsonlSource() override;
    bool open(const QString& path, QString* error);
    QList<QByteArray> columns() const override { return m_columns; }
    void bind(const QList<QByteArray>& fieldNames) override { m_fields.bind(fieldNames); }
    ReadStatus next(SourceRow& row, RowError& info) override;
    QString error() const override { return m_error; }
    std::int64_t position() const override { return m_reader.offsetOfBegin() + (m_pos - m_reader.begin()); }
    std::int64_t total() const override { return m_reader.fileSize(); }

private:
    enum class Line { Got, End, Fatal };
    Line nextLine(QByteArrayView& line);
    std::size_t capacityOf(QByteArrayView line) const; // readable bytes from the line on (simdjson's padding)

    JsonFields m_fields;
    BlockReader m_reader;
    const char* m_pos = nullptr;
    std::int64_t m_line = 0; // physical line of the last line returned
    QList<QByteArray> m_columns;
    QString m_error;
};

} // namespace costdash::importers
