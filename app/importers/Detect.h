#pragma once
// Format detection by content, never by file name: SQLite magic, a first JSON object, or a CSV header; then the
// mapper whose columns match. Also the whole-file checks every import starts with.
#include "importers/RecordSource.h"
#include "importers/RowMapper.h"

#include <memory>
#include <optional>

namespace costdash::importers {

// Checks that `path` is an existing, non-empty regular file, then sniffs its first block: SQLite magic, NUL
// bytes (binary), invalid UTF-8, first non-blank character '{' (JSONL), else CSV. nullopt with a one-line error.
std::optional<Format> sniffFormat(const QString& path, QString* error);

struct OpenedSource {
    std::unique_ptr<RecordSource> source;
    const RowMapper* mapper = nullptr;
    Format format = Format::Csv;
    bool gzip = false; // a .gz file, decompressed as it is read
};

// Sniffs (unless `forced`) and opens the source; no mapper yet.
std::optional<OpenedSource> openSource(const QString& path, std::optional<Format> forced, QString* error);
// Picks (`mapper`, else by the source's columns) and binds the mapper; false with a one-line error.
bool bindMapper(OpenedSource& opened, const QString& path, QString* error, const RowMapper* mapper = nullptr);

// Sniffs (unless `forced`), opens the source and picks and binds the mapper (`mapper` when given: a file that
// lacks its columns is refused, saying what it lacks).
std::optional<OpenedSource> openForImport(const QString& path, std::optional<Format> forced, QString* error,
                                          const RowMapper* mapper = nullptr);

// Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 (a sequence cut by the end counts as
// invalid only when `complete`).
qsizetype firstInvalidUtf8(QByteArrayView bytes, bool complete);

} // namespace costdash::importers
