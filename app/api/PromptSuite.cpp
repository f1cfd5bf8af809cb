#include "api/PromptSuite.h"

#include "whatif/PromptRegex.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace costdash::api {
namespace {

QString valueText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isNull())
        return QStringLiteral("null");
    return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                 .toJson(QJsonDocument::Compact));
}

std::optional<Expectation> parseExpectation(const QJsonValue& v, QString* error)
{
    Expectation e;
    if (v.isUndefined() || v.isNull())
        return e;
    if (v.isString()) {
        e.kind = Expectation::Kind::Exact;
        e.value = v.toString();
        return e;
    }
    const QJsonObject o = v.toObject();
    if (!v.isObject() || o.size() != 1) {
        *error = QStringLiteral("\"expected\" wants one of exact, contains, regex or json");
        return std::nullopt;
    }
    const QString key = o.begin().key();
    const QJsonValue value = o.begin().value();
    if (key == u"exact" || key == u"contains" || key == u"regex") {
        e.kind = key == u"exact" ? Expectation::Kind::Exact
            : key == u"contains" ? Expectation::Kind::Contains : Expectation::Kind::Regex;
        if (!value.isString()) {
            *error = QStringLiteral("\"expected.%1\" wants a string").arg(key);
            return std::nullopt;
        }
        e.value = value.toString();
        if (e.kind == Expectation::Kind::Regex && !whatif::PromptRegex::compile(e.value, error))
            return std::nullopt;
        return e;
    }
    if (key == u"json") {
        const QJsonObject j = value.toObject();
        e.kind = Expectation::Kind::JsonField;
        e.field = j.value(QLatin1StringView("field")).toString();
        if (e.field.isEmpty() || !j.contains(QLatin1StringView("equals"))) {
            *error = QStringLiteral("\"expected.json\" wants {\"field\": \"path\", \"equals\": value}");
            return std::nullopt;
        }
        e.value = valueText(j.value(QLatin1StringView("equals")));
        return e;
    }
    *error = QStringLiteral("\"expected\" has an unknown kind \"%1\" (exact, contains, regex, json)").arg(key);
    return std::nullopt;
}

std::optional<SuitePrompt> parsePrompt(const QJsonObject& o, QString* error)
{
    SuitePrompt p;
    p.id = o.value(QLatin1StringView("id")).toString();
    p.taskType = o.value(QLatin1StringView("task_type")).toString();
    if (p.id.isEmpty()) {
        *error = QStringLiteral("\"id\" is missing");
        return std::nullopt;
    }
    if (p.taskType.isEmpty()) {
        *error = QStringLiteral("\"task_type\" is missing");
        return std::nullopt;
    }
    if (o.value(QLatin1StringView("messages")).isArray()) {
        p.messages = o.value(QLatin1StringView("messages")).toArray();
        for (const QJsonValue& m : std::as_const(p.messages)) {
            if (!m.isObject() || !m.toObject().value(QLatin1StringView("role")).isString()) {
                *error = QStringLiteral("each message wants a \"role\" and a \"content\"");
                return std::nullopt;
            }
        }
    } else if (o.value(QLatin1StringView("prompt")).isString()) {
        p.messages = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                            {QStringLiteral("content"), o.value(QLatin1StringView("prompt"))}}};
    }
    if (p.messages.isEmpty()) {
        *error = QStringLiteral("\"messages\" (or \"prompt\") is missing");
        return std::nullopt;
    }
    if (const QJsonValue m = o.value(QLatin1StringView("max_tokens")); !m.isUndefined()) {
        if (!m.isDouble() || m.toInteger(-1) < 1) {
            *error = QStringLiteral("\"max_tokens\" wants a positive integer");
            return std::nullopt;
        }
        p.maxTokens = int(m.toInteger());
    }
    if (const QJsonValue t = o.value(QLatin1StringView("temperature")); !t.isUndefined()) {
        if (!t.isDouble() || t.toDouble() < 0 || t.toDouble() > 2) {
            *error = QStringLiteral("\"temperature\" wants a number from 0 to 2");
            return std::nullopt;
        }
        p.temperature = t.toDouble();
    }
    auto expected = parseExpectation(o.value(QLatin1StringView("expected")), error);
    if (!expected)
        return std::nullopt;
    p.expected = *expected;
    return p;
}

bool addPrompt(PromptSuite& suite, QSet<QString>& ids, const QJsonValue& v, const QString& where, QString* error)
{
    QString why;
    const auto prompt = v.isObject() ? parsePrompt(v.toObject(), &why) : std::nullopt;
    if (!v.isObject())
        why = QStringLiteral("not a JSON object");
    if (prompt && ids.contains(prompt->id))
        why = QStringLiteral("the id \"%1\" is used twice").arg(prompt->id);
    if (!why.isEmpty()) {
        *error = where + QStringLiteral(": ") + why;
        return false;
    }
    ids.insert(prompt->id);
    suite.prompts.append(*prompt);
    return true;
}

} // namespace

QString SuitePrompt::promptText() const
{
    QStringList parts;
    for (const QJsonValue& m : messages)
        parts.append(m.toObject().value(QLatin1StringView("content")).toString());
    return parts.join(u'\n');
}

std::optional<PromptSuite> parseSuite(const QByteArray& bytes, QString* error)
{
    PromptSuite suite;
    QSet<QString> ids;
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    if (parse.error == QJsonParseError::NoError) {
        const QJsonArray prompts = doc.isArray() ? doc.array() : doc.object().value(QLatin1StringView("prompts")).toArray();
        suite.name = doc.object().value(QLatin1StringView("name")).toString();
        if (doc.isObject() && !doc.object().value(QLatin1StringView("prompts")).isArray()) {
            // One JSONL line holding one prompt is a JSON object too.
            if (!doc.object().contains(QLatin1StringView("id"))) {
                *error = QStringLiteral("a suite wants {\"prompts\": [...]}, [...] or one prompt a line");
                return std::nullopt;
            }
            if (!addPrompt(suite, ids, doc.object(), QStringLiteral("line 1"), error))
                return std::nullopt;
        }
        for (qsizetype i = 0; i < prompts.size(); ++i) {
            if (!addPrompt(suite, ids, prompts[i], QStringLiteral("prompt %1").arg(i + 1), error))
                return std::nullopt;
        }
    } else {
        const QList<QByteArray> lines = bytes.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QJsonDocument one = QJsonDocument::fromJson(line, &parse);
            if (parse.error != QJsonParseError::NoError) {
                *error = QStringLiteral("line %1: %2").arg(i + 1).arg(parse.errorString());
                return std::nullopt;
            }
            if (!addPrompt(suite, ids, one.object(), QStringLiteral("line %1").arg(i + 1), error))
                return std::nullopt;
        }
    }
    if (suite.prompts.isEmpty()) {
        *error = QStringLiteral("the suite holds no prompt");
        return std::nullopt;
    }
    return suite;
}

std::optional<PromptSuite> loadSuite(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the suite %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString why;
    auto suite = parseSuite(file.readAll(), &why);
    if (!suite) {
        *error = QStringLiteral("%1: %2").arg(path, why);
        return std::nullopt;
    }
    if (suite->name.isEmpty())
        suite->name = QFileInfo(path).completeBaseName();
    return suite;
}

std::optional<bool> judge(const Expectation& expected, const QString& answer)
{
    switch (expected.kind) {
    case Expectation::Kind::None:
        return std::nullopt;
    case Expectation::Kind::Exact:
        return answer.trimmed() == expected.value.trimmed();
    case Expectation::Kind::Contains:
        return answer.contains(expected.value, Qt::CaseInsensitive);
    case Expectation::Kind::Regex: {
        const auto re = whatif::PromptRegex::compile(expected.value);
        const QByteArray utf8 = answer.toUtf8();
        return re && re->search(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    }
    case Expectation::Kind::JsonField: {
        // Models wrap JSON in ```json fences: take the outermost {...}.
        const qsizetype open = answer.indexOf(u'{');
        const qsizetype close = answer.lastIndexOf(u'}');
        if (open < 0 || close < open)
            return false;
        QJsonValue v = QJsonDocument::fromJson(answer.mid(open, close - open + 1).toUtf8()).object();
        for (const QString& part : expected.field.split(u'.')) {
            if (!v.isObject())
                return false;
            v = v.toObject().value(part);
        }
        if (v.isUndefined())
            return false;
        return valueText(v).compare(expected.value, v.isString() ? Qt::CaseInsensitive : Qt::CaseSensitive) == 0;
    }
    }
    return std::nullopt;
}

QString normalizeAnswer(const QString& answer)
{
    QString s = answer.simplified().toLower();
    while (!s.isEmpty() && (s.back() == u'.' || s.back() == u'!' || s.back() == u'?'))
        s.chop(1);
    return s;
}

} // namespace costdash::api
