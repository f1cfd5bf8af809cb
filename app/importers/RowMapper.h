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

namespace costdash::importers {

struct MapperState {
    Utf16Scratch scratch;
    Interner models;
    Interner tasks;
};

class RowMapper {
public:
    virtual ~RowMapper() = default;
    virtual QString name() const = 0;                 // "seed"
    virtual QList<QByteArray> fieldNames() const = 0; // lower-case, SourceRow order
    // Whether a source with these (lower-case) columns is this mapper's format: detection by content.
    virtual bool accepts(const QList<QByteArray>& columns) const = 0;
    // Fills `out` from `row`, all but its prompt: `prompt` is set to the prompt's bytes in `row` (UTF-8 as logged;
    // empty: none), which the import encodes for the store itself. False with a reason ("input_tokens: not a
    // whole number: \"abc\"").
    virtual bool map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
                     QString& reason) const = 0;
};

// All known mappers, most specific first; detection takes the first that accepts.
const QList<const RowMapper*>& mappers();
const RowMapper* mapperFor(const QList<QByteArray>& columns);

} // namespace costdash::importers
