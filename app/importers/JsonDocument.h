#pragma once
// A whole JSON document of records, read into memory once: an array of objects ([{...}, ...], LiteLLM's
// /spend/logs), an object holding them under "data" (Langfuse's API, OpenRouter's), a single object, or an OTLP
// trace export (resourceSpans -> scopeSpans -> spans, each span flattened to one object of its attributes).
// Each record is then read like a JSONL line (JsonFields).
#include "importers/JsonFields.h"
#include "importers/RecordSource.h"

#include <vector>

namespace costdash::importers {

inline constexpr std::int64_t kMaxJsonDocumentBytes = std::int64_t(1) << 31; // bigger: export it as JSONL

class JsonDocumentSource final : public RecordSource {
public:
    bool open(const QString& path, QString* error);
    QList<QByteArray> columns() const override { return m_columns; }
    void bind(const QList<QByteArray>& fieldNames) override { m_fields.bind(fieldNames); }
    ReadStatus next(SourceRow& row, RowError& info) override;
    QString error() const override { return {}; }
    std::int64_t position() const override { return std::int64_t(m_next); }
    std::int64_t total() const override { return std::int64_t(m_records.size()); }

private:
    struct Record {
        qsizetype offset;
        qsizetype size;
    };
    bool indexRecords(QString* error);

    QByteArray m_text; // the document (or the flattened spans), padded for simdjson
    qsizetype m_textSize = 0;
    std::vector<Record> m_records;
    std::size_t m_next = 0;
    JsonFields m_fields;
    QList<QByteArray> m_columns;
};

// The spans of an OTLP JSON export (one document, or one export request per line as the collector's file exporter
// writes them), one flat JSON object per line: name, traceid, spanid, starttimeunixnano,
// endtimeunixnano, status.code, status.message, and every attribute under its own (dotted) key. Empty with a
// reason when `json` is not an OTLP export.
QByteArray flattenOtlpSpans(const QByteArray& json, QString* error);

// The results of OpenAI usage or Costs API buckets (a page {"data": [bucket]}, an array of buckets, or one
// bucket), one flat JSON object per line: each result's keys with its bucket's start_time and end_time. Empty with
// a reason when `json` holds no bucket with results.
QByteArray flattenUsageBuckets(const QByteArray& json, QString* error);

} // namespace costdash::importers
