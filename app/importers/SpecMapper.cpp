#include "importers/SpecMapper.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace costdash::importers {
namespace {

constexpr std::array<const char*, std::size_t(Field::Count)> kFieldNames{
    "timestamp",     "end_time",      "model",            "provider", "input_tokens", "cached_input_tokens",
    "cache_write_tokens", "output_tokens", "reasoning_tokens", "latency_ms", "cost_usd", "task_type",
    "user",          "prompt",        "status",           "error",    "request_id",   "trace_id",     "requests", "raw"};

bool isEmpty(const FieldRef* f)
{
    return !f || !f->present || trimmedAscii(f->bytes).isEmpty();
}

bool fail(Field field, const QString& why, QString& reason)
{
    reason = fieldName(field) + QStringLiteral(": ") + why;
    return false;
}

QString shown(QByteArrayView b)
{
    constexpr qsizetype kShown = 40;
    const QString text = QString::fromUtf8(b.first(qMin(b.size(), kShown)));
    return b.size() > kShown ? text + QStringLiteral("...") : text;
}

bool scalar(const FieldRef* f, Field field, QString& reason)
{
    return !f->json || fail(field, QStringLiteral("a nested object or array where a value was expected"), reason);
}

// Nanoseconds (OTLP's 19-digit strings) to milliseconds: plain digits directly, anything else through parseScaled.
std::optional<std::int64_t> nanosToMillis(QByteArrayView b, Utf16Scratch& scratch, QString* reason)
{
    if (!b.isEmpty() && b.size() <= 18 + 1 && std::all_of(b.begin(), b.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::uint64_t ns = 0;
        for (const char c : b)
            ns = ns * 10 + std::uint64_t(c - '0');
        if (ns <= std::uint64_t(INT64_MAX))
            return std::int64_t(ns / 1'000'000);
    }
    const auto ns = money::parseScaled(scratch.view(b), 0, reason);
    return ns ? std::optional<std::int64_t>(*ns / 1'000'000) : std::nullopt;
}

bool equalsLower(QByteArrayView b, std::string_view word)
{
    return std::size_t(b.size()) == word.size() && qstrnicmp(b.data(), word.data(), word.size()) == 0;
}

} // namespace

QString fieldName(Field field)
{
    return QString::fromLatin1(kFieldNames[std::size_t(field)]);
}

std::optional<Field> fieldFromName(QStringView name)
{
    for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
        if (name == QLatin1String(kFieldNames[i]))
            return Field(i);
    }
    return std::nullopt;
}

namespace {
constexpr std::pair<const char*, Unit> kUnits[]{
    {"s", Unit::Seconds}, {"ms", Unit::Millis},  {"ns", Unit::Nanos},   {"iso", Unit::Iso},
    {"usd", Unit::Usd},   {"cents", Unit::Cents}, {"nusd", Unit::NanoUsd}, {"auto", Unit::Auto}};
} // namespace

QString unitName(Unit unit)
{
    for (const auto& [text, u] : kUnits) {
        if (u == unit)
            return QLatin1String(text);
    }
    return {};
}

std::optional<Unit> unitFromName(QStringView name)
{
    for (const auto& [text, unit] : kUnits) {
        if (name.compare(QLatin1String(text), Qt::CaseInsensitive) == 0)
            return unit;
    }
    return std::nullopt;
}

std::optional<timeutil::Millis> parseTime(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason)
{
    const QByteArrayView b = trimmedAscii(bytes);
    switch (unit) {
    case Unit::Seconds:
        return money::parseScaled(scratch.view(b), 3, reason);
    case Unit::Millis:
        return money::parseScaled(scratch.view(b), 0, reason);
    case Unit::Nanos:
        return nanosToMillis(b, scratch, reason);
    case Unit::Iso:
        if (std::all_of(b.begin(), b.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
            *reason = QStringLiteral("not an ISO 8601 time: \"%1\"").arg(shown(b));
            return std::nullopt;
        }
        return parseTimestampBytes(b, scratch, reason);
    default:
        return parseTimestampBytes(b, scratch, reason);
    }
}

std::optional<std::int64_t> parseDurationMs(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason)
{
    const QByteArrayView b = trimmedAscii(bytes);
    std::optional<std::int64_t> ms;
    if (unit == Unit::Seconds)
        ms = money::parseScaled(scratch.view(b), 3, reason);
    else if (unit == Unit::Nanos)
        ms = nanosToMillis(b, scratch, reason);
    else
        ms = parseMillis(b, scratch, reason);
    if (ms && *ms < 0) {
        *reason = QStringLiteral("negative");
        return std::nullopt;
    }
    return ms;
}

std::optional<money::Nanos> parseMoney(QByteArrayView bytes, Unit unit, Utf16Scratch& scratch, QString* reason)
{
    const QByteArrayView b = trimmedAscii(bytes);
    std::optional<money::Nanos> cost;
    if (unit == Unit::Cents)
        cost = money::parseScaled(scratch.view(b), 7, reason); // a cent is 10^7 nano-USD
    else if (unit == Unit::NanoUsd)
        cost = money::parseScaled(scratch.view(b), 0, reason);
    else
        cost = parseCostUsd(b, scratch, reason);
    if (cost && *cost < 0) {
        *reason = QStringLiteral("negative");
        return std::nullopt;
    }
    if (cost && *cost > money::kMaxLoggedCostPerCall) {
        *reason = money::loggedCostTooLarge(*cost);
        return std::nullopt;
    }
    return cost;
}

std::optional<CallStatus> parseStatus(QByteArrayView bytes, QString* reason)
{
    const QByteArrayView b = trimmedAscii(bytes);
    bool isNumber = false;
    const int code = b.toByteArray().toInt(&isNumber);
    if (isNumber && code >= 100 && code <= 599)
        return CallStatus{code < 400, code};
    for (const char* ok : {"success", "completed", "ok", "status_code_ok", "status_code_unset", "default", "debug",
                           "info", "warning", "true", "stop", "incomplete"}) {
        if (equalsLower(b, ok))
            return CallStatus{true, 0};
    }
    for (const char* bad : {"failure", "failed", "error", "status_code_error", "cancelled", "false"}) {
        if (equalsLower(b, bad))
            return CallStatus{false, 0};
    }
    *reason = QStringLiteral("not a status: \"%1\"").arg(shown(b));
    return std::nullopt;
}

QByteArrayView firstTag(QByteArrayView bytes)
{
    QByteArrayView b = trimmedAscii(bytes);
    if (!b.startsWith('['))
        return b;
    const qsizetype open = b.indexOf('"');
    const qsizetype close = open < 0 ? -1 : b.indexOf('"', open + 1);
    return close < 0 ? QByteArrayView() : b.sliced(open + 1, close - open - 1);
}

QList<Source> underEach(Field field, std::initializer_list<const char*> prefixes, std::initializer_list<const char*> paths,
                        Unit unit)
{
    QList<Source> out;
    for (const char* prefix : prefixes) {
        for (const char* path : paths)
            out.append({field, QByteArray(prefix) + path, unit});
    }
    return out;
}

SpecMapper::SpecMapper(FormatSpec spec)
    : m_spec(std::move(spec))
{
    for (qsizetype i = 0; i < m_spec.sources.size(); ++i)
        m_indexes[std::size_t(m_spec.sources[i].field)].append(std::size_t(i));
}

QList<QByteArray> SpecMapper::fieldNames() const
{
    QList<QByteArray> names;
    for (const Source& s : m_spec.sources)
        names.append(s.path);
    return names;
}

QString SpecMapper::missing(const QList<QByteArray>& columns) const
{
    QStringList lacking;
    for (const QList<QByteArray>& group : m_spec.signature) {
        const bool found = std::any_of(group.begin(), group.end(), [&](const QByteArray& p) { return columns.contains(p); });
        if (!found)
            lacking.append(QString::fromUtf8(group.join(" or ")));
    }
    return lacking.isEmpty() ? QString() : QStringLiteral("needs ") + lacking.join(QStringLiteral(", "));
}

QStringList SpecMapper::mapping(const QList<QByteArray>& columns) const
{
    QStringList lines;
    for (std::size_t f = 0; f < m_indexes.size(); ++f) {
        QStringList from;
        for (const std::size_t i : m_indexes[f]) {
            const QByteArray& path = m_spec.sources[qsizetype(i)].path;
            const QByteArray column = path.left(path.indexOf('.'));
            const bool jsonObject = std::any_of(columns.begin(), columns.end(),
                                                [&](const QByteArray& c) { return c.startsWith(QByteArray(column + '.')); });
            const bool insideCell = path.contains('.') && !jsonObject && columns.contains(column);
            if (columns.contains(path) || insideCell)
                from.append(QString::fromUtf8(path));
        }
        if (!from.isEmpty() && Field(f) != Field::Raw)
            lines.append(fieldName(Field(f)) + QStringLiteral(" <- ") + from.join(QStringLiteral(" | ")));
    }
    if (!m_spec.provider.isEmpty() && m_indexes[std::size_t(Field::Provider)].isEmpty())
        lines.append(QStringLiteral("provider <- \"") + m_spec.provider + u'"');
    return lines;
}

std::optional<std::size_t> SpecMapper::firstIndex(const SourceRow& row, Field field) const
{
    for (const std::size_t i : m_indexes[std::size_t(field)]) {
        if (!isEmpty(&row[i]))
            return i;
    }
    return std::nullopt;
}

const FieldRef* SpecMapper::first(const SourceRow& row, Field field) const
{
    const auto i = firstIndex(row, field);
    return i ? &row[*i] : nullptr;
}

const FieldRef* SpecMapper::at(const SourceRow& row, QByteArrayView path) const
{
    for (qsizetype i = 0; i < m_spec.sources.size(); ++i) {
        if (m_spec.sources[i].path == path)
            return isEmpty(&row[std::size_t(i)]) ? nullptr : &row[std::size_t(i)];
    }
    return nullptr;
}

bool SpecMapper::isCall(const SourceRow&, QString&) const
{
    return true;
}

bool SpecMapper::adjust(const SourceRow&, MapperState&, CallRecord&, bool&, QString&) const
{
    return true;
}

bool SpecMapper::mapTokens(const SourceRow& row, CallRecord& out, bool& usageSeen, QString& reason) const
{
    const std::pair<Field, std::int64_t CallRecord::*> counts[]{
        {Field::InputTokens, &CallRecord::inputTokens},         {Field::CachedTokens, &CallRecord::cachedInputTokens},
        {Field::CacheWriteTokens, &CallRecord::cacheWriteTokens}, {Field::OutputTokens, &CallRecord::outputTokens},
        {Field::ReasoningTokens, &CallRecord::reasoningTokens}};
    usageSeen = false;
    for (const auto& [field, member] : counts) {
        const FieldRef* f = first(row, field);
        out.*member = 0;
        if (!f)
            continue;
        QString why;
        const auto n = scalar(f, field, reason) ? parseCount(f->bytes, &why) : std::nullopt;
        if (!n)
            return reason.isEmpty() ? fail(field, why, reason) : false;
        out.*member = *n;
        usageSeen = true;
    }
    return true;
}

bool SpecMapper::mapRequests(const SourceRow& row, CallRecord& out, QString& reason) const
{
    out.aggregateRequests.reset();
    const FieldRef* f = first(row, Field::Requests);
    if (!f) // a source of aggregates without a count: an idle bucket (a day with every cell empty)
        return m_indexes[std::size_t(Field::Requests)].isEmpty()
            || fail(Field::Requests, QStringLiteral("empty: a bucket without requests (skipped)"), reason);
    QString why;
    const auto n = scalar(f, Field::Requests, reason) ? parseCount(f->bytes, &why) : std::nullopt;
    if (!n)
        return reason.isEmpty() ? fail(Field::Requests, why, reason) : false;
    if (*n == 0)
        return fail(Field::Requests, QStringLiteral("0: a bucket without requests (skipped)"), reason);
    out.aggregateRequests = *n;
    return true;
}

bool SpecMapper::mapTimes(const SourceRow& row, MapperState& state, CallRecord& out, QString& reason) const
{
    QString why;
    const auto ti = firstIndex(row, Field::Timestamp);
    if (!ti)
        return fail(Field::Timestamp, QStringLiteral("absent"), reason);
    const auto t = parseTime(row[*ti].bytes, m_spec.sources[qsizetype(*ti)].unit, state.scratch, &why);
    if (!t)
        return fail(Field::Timestamp, why, reason);
    out.timestampMs = *t;
    out.latencyMs.reset();
    if (const auto li = firstIndex(row, Field::LatencyMs)) {
        const auto ms = parseDurationMs(row[*li].bytes, m_spec.sources[qsizetype(*li)].unit, state.scratch, &why);
        if (!ms)
            return fail(Field::LatencyMs, why, reason);
        out.latencyMs = *ms;
    } else if (const auto ei = firstIndex(row, Field::EndTime)) {
        const auto end = parseTime(row[*ei].bytes, m_spec.sources[qsizetype(*ei)].unit, state.scratch, &why);
        if (!end)
            return fail(Field::EndTime, why, reason);
        if (*end < *t)
            return fail(Field::EndTime, QStringLiteral("before the start time"), reason);
        out.latencyMs = *end - *t;
    }
    return true;
}

bool SpecMapper::mapMoneyAndStatus(const SourceRow& row, MapperState& state, CallRecord& out, QString& reason) const
{
    QString why;
    out.loggedCost.reset(); // no cost in the log: the catalog prices the call, never $0
    if (const auto ci = firstIndex(row, Field::Cost)) {
        const auto cost = parseMoney(row[*ci].bytes, m_spec.sources[qsizetype(*ci)].unit, state.scratch, &why);
        if (!cost)
            return fail(Field::Cost, why, reason);
        out.loggedCost = *cost;
    }
    out.success = true;
    out.httpStatus = 0;
    if (const FieldRef* s = first(row, Field::Status)) {
        const auto status = scalar(s, Field::Status, reason) ? parseStatus(s->bytes, &why) : std::nullopt;
        if (!status)
            return reason.isEmpty() ? fail(Field::Status, why, reason) : false;
        out.success = status->success;
        out.httpStatus = status->httpStatus;
    }
    out.error.clear();
    if (const FieldRef* e = first(row, Field::Error)) {
        out.error = state.names.intern(trimmedAscii(e->bytes));
        out.success = false; // an error body is a failed call, whatever else the line says
    }
    return true;
}

void SpecMapper::mapNames(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt) const
{
    const FieldRef* provider = first(row, Field::Provider);
    out.provider = provider ? state.names.intern(trimmedAscii(provider->bytes)) : m_spec.provider;
    const FieldRef* task = first(row, Field::TaskType);
    out.taskType = task ? state.tasks.intern(firstTag(task->bytes)) : QString();
    const FieldRef* user = first(row, Field::User);
    out.user = user ? state.names.intern(trimmedAscii(user->bytes)) : QString();
    const FieldRef* id = first(row, Field::RequestId);
    out.requestId = id ? QString::fromUtf8(trimmedAscii(id->bytes)) : QString();
    const FieldRef* trace = first(row, Field::TraceId);
    out.traceId = trace ? QString::fromUtf8(trimmedAscii(trace->bytes)) : QString();
    const FieldRef* text = first(row, Field::Prompt);
    const QByteArrayView p = text ? trimmedAscii(text->bytes) : QByteArrayView();
    prompt = p == "{}" || p == "[]" ? QByteArrayView() : p; // LiteLLM's "{}" when prompts are not stored
}

bool SpecMapper::map(const SourceRow& row, MapperState& state, CallRecord& out, QByteArrayView& prompt,
                     QString& reason) const
{
    reason.clear();
    if (!isCall(row, reason) || !mapRequests(row, out, reason) || !mapTimes(row, state, out, reason))
        return false;
    const FieldRef* model = first(row, Field::Model);
    if (!model)
        return fail(Field::Model, QStringLiteral("absent"), reason);
    if (!scalar(model, Field::Model, reason))
        return false;
    out.model = state.models.intern(trimmedAscii(model->bytes));
    bool usageSeen = false;
    if (!mapTokens(row, out, usageSeen, reason) || !mapMoneyAndStatus(row, state, out, reason))
        return false;
    mapNames(row, state, out, prompt);
    if (!adjust(row, state, out, usageSeen, reason))
        return false;
    // A call that went through without usage (a streamed call logged without it): stored with NULL tokens,
    // costed at its logged cost if any, else counted as usage unknown, never as $0.
    out.usageKnown = usageSeen || !out.success;
    if (out.cachedInputTokens + out.cacheWriteTokens > out.inputTokens)
        return fail(Field::CachedTokens, QStringLiteral("cached and cache-write tokens exceed the input tokens"), reason);
    if (out.reasoningTokens > out.outputTokens)
        return fail(Field::ReasoningTokens, QStringLiteral("more than the output tokens"), reason);
    return true;
}

} // namespace costdash::importers
