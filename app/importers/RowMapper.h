#pragma once
// A mapper turns one source's rows (seed, and later LiteLLM, Helicone, OpenAI usage, Langfuse) into CallRecords.
// It names the fields it reads; the reader fills a SourceRow in that order. Mappers are stateless towards the
// store and reusable across files; per-file state (string interning, scratch buffers) lives in a MapperState.
#include "importers/FieldParse.h"
#include "importers/SourceRow.h"
#include "model/CallRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace costdash::importers {

struct MapperState {
    Utf16Scratch scratch;
    Interner models;
    Interner tasks;
    Interner names; // providers, users, error codes: few distinct values
};

class RowMapper {
public:
    virtual ~RowMapper() = default;
    virtual QString name() const = 0;                 // "seed"
    virtual QString title() const = 0;                // "costdash seed CSV/JSONL/SQLite", for --format lists
    virtual QList<QByteArray> fieldNames() const = 0; // lower-case (dotted paths into JSON), SourceRow order
    // What a source with these (lower-case) columns lacks to be this mapper's format ("needs timestamp, model"),
    // empty when it is: detection by content.
    virtual QString missing(const QList<QByteArray>& columns) const = 0;
    bool accepts(const QList<QByteArray>& columns) const { return missing(columns).isEmpty(); }
    // Where each stored field comes from in a source with these columns: "input_tokens <- usage.prompt_tokens".
    virtual QStringList mapping(const QList<QByteArray>& columns) const = 0;
    // Fills `out` from `row`, all but its prompt: `prompt` is set to the prompt's bytes in `row` (UTF-8 as logged;
    // empty: none), which the import encodes for the store itself. False with a reason ("input_tokens: not a
    // whole number: \"abc\"").
    virtual bool map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
                     QString& reason) const = 0;
    // A row that records no activity (a spend export's idle day: every cell but the times empty): skipped and
    // counted apart, neither a bad row nor a $0 row.
    virtual bool isIdle(const SourceRow&) const { return false; }
};

// All known mappers, most specific first; detection takes the first that accepts (importers/Registry.cpp).
const QList<const RowMapper*>& mappers();
const RowMapper* mapperFor(const QList<QByteArray>& columns);
const RowMapper* mapperNamed(QStringView name);
// "unknown format: ... ; tried seed (needs ...), openai (needs ...), ..." for columns no mapper accepts.
QString noFormatMatches(const QList<QByteArray>& columns, const QString& what);

} // namespace costdash::importers
