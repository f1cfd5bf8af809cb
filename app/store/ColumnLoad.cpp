// The columnar load the what-if engine builds its snapshot from: every call and prompt, read by two connections.
#include "platform/HelperThread.h"
#include "store/StoreImpl.h"

#include <algorithm>
#include <mutex>
#include <new>
#include <numeric>
#include <utility>

namespace costdash::store {
namespace {

using detail::Statement;
using detail::loadNames;

// Rows come in rowid order; imports are usually in time order already, so this runs only for logs that are not.
void sortByTime(CallColumns& c)
{
    std::vector<std::uint32_t> order(c.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return c.timestampMs[a] < c.timestampMs[b]; });
    c.permute(order);
}

// Appends the first column of each row as UTF-8 bytes, as stored: no QString per prompt.
void appendTexts(Statement& s, TextArena& out)
{
    while (s.next()) {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
        out.append(std::string_view(data ? data : "", std::size_t(sqlite3_column_bytes(s.get(), 0))));
    }
}

constexpr const char* kCallSink = "costdash::store::CallColumns";

// costdash_take_call(columns, id, timestamp_ms, ...): appends one call to the CallColumns bound as a pointer.
// The values come as function arguments because sqlite3_value_int64() skips what sqlite3_column_int64() does
// per value (connection mutex, error state).
void takeCall(sqlite3_context* context, int, sqlite3_value** v)
{
    auto* c = static_cast<CallColumns*>(sqlite3_value_pointer(v[0], kCallSink));
    if (!c)
        return sqlite3_result_error(context, "costdash_take_call: no columns bound", -1);
    try {
        c->rowId.push_back(sqlite3_value_int64(v[1]));
        c->timestampMs.push_back(sqlite3_value_int64(v[2]));
        c->modelId.push_back(std::int32_t(sqlite3_value_int64(v[3]) - 1));
        c->taskId.push_back(std::int32_t(sqlite3_value_int64(v[4]) - 1));
        c->promptId.push_back(std::int32_t(sqlite3_value_int64(v[5]) - 1)); // NULL reads as 0: kNoPrompt
        c->inputTokens.push_back(sqlite3_value_type(v[6]) == SQLITE_NULL ? kUnknownTokens : sqlite3_value_int64(v[6]));
        c->cachedInputTokens.push_back(sqlite3_value_int64(v[7]));
        c->cacheWriteTokens.push_back(sqlite3_value_int64(v[8]));
        c->outputTokens.push_back(sqlite3_value_int64(v[9]));
        c->loggedCost.push_back(sqlite3_value_type(v[10]) == SQLITE_NULL ? kNoLoggedCost : sqlite3_value_int64(v[10]));
        c->success.push_back(std::uint8_t(sqlite3_value_int64(v[11]) != 0));
    } catch (const std::bad_alloc&) { // never through SQLite's C frames
        sqlite3_result_error_nomem(context);
    }
}

// On each connection that reads calls. Replacing it fails while a statement runs on the connection, and then
// the function registered before is the same one: the result is not checked.
void registerTakeCall(sqlite3* db)
{
    static_assert(kNoPrompt == -1);
    sqlite3_create_function_v2(db, "costdash_take_call", 12, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr, takeCall,
                               nullptr, nullptr, nullptr);
}

// Appends the calls with id in (after, upTo], in id order; false on a SQLite error.
bool appendCalls(sqlite3* db, std::int64_t after, std::int64_t upTo, CallColumns& c)
{
    Statement s(db, "SELECT costdash_take_call(?, id, timestamp_ms, model_id, task_id, prompt_id, input_tokens, "
                    "cached_tokens, cache_write_tokens, output_tokens, cost_nusd, success) "
                    "FROM calls WHERE id > ? AND id <= ? AND aggregate_requests IS NULL");
    if (!s.ok())
        return false;
    sqlite3_bind_pointer(s.get(), 1, &c, kCallSink, nullptr);
    s.bind(2, after);
    s.bind(3, upTo);
    while (s.next()) {
    }
    return s.lastResult() == SQLITE_DONE;
}

void reserveCalls(CallColumns& c, std::size_t n)
{
    for (auto* v : {&c.rowId, &c.timestampMs, &c.inputTokens, &c.cachedInputTokens, &c.cacheWriteTokens,
                    &c.outputTokens, &c.loggedCost})
        v->reserve(n);
    for (auto* v : {&c.modelId, &c.taskId, &c.promptId})
        v->reserve(n);
    c.success.reserve(n);
}

void appendColumns(CallColumns& to, const CallColumns& from)
{
    auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    cat(to.rowId, from.rowId);
    cat(to.timestampMs, from.timestampMs);
    cat(to.modelId, from.modelId);
    cat(to.taskId, from.taskId);
    cat(to.promptId, from.promptId);
    cat(to.inputTokens, from.inputTokens);
    cat(to.cachedInputTokens, from.cachedInputTokens);
    cat(to.cacheWriteTokens, from.cacheWriteTokens);
    cat(to.outputTokens, from.outputTokens);
    cat(to.loggedCost, from.loggedCost);
    cat(to.success, from.success);
}

// Id ranges of calls for the two readers: the caller takes them from the front, the helper from the back, until
// they meet. Small ranges, so a reader slowed by other work (the helper reads the prompts first) takes fewer.
class IdRanges {
public:
    IdRanges(std::int64_t after, std::int64_t upTo) : m_front(after), m_back(upTo) {}
    struct Range {
        std::int64_t after = 0;
        std::int64_t upTo = 0;
    };
    std::optional<Range> takeFront()
    {
        const std::lock_guard lock(m_mutex);
        if (m_front >= m_back)
            return std::nullopt;
        const Range r{m_front, std::min(m_back, m_front + kIds)};
        m_front = r.upTo;
        return r;
    }
    std::optional<Range> takeBack()
    {
        const std::lock_guard lock(m_mutex);
        if (m_front >= m_back)
            return std::nullopt;
        const Range r{std::max(m_front, m_back - kIds), m_back};
        m_back = r.after;
        return r;
    }
    std::int64_t front() const
    {
        const std::lock_guard lock(m_mutex);
        return m_front;
    }

private:
    static constexpr std::int64_t kIds = 32'768;
    mutable std::mutex m_mutex;
    std::int64_t m_front;
    std::int64_t m_back;
};

// What the helper thread reads through a read-only connection of its own: all prompt texts, then ranges of calls
// from the back. It starts after the caller's read transaction, so it sees at least the caller's rows (rows are
// only appended); if it fails, the caller reads what is missing: the calls in (front, doneAfter], the prompts.
struct HelperResult {
    TextArena prompts;
    std::vector<CallColumns> parts; // descending ids
    std::int64_t doneAfter = 0;     // the parts hold the calls in (doneAfter, upTo]
};

HelperResult readAsHelper(const QString& uri, IdRanges& ranges, std::int64_t upTo, const PromptsRead& promptsRead)
{
    HelperResult result;
    result.doneAfter = upTo;
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (sqlite3_open_v2(uri.toUtf8().constData(), &db, flags, nullptr) == SQLITE_OK) {
        registerTakeCall(db);
        detail::exec(db, "BEGIN", nullptr); // one snapshot for the prompts and the calls
        const auto count = std::size_t(detail::queryInt(db, "SELECT max(id) FROM prompts").value_or(0));
        result.prompts.reserve(count, count * 100); // prompts average about 100 bytes; the buffer grows by realloc
        Statement s(db, "SELECT text FROM prompts ORDER BY id");
        appendTexts(s, result.prompts);
        if (s.lastResult() != SQLITE_DONE)
            result.prompts = {}; // the caller reads them
        else if (promptsRead)
            promptsRead(result.prompts);
        while (const auto range = ranges.takeBack()) {
            CallColumns part;
            reserveCalls(part, std::size_t(range->upTo - range->after));
            if (!appendCalls(db, range->after, range->upTo, part))
                break;
            result.parts.push_back(std::move(part));
            result.doneAfter = range->after;
        }
        detail::exec(db, "COMMIT", nullptr);
    }
    sqlite3_close(db);
    return result;
}

} // namespace

std::optional<CallColumns> CallStore::loadColumns(QString* error, const PromptsRead& promptsRead) const
{
    sqlite3* h = d->handle;
    registerTakeCall(h);
    detail::exec(h, "BEGIN", nullptr); // one snapshot for the names and the calls
    // Two readers, each through its own connection: this thread reads calls from the first ids; a helper thread
    // reads the prompt texts (and hands them to promptsRead), then calls from the last ids, until they meet.
    // A thread of its own rather than the shared pool: callers often run this on a pool thread themselves.
    const std::int64_t firstId = detail::queryInt(h, "SELECT min(id) FROM calls").value_or(1) - 1;
    const std::int64_t lastId = detail::queryInt(h, "SELECT max(id) FROM calls").value_or(0);
    IdRanges ranges(firstId, lastId);
    platform::HelperThread<HelperResult> helper(
        [uri = d->readerUri, &ranges, lastId, &promptsRead] { return readAsHelper(uri, ranges, lastId, promptsRead); });
    CallColumns c;
    c.models = loadNames(h, "SELECT name FROM models ORDER BY id");
    c.tasks = loadNames(h, "SELECT name FROM tasks ORDER BY id");
    reserveCalls(c, std::size_t(callCount()));
    bool ok = true;
    while (const auto range = ok ? ranges.takeFront() : std::nullopt)
        ok = appendCalls(h, range->after, range->upTo, c);
    HelperResult helped = helper.take();
    ok = ok && appendCalls(h, ranges.front(), helped.doneAfter, c); // what the helper took but could not read
    for (auto part = helped.parts.rbegin(); part != helped.parts.rend(); ++part)
        appendColumns(c, std::exchange(*part, {}));
    if (!ok && error)
        *error = detail::lastError(h);
    c.prompts = std::move(helped.prompts);
    Statement rest(h, "SELECT text FROM prompts WHERE id > ? ORDER BY id");
    rest.bind(1, std::int64_t(c.prompts.size()));
    if (ok)
        appendTexts(rest, c.prompts);
    rest.reset();
    c.prompts.squeeze();
    detail::exec(h, "COMMIT", nullptr);
    if (!ok)
        return std::nullopt;
    if (!std::is_sorted(c.timestampMs.begin(), c.timestampMs.end()))
        sortByTime(c); // in id order now: a stable sort orders by (timestamp, id)
    return c;
}

} // namespace costdash::store
