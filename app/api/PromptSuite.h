#pragma once
// Prompt suites for test runs: JSON ({"name", "prompts": [...]} or [...]) or JSONL (one prompt a line). A prompt:
//   {"id": "cls-1", "task_type": "classification",
//    "messages": [{"role": "user", "content": "..."}]   (or "prompt": "...", one user message),
//    "expected": {"exact": "billing"} | {"contains": "..."} | {"regex": "..."} |
//                {"json": {"field": "category", "equals": "billing"}},   (optional)
//    "max_tokens": 64, "temperature": 0}
#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

namespace costdash::api {

struct Expectation {
    enum class Kind { None, Exact, Contains, Regex, JsonField };
    Kind kind = Kind::None;
    QString value;  // the text, pattern, or the JSON field's expected value (as text)
    QString field;  // JsonField: a dotted path into the answer's JSON object ("result.category")
};

struct SuitePrompt {
    QString id;
    QString taskType;
    QJsonArray messages;
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    Expectation expected;

    // The text the store keeps as the call's prompt: the messages' contents, one per line.
    QString promptText() const;
};

struct PromptSuite {
    QString name;
    QList<SuitePrompt> prompts;
};

// nullopt and *error ("prompt 3 (id x): ...", "line 4: ...") on a bad suite; ids must be unique.
std::optional<PromptSuite> parseSuite(const QByteArray& bytes, QString* error);
// A file, or ":/suites/demo.jsonl" for the bundled demo suite.
std::optional<PromptSuite> loadSuite(const QString& path, QString* error);
inline const QString kDemoSuitePath = QStringLiteral(":/suites/demo.jsonl");

// True when the answer meets the expectation (trimmed for exact; case-insensitive for contains and regex).
// Kind::None: nullopt (nothing to judge by).
std::optional<bool> judge(const Expectation& expected, const QString& answer);
// Lower case, trimmed, inner white space collapsed, trailing punctuation dropped: agreement between two models.
QString normalizeAnswer(const QString& answer);

} // namespace costdash::api
