#include "demo/DemoGenerator.h"

#include "demo/DemoTasks.h"

#include <QSaveFile>

#include <algorithm>
#include <cstring>

namespace costdash::demo {
namespace {

// Relative call volume per UTC hour (a working day in Europe running into the US morning) and per weekday.
constexpr int kHourWeight[24] = {2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 10, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
constexpr int kWeekdayWeight[7] = {3, 10, 10, 10, 10, 10, 4}; // Sunday first

constexpr std::int64_t kMillisPerHour = 3'600'000;
constexpr int kFailurePerMille = 20;
constexpr int kUnknownModelPerMille = 4;

int weekday(std::int64_t day)
{
    return int((day % 7 + 11) % 7); // 1970-01-01 was a Thursday (4)
}

void appendPadded(QByteArray& out, std::int64_t value, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 || n < width);
    while (n > 0)
        out.append(digits[--n]);
}

void appendIso(QByteArray& out, timeutil::Millis t)
{
    const std::int64_t day = timeutil::dayOf(t);
    int y = 0;
    unsigned m = 0, d = 0;
    timeutil::civilFromDays(day, y, m, d);
    const std::int64_t inDay = t - day * timeutil::kMillisPerDay;
    appendPadded(out, y, 4);
    out.append('-');
    appendPadded(out, m, 2);
    out.append('-');
    appendPadded(out, d, 2);
    out.append('T');
    appendPadded(out, inDay / kMillisPerHour, 2);
    out.append(':');
    appendPadded(out, inDay / 60'000 % 60, 2);
    out.append(':');
    appendPadded(out, inDay / 1000 % 60, 2);
    out.append('.');
    appendPadded(out, inDay % 1000, 3);
    out.append('Z');
}

// Exact decimal USD with trailing zeros trimmed: 431000 nanos -> "0.000431".
void appendUsd(QByteArray& out, money::Nanos nanos)
{
    appendPadded(out, nanos / money::kNanosPerUsd, 1);
    std::int64_t fraction = nanos % money::kNanosPerUsd;
    if (fraction == 0)
        return;
    int width = 9;
    while (fraction % 10 == 0) {
        fraction /= 10;
        --width;
    }
    out.append('.');
    appendPadded(out, fraction, width);
}

void appendCsvField(QByteArray& out, const QByteArray& text)
{
    const bool quote = text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r');
    if (!quote) {
        out.append(text);
        return;
    }
    out.append('"');
    for (const char c : text) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

bool replaceFirst(QByteArray& text, const char* from, const char* to)
{
    const qsizetype at = text.indexOf(from);
    if (at < 0)
        return false;
    text.replace(at, qsizetype(std::strlen(from)), to);
    return true;
}

} // namespace

DemoGenerator::DemoGenerator(const DemoOptions& options)
    : m_options(options)
    , m_rng(options.seed)
{
    // Rows per hour by weight, allocated exactly (cumulative rounding), so the total is options.rows.
    const std::int64_t firstDay = timeutil::dayOf(options.start);
    std::vector<std::int64_t> weights;
    std::int64_t total = 0;
    for (int h = 0; h < options.days * 24; ++h) {
        weights.push_back(std::int64_t(kWeekdayWeight[weekday(firstDay + h / 24)]) * kHourWeight[h % 24]);
        total += weights.back();
    }
    std::int64_t cumulative = 0;
    for (const std::int64_t w : weights) {
        cumulative += w;
        __extension__ using I128 = __int128;
        m_bucketEnds.push_back(std::int64_t(I128(options.rows) * cumulative / total));
    }
}

void DemoGenerator::fillNextBucket()
{
    m_times.clear();
    m_nextTime = 0;
    while (m_times.empty() && m_bucket < m_bucketEnds.size()) {
        const std::int64_t begin = m_bucket == 0 ? 0 : m_bucketEnds[m_bucket - 1];
        const timeutil::Millis hourStart = m_options.start + std::int64_t(m_bucket) * kMillisPerHour;
        for (std::int64_t i = begin; i < m_bucketEnds[m_bucket]; ++i)
            m_times.push_back(hourStart + std::int64_t(m_rng.below(kMillisPerHour)));
        std::sort(m_times.begin(), m_times.end());
        ++m_bucket;
    }
}

bool DemoGenerator::next(DemoRow& row)
{
    if (m_produced >= m_options.rows)
        return false;
    if (m_nextTime >= m_times.size())
        fillNextBucket();
    row.timestampMs = m_times[m_nextTime++];
    fillRow(row);
    ++m_produced;
    return true;
}

void DemoGenerator::fillRow(DemoRow& row)
{
    const auto tasks = demoTasks();
    std::uint64_t pick = m_rng.below(1000);
    const TaskSpec* task = &tasks.back();
    for (const TaskSpec& t : tasks) {
        if (pick < std::uint64_t(t.share)) {
            task = &t;
            break;
        }
        pick -= std::uint64_t(t.share);
    }
    row.taskType = task->name;
    bool mini = false;
    if (m_rng.chance(kUnknownModelPerMille)) {
        row.model = kUnknownModels[m_rng.below(std::size(kUnknownModels))];
    } else {
        mini = m_rng.chance(task->miniShare);
        row.model = mini ? "gpt-4o-mini" : "gpt-4o";
    }
    row.inputTokens = task->inputLo + std::int64_t(m_rng.skewed(std::uint64_t(task->inputHi - task->inputLo + 1), 2));
    row.outputTokens = task->outputLo + std::int64_t(m_rng.skewed(std::uint64_t(task->outputHi - task->outputLo + 1), 2));
    row.prompt = makePrompt(*task);
    row.success = !m_rng.chance(kFailurePerMille);
    if (!row.success) {
        row.outputTokens = 0;
        row.latencyMs = m_rng.chance(100) ? 30'000 : m_rng.between(150, 2500); // some time out
    } else {
        row.latencyMs = 300 + row.outputTokens * (mini ? 7 : 14) + row.inputTokens / 25 + m_rng.between(0, 600);
    }
    const bool known = std::strncmp(row.model, "gpt-4o", 6) == 0;
    if (!known)
        row.cost.reset();
    else if (!row.success)
        row.cost = 0; // rejected calls are not billed
    else if (mini)
        row.cost = row.inputTokens * kMiniInputNanos + row.outputTokens * kMiniOutputNanos;
    else
        row.cost = row.inputTokens * kGpt4oInputNanos + row.outputTokens * kGpt4oOutputNanos;
}

QByteArray DemoGenerator::makePrompt(const TaskSpec& task)
{
    QByteArray prompt(task.templates[m_rng.skewed(task.templates.size(), 2)]);
    replaceFirst(prompt, "{s}", task.subjects[m_rng.skewed(task.subjects.size(), 2)]);
    if (prompt.contains("{n}")) {
        const std::int64_t n = task.numberLo + std::int64_t(m_rng.skewed(std::uint64_t(task.numberHi - task.numberLo + 1), 3));
        prompt.replace("{n}", QByteArray::number(n));
    }
    if (m_rng.chance(task.uniqueShare))
        prompt += " #" + QByteArray::number(m_rng.between(1'000'000, 9'999'999));
    vary(prompt);
    return prompt;
}

// Near-repeats: what a cache sees in real traffic. Case/space variants normalise to the same key; one-word,
// number and negation variants do not (and `near` mode must refuse the last two).
void DemoGenerator::vary(QByteArray& prompt)
{
    const std::uint64_t r = m_rng.below(1000);
    if (r < 80) {
        switch (m_rng.below(4)) {
        case 0: prompt = prompt.toLower(); break;
        case 1: prompt.append(' '); break;
        case 2: prompt.prepend("  "); break;
        default: replaceFirst(prompt, " ", "  "); break;
        }
    } else if (r < 120) {
        const auto pairs = synonymPairs();
        const std::size_t first = m_rng.below(pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            if (replaceFirst(prompt, pairs[(first + i) % pairs.size()][0], pairs[(first + i) % pairs.size()][1]))
                break;
        }
    } else if (r < 150) {
        qsizetype end = prompt.size();
        while (end > 0 && !(prompt[end - 1] >= '0' && prompt[end - 1] <= '9'))
            --end;
        if (end > 0) { // bump the last number by one: "order 1234" -> "order 1235"
            qsizetype begin = end;
            while (begin > 0 && prompt[begin - 1] >= '0' && prompt[begin - 1] <= '9')
                --begin;
            const std::int64_t n = prompt.mid(begin, end - begin).toLongLong() + 1;
            prompt.replace(begin, end - begin, QByteArray::number(n));
        }
    } else if (r < 170) {
        for (const auto& pair : negationPairs()) {
            if (replaceFirst(prompt, pair[0], pair[1]))
                break;
        }
    }
}

QByteArray DemoGenerator::csvHeader()
{
    return "timestamp,model,input_tokens,output_tokens,latency_ms,cost_usd,task_type,success,prompt\n";
}

void DemoGenerator::appendCsv(const DemoRow& row, QByteArray& out)
{
    appendIso(out, row.timestampMs);
    out.append(',').append(row.model).append(',');
    appendPadded(out, row.inputTokens, 1);
    out.append(',');
    appendPadded(out, row.outputTokens, 1);
    out.append(',');
    appendPadded(out, row.latencyMs, 1);
    out.append(',');
    if (row.cost)
        appendUsd(out, *row.cost);
    out.append(',').append(row.taskType).append(',').append(row.success ? "true" : "false").append(',');
    appendCsvField(out, row.prompt);
    out.append('\n');
}

bool writeDemoCsv(const DemoOptions& options, const QString& path, QString* error,
                  const std::function<void(std::int64_t)>& progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    DemoGenerator generator(options);
    QByteArray chunk = DemoGenerator::csvHeader();
    DemoRow row;
    for (std::int64_t i = 1; generator.next(row); ++i) {
        DemoGenerator::appendCsv(row, chunk);
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
        if (progress && i % 100'000 == 0)
            progress(i);
    }
    file.write(chunk);
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace costdash::demo
