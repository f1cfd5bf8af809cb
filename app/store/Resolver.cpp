#include "store/Resolver.h"

#include <algorithm>

namespace costdash::store::detail {
namespace {

// True when the row's values equal the plain statement's literals (callColumns::kPlainDefaults).
bool isPlain(const CallRecord& r)
{
    return r.usageKnown && r.cachedInputTokens == 0 && r.cacheWriteTokens == 0 && r.reasoningTokens == 0 && r.tag.isEmpty()
        && r.user.isEmpty()
        && r.httpStatus == 0 && r.error.isEmpty() && r.requestId.isEmpty() && r.traceId.isEmpty()
        && !r.aggregateRequests;
}

void addOptional(RowBuffer& t, std::optional<std::int64_t> value)
{
    value ? t.add(*value) : t.addNull();
}

void addTextOrNull(RowBuffer& t, const QString& text)
{
    if (text.isEmpty())
        return t.addNull();
    const QByteArray utf8 = text.toUtf8();
    t.addText(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

pricing::TokenCounts tokensOf(const CallRecord& r)
{
    return {r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens};
}

} // namespace

bool Resolver::load(sqlite3* db, bool reload, const std::function<pricing::PriceCatalog()>& catalog, QString* error)
{
    const std::lock_guard lock(m_mutex);
    if (reload || !m_loaded) {
        m_loaded = false;
        for (auto& names : m_names) {
            if (!names->load(db, error))
                return false;
        }
        if (!m_prompts.load(db, error))
            return false;
        m_loaded = true;
        m_ahead = true;
        ++m_generation;
        m_pricer.reset();
        m_derivedProvider.clear();
    }
    if (!m_pricer)
        m_pricer = std::make_unique<CatalogPricer>(catalog(), &dictionary(NameTable::Models).names());
    return true;
}

// Without the lock, like fits(): only the store's thread writes what it reads.
bool Resolver::needsCatalog() const
{
    return !m_loaded || !m_pricer;
}

void Resolver::allowPreparingAhead()
{
    const std::lock_guard lock(m_mutex);
    m_ahead = true;
}

bool Resolver::prepareAhead(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
{
    const std::lock_guard lock(m_mutex);
    return m_ahead && prepareLocked(rows, prompts, out);
}

void Resolver::expectPrompts(std::size_t count, std::size_t bytes)
{
    const std::lock_guard lock(m_mutex);
    m_prompts.reserve(count, bytes);
}

bool Resolver::prepareHere(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
{
    const std::lock_guard lock(m_mutex);
    // Batches prepared ahead after this one would build on what is discarded here, and the ones after them on
    // those: rather than a cascade of batches prepared twice, the rest of this pipeline prepares here.
    discardPendingLocked();
    m_ahead = false;
    return prepareLocked(rows, prompts, out);
}

bool Resolver::prepareLocked(std::span<const CallRecord> rows, PromptsOfRows prompts, PreparedBatch& out)
{
    constexpr std::size_t kPrefetchAhead = 16;
    if (!m_loaded || !m_pricer)
        return false;
    out.generation = m_generation;
    for (std::size_t k = 0; k < m_names.size(); ++k)
        out.namesBefore[k] = m_names[k]->size();
    out.promptsBefore = m_prompts.size();
    out.plain = std::all_of(rows.begin(), rows.end(), isPlain);
    out.calls.clear(out.plain ? callColumns::kPlain : callColumns::kFull);
    out.rollup.clear();
    // Ids first, then the new prompts' normalized hashes all at once (hashNew), then the rows, which hold them.
    m_rowIds.resize(rows.size());
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (prompts.encoded && j + kPrefetchAhead < rows.size())
            m_prompts.prefetch(prompts.encoded->hash(prompts.first + j + kPrefetchAhead));
        const CallRecord& r = rows[j];
        RowIds& ids = m_rowIds[j];
        ids.model = dictionary(NameTable::Models).idOf(r.model);
        ids.provider = providerIdFor(r, ids.model);
        ids.task = dictionary(NameTable::Tasks).idOf(r.taskType);
        ids.prompt = promptIdOf(r, prompts, j);
        const RollupKey key{timeutil::dayOf(r.timestampMs), ids.model, ids.task, ids.provider};
        RollupSums& sums = r.isSpendRow() ? addSpendRow(out.rollup, key, r.loggedCost.value_or(0))
            : !r.usageKnown ? addUsageUnknownCall(out.rollup, key, r.loggedCost, r.aggregateRequests.value_or(0))
            : r.aggregateRequests
            ? addAggregate(out.rollup, *m_pricer, key, r.timestampMs, tokensOf(r), r.loggedCost, *r.aggregateRequests)
            : addCall(out.rollup, *m_pricer, key, r.timestampMs, tokensOf(r), r.loggedCost);
        addCallStats(sums.stats, r);
    }
    m_prompts.hashNew();
    for (std::size_t j = 0; j < rows.size(); ++j)
        addRow(out.calls, out.plain, rows[j], m_rowIds[j]);
    out.latencyRuns = latencyRunsOf(out.rollup);
    takeNew(out);
    return true;
}

// Copies what the batch added to the dictionaries: the store's thread writes it while this one goes on.
void Resolver::takeNew(PreparedBatch& out)
{
    for (std::size_t k = 0; k < m_names.size(); ++k)
        out.newNames[k] = m_names[k]->names().mid(out.namesBefore[k]);
    out.prompts.clear(2);
    m_prompts.appendRows(out.promptsBefore, out.prompts);
}

// Without the lock (see the header): the generation and the committed sizes are written on this thread only.
bool Resolver::fits(const PreparedBatch& batch) const
{
    if (!m_loaded || batch.generation != m_generation || batch.promptsBefore != m_prompts.committedSize())
        return false;
    for (std::size_t k = 0; k < m_names.size(); ++k) {
        if (batch.namesBefore[k] != m_names[k]->committedSize())
            return false;
    }
    return true;
}

void Resolver::committed(const PreparedBatch& batch)
{
    for (std::size_t k = 0; k < m_names.size(); ++k)
        m_names[k]->commit(batch.namesBefore[k] + batch.newNames[k].size());
    m_prompts.commit(batch.promptsBefore + batch.prompts.rows());
}

void Resolver::discardPending()
{
    const std::lock_guard lock(m_mutex);
    discardPendingLocked();
    m_ahead = false;
}

void Resolver::discardPendingLocked()
{
    for (auto& names : m_names)
        names->rollback();
    m_prompts.rollback();
    m_derivedProvider.clear(); // may name providers that were just dropped
    ++m_generation;
}

void Resolver::catalogChanged()
{
    const std::lock_guard lock(m_mutex);
    m_pricer.reset();
    m_derivedProvider.clear();
    ++m_generation; // batches prepared since were priced with the old catalog
}

std::int32_t Resolver::providerIdFor(const CallRecord& row, std::int32_t modelId)
{
    Dictionary& providers = dictionary(NameTable::Providers);
    if (!row.provider.isEmpty())
        return providers.idOf(row.provider);
    // The log does not say: take the provider the catalog gives the model, once per model.
    if (std::size_t(modelId) >= m_derivedProvider.size())
        m_derivedProvider.resize(std::size_t(modelId) + 1, 0);
    std::int32_t& id = m_derivedProvider[std::size_t(modelId)];
    if (id == 0)
        id = providers.idOf(m_pricer->providerOf(dictionary(NameTable::Models).names().at(modelId - 1)));
    return id;
}

std::int32_t Resolver::promptIdOf(const CallRecord& r, PromptsOfRows prompts, std::size_t row)
{
    if (!prompts.encoded)
        return r.prompt.isEmpty() ? 0 : m_prompts.idOf(r.prompt);
    const std::size_t i = prompts.first + row;
    const std::string_view utf8 = prompts.encoded->utf8(i);
    return utf8.empty() ? 0 : m_prompts.idOf(utf8, prompts.encoded->hash(i));
}

// Appends one row; a plain row has no columns for the defaults isPlain() checks.
void Resolver::addRow(RowBuffer& t, bool plain, const CallRecord& r, const RowIds& ids)
{
    t.add(r.timestampMs);
    t.add(ids.provider);
    t.add(ids.model);
    if (!r.usageKnown) { // never plain: the five token columns NULL
        for (int c = 0; c < 5; ++c)
            t.addNull();
    } else {
        t.add(r.inputTokens);
        if (!plain) {
            t.add(r.cachedInputTokens);
            t.add(r.cacheWriteTokens);
        }
        t.add(r.outputTokens);
        if (!plain)
            t.add(r.reasoningTokens);
    }
    addOptional(t, r.latencyMs);
    addOptional(t, r.loggedCost);
    t.add(ids.task);
    if (!plain) {
        // no tag / no user: NULL, not a dictionary id, so plain rows need no id at all
        r.tag.isEmpty() ? t.addNull() : t.add(dictionary(NameTable::Tags).idOf(r.tag));
        r.user.isEmpty() ? t.addNull() : t.add(dictionary(NameTable::Users).idOf(r.user));
    }
    if (ids.prompt == 0) {
        t.addNull();
        t.addNull();
    } else {
        t.add(std::int64_t(m_prompts.normHash(ids.prompt)));
        t.add(ids.prompt);
    }
    t.add(r.success ? 1 : 0);
    if (!plain) {
        t.add(r.httpStatus);
        addTextOrNull(t, r.error);
        addTextOrNull(t, r.requestId);
    }
    r.rowKey == 0 ? t.addNull() : t.add(std::int64_t(r.rowKey));
    if (!plain) {
        addTextOrNull(t, r.traceId);
        addOptional(t, r.aggregateRequests);
    }
}

} // namespace costdash::store::detail
