#pragma once
// The extension point for log formats: a format is a FormatSpec (its detection signature and, per stored field,
// the source paths to try in order, each with its unit) plus, where the source's conventions differ from ours,
// an adjust() step. A new format is one file under importers/formats/ and one line in Formats.inc.
#include "importers/RowMapper.h"

#include <array>
#include <optional>

namespace costdash::importers {

// The stored fields a source can fill (ARCHITECTURE.md's token convention).
enum class Field {
    Timestamp, EndTime, Model, Provider, InputTokens, CachedTokens, CacheWriteTokens, OutputTokens,
    ReasoningTokens, LatencyMs, Cost, TaskType, User, Prompt, Status, Error, RequestId,
    TraceId, // attempts of one request (retries, fallbacks) share it
    Requests, // an aggregate row's request count (usage buckets, daily spend tables)
    Raw, // read for adjust() only
    Count
};
QString fieldName(Field field);                    // "input_tokens"
std::optional<Field> fieldFromName(QStringView name);

// How a source writes a value. Auto: timestamps by shape and magnitude, durations in ms, money in USD.
enum class Unit { Auto, Seconds, Millis, Nanos, Iso, Usd, Cents, NanoUsd };
std::optional<Unit> unitFromName(QStringView name); // "s", "ms", "ns", "iso", "usd", "cents"
QString unitName(Unit unit);                         // the name unitFromName takes

struct Source {
    Field field;
    QByteArray path; // lower-case; dotted into JSON ("usage.prompt_tokens", a CSV cell's "metadata.key")
    Unit unit = Unit::Auto;
};

struct FormatSpec {
    QString name;   // "openai": what --format takes
    QString title;  // one line for --format lists and README
    // Detection: every group needs one of its paths among the source's columns.
    QList<QList<QByteArray>> signature;
    QList<Source> sources; // per field, the alternatives in order: the first present and non-empty wins
    QString provider;      // stored when the source names none
};

// The sources of `field` for every path under every prefix, prefixes first ("response.", "" : a logger's wrapper
// before the bare object).
QList<Source> underEach(Field field, std::initializer_list<const char*> prefixes, std::initializer_list<const char*> paths,
                        Unit unit = Unit::Auto);

class SpecMapper : public RowMapper {
public:
    explicit SpecMapper(FormatSpec spec);
    QString name() const override { return m_spec.name; }
    QString title() const override { return m_spec.title; }
    QList<QByteArray> fieldNames() const override;
    QString missing(const QList<QByteArray>& columns) const override;
    QStringList mapping(const QList<QByteArray>& columns) const override;
    bool map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
             QString& reason) const override;

protected:
    // The value of the first present source of `field` (nullptr: none).
    const FieldRef* first(const SourceRow& row, Field field) const;
    // The value read from `path` (declared among the sources), or nullptr.
    const FieldRef* at(const SourceRow& row, QByteArrayView path) const;
    // Whether the record is a call at all (Langfuse: generations only); false with the reason, before any field.
    virtual bool isCall(const SourceRow& row, QString& reason) const;
    // The format's own conventions, after the generic conversion (Anthropic's input tokens, Langfuse's buckets);
    // `usageSeen` says whether the row gave token counts (set it when adjust() finds them).
    virtual bool adjust(const SourceRow& row, MapperState& state, CallRecord& out, bool& usageSeen,
                        QString& reason) const;

private:
    bool mapTokens(const SourceRow& row, CallRecord& out, bool& usageSeen, QString& reason) const;
    bool mapTimes(const SourceRow& row, MapperState& state, CallRecord& out, QString& reason) const;
    bool mapRequests(const SourceRow& row, CallRecord& out, QString& reason) const;
    bool mapMoneyAndStatus(const SourceRow& row, MapperState& state, CallRecord& out, QString& reason) const;
    void mapNames(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt) const;
    std::optional<std::size_t> firstIndex(const SourceRow& row, Field field) const;

    FormatSpec m_spec;
    std::array<QList<std::size_t>, std::size_t(Field::Count)> m_indexes; // per field: its sources, in order
};

// Whole-value conversions shared by the mappers (and --map), each false with a reason.
std::optional<timeutil::Millis> parseTime(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason);
std::optional<std::int64_t> parseDurationMs(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason);
std::optional<money::Nanos> parseMoney(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason);
// "200", "success"/"failure", "completed"/"failed", "STATUS_CODE_ERROR", Langfuse levels, true/false.
struct CallStatus {
    bool success = true;
    int httpStatus = 0;
};
std::optional<CallStatus> parseStatus(QByteArrayView bytes, QString* reason);
// A task from a tag value: a string as is, a JSON array's first string ("[\"summarize\",\"prod\"]").
QByteArrayView firstTag(QByteArrayView bytes);

// Defines `const RowMapper& <name>Mapper()`, the function Formats.inc lists, over one static mapper.
#define COSTDASH_DEFINE_FORMAT(name, Type, spec)                                                                 \
    const RowMapper& name##Mapper()                                                                              \
    {                                                                                                            \
        static const Type mapper(spec());                                                                        \
        return mapper;                                                                                           \
    }

} // namespace costdash::importers
