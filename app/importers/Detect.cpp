#include "importers/Detect.h"

#include "importers/CsvReader.h"
#include "importers/Gzip.h"
#include "importers/JsonDocument.h"
#include "importers/JsonlReader.h"
#include "importers/SqliteReader.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>

namespace costdash::importers {
namespace {

constexpr QByteArrayView kSqliteMagic("SQLite format 3\0", 16);

bool failWith(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

// A '{' file is one JSON document, not JSON Lines, when its first line is a lone '{' (pretty-printed), or when it
// opens an OTLP export, a {"data": [...]} page or an OpenAI usage page or bucket.
bool isJsonDocument(QByteArrayView text)
{
    const qsizetype nl = text.indexOf('\n');
    const QByteArrayView first = (nl < 0 ? text : text.first(nl)).trimmed();
    if (first == "{")
        return true;
    QByteArray compact = first.first(qMin<qsizetype>(first.size(), 64)).toByteArray();
    compact.replace(' ', "");
    return first.contains("\"resourceSpans\"") || compact.startsWith("{\"data\":[")
        || compact.startsWith("{\"object\":\"page\"") || compact.startsWith("{\"object\":\"bucket\"");
}

QString columnsWord(Format format)
{
    return format == Format::Jsonl || format == Format::Json ? QStringLiteral("JSON keys") : QStringLiteral("columns");
}

// "UTF-16LE"/"UTF-16BE" when the head is UTF-16 text: a byte order mark, or (without one) mostly ASCII with every
// other byte NUL, as Windows tools write it; empty otherwise.
QString utf16Name(QByteArrayView head)
{
    if (head.startsWith("\xFF\xFE"))
        return QStringLiteral("UTF-16LE");
    if (head.startsWith("\xFE\xFF"))
        return QStringLiteral("UTF-16BE");
    const qsizetype pairs = std::min<qsizetype>(head.size() / 2, 512);
    qsizetype evenNul = 0, oddNul = 0;
    for (qsizetype i = 0; i < pairs; ++i) {
        evenNul += head[2 * i] == '\0';
        oddNul += head[2 * i + 1] == '\0';
    }
    if (pairs >= 4 && oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs)
        return QStringLiteral("UTF-16LE");
    if (pairs >= 4 && evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs)
        return QStringLiteral("UTF-16BE");
    return {};
}

} // namespace

QString formatName(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Jsonl:
        return QStringLiteral("jsonl");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Sqlite:
        return QStringLiteral("sqlite");
    }
    return {};
}

std::optional<Format> formatFromName(QStringView name)
{
    for (const Format f : {Format::Csv, Format::Jsonl, Format::Json, Format::Sqlite}) {
        if (name.compare(formatName(f), Qt::CaseInsensitive) == 0)
            return f;
    }
    return std::nullopt;
}

qsizetype firstInvalidUtf8(QByteArrayView bytes, bool complete)
{
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = s[i];
        int len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return complete ? i : -1;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return -1;
}

std::optional<Format> sniffFormat(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return failWith(error, QStringLiteral("%1: no such file").arg(path)), std::nullopt;
    if (info.isDir())
        return failWith(error, QStringLiteral("%1 is a directory, not a log file").arg(path)), std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(error, QStringLiteral("cannot open %1: %2").arg(path, file.errorString())), std::nullopt;
    if (file.size() == 0)
        return failWith(error, QStringLiteral("%1 is empty").arg(path)), std::nullopt;
    constexpr qint64 kHead = 64 * 1024;
    QByteArray head = file.read(kHead);
    bool atEnd = file.atEnd();
    const bool gzip = head.startsWith("\x1f\x8b");
    if (gzip) {
        QString gzError;
        head = gunzip(path, kHead, &gzError);
        if (!gzError.isEmpty())
            return failWith(error, QStringLiteral("%1: %2").arg(path, gzError)), std::nullopt;
        atEnd = head.size() < kHead;
    }
    if (head.startsWith(kSqliteMagic) && gzip)
        return failWith(error, QStringLiteral("%1 is a gzip-compressed SQLite file; decompress it first (gunzip)").arg(path)),
               std::nullopt;
    if (head.startsWith(kSqliteMagic))
        return Format::Sqlite;
    if (const QString utf16 = utf16Name(head); !utf16.isEmpty())
        return failWith(error, QStringLiteral("%1 is %2 text; costdash reads UTF-8 (save it as UTF-8 and import it "
                                              "again)")
                                   .arg(path, utf16)),
               std::nullopt;
    if (head.contains('\0'))
        return failWith(error, QStringLiteral("%1 is a binary file, not CSV, JSONL or SQLite").arg(path)),
               std::nullopt;
    const qsizetype bad = firstInvalidUtf8(head, atEnd);
    if (bad >= 0)
        return failWith(error, QStringLiteral("%1: invalid UTF-8 on line %2").arg(path).arg(head.left(bad).count('\n') + 1)),
               std::nullopt;
    QByteArrayView text(head);
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    text = text.trimmed();
    if (text.isEmpty() && atEnd)
        return failWith(error, QStringLiteral("%1 is empty (only blank lines)").arg(path)), std::nullopt;
    if (text.startsWith('['))
        return Format::Json;
    return text.startsWith('{') ? (isJsonDocument(text) ? Format::Json : Format::Jsonl) : Format::Csv;
}

std::optional<OpenedSource> openSource(const QString& path, std::optional<Format> forced, QString* error)
{
    const std::optional<Format> sniffed = sniffFormat(path, error);
    if (!sniffed) // the file checks hold even when --format names the format
        return std::nullopt;
    OpenedSource opened;
    opened.format = forced.value_or(*sniffed);
    opened.gzip = isGzipFile(path);
    QString openError;
    bool ok = false;
    switch (opened.format) {
    case Format::Csv: {
        auto csv = std::make_unique<CsvSource>();
        ok = csv->open(path, &openError);
        opened.source = std::move(csv);
        break;
    }
    case Format::Jsonl: {
        auto jsonl = std::make_unique<JsonlSource>();
        ok = jsonl->open(path, &openError);
        opened.source = std::move(jsonl);
        break;
    }
    case Format::Json: {
        auto json = std::make_unique<JsonDocumentSource>();
        ok = json->open(path, &openError);
        opened.source = std::move(json);
        break;
    }
    case Format::Sqlite: {
        auto sqlite = std::make_unique<SqliteSource>();
        ok = sqlite->open(path, &openError);
        opened.source = std::move(sqlite);
        break;
    }
    }
    if (!ok)
        return failWith(error, QStringLiteral("%1: %2").arg(path, openError)), std::nullopt;
    return opened;
}

bool bindMapper(OpenedSource& opened, const QString& path, QString* error, const RowMapper* mapper)
{
    if (mapper && !mapper->accepts(opened.source->columns()))
        return failWith(error, QStringLiteral("%1: not a %2 log: it %3").arg(path, mapper->name(), mapper->missing(opened.source->columns()))),
               false;
    opened.mapper = mapper ? mapper : mapperFor(opened.source->columns());
    if (!opened.mapper)
        return failWith(error, QStringLiteral("%1: %2").arg(path, noFormatMatches(opened.source->columns(), columnsWord(opened.format)))),
               false;
    opened.source->bind(opened.mapper->fieldNames());
    return true;
}

std::optional<OpenedSource> openForImport(const QString& path, std::optional<Format> forced, QString* error,
                                          const RowMapper* mapper)
{
    std::optional<OpenedSource> opened = openSource(path, forced, error);
    if (!opened || !bindMapper(*opened, path, error, mapper))
        return std::nullopt;
    return opened;
}

} // namespace costdash::importers
