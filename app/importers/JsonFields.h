#pragma once
// Reads the values a mapper asked for out of one JSON object, by lower-case dotted paths ("usage.prompt_tokens",
// "response.usage.input_tokens"). A key is matched whole first, so dotted keys ("gen_ai.usage.input_tokens") work
// too. Scalars are handed over as raw text (numbers stay exact); an object or array asked for by its own path is
// handed over as its raw JSON. One parser per instance: views stay valid until the next read().
#include "importers/SourceRow.h"

#include <QByteArray>
#include <QList>
#include <memory>

namespace costdash::importers {

class JsonFields {
public:
    JsonFields();
    ~JsonFields();
    JsonFields(JsonFields&&) noexcept;
    JsonFields& operator=(JsonFields&&) noexcept;

    void bind(const QList<QByteArray>& paths);
    // `json` must be followed by `capacity - json.size()` >= simdjson's padding readable bytes. Fills row[i] for
    // paths[i]; false with a reason when the text is not a JSON object.
    bool read(QByteArrayView json, std::size_t capacity, SourceRow& row, QString& reason);
    // The key paths of the object in `json` (nested objects descended a few levels), appended to `paths` if new.
    bool collectPaths(QByteArrayView json, std::size_t capacity, QList<QByteArray>& paths, QString& reason);

    static std::size_t padding(); // bytes that must be readable after the text

private:
    struct Parser;
    std::unique_ptr<Parser> m_parser;
    QList<QByteArray> m_paths;
    bool m_nested = false; // some path has a dot: keys that match no path whole may lead into one
};

// `bytes` followed by JsonFields::padding() spaces (a copy: for JSON held in a CSV cell or built in memory): read
// it as (first bytes.size() bytes, capacity = the copy's size).
QByteArray paddedJson(QByteArrayView bytes);

} // namespace costdash::importers
