#include "api/ChatParse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace costdash::api {
namespace {

std::int64_t count(const QJsonObject& o, QLatin1StringView key)
{
    return std::max<std::int64_t>(0, o.value(key).toInteger(0));
}

QString excerpt(const QByteArray& body)
{
    constexpr qsizetype kMax = 200;
    QString text = QString::fromUtf8(body.left(kMax)).simplified();
    if (body.size() > kMax)
        text += QStringLiteral("...");
    return text;
}

void readError(const QJsonObject& error, QString& code, QString& message)
{
    const QJsonValue c = error.value(QLatin1StringView("code"));
    code = c.isString() ? c.toString() : c.isDouble() ? QString::number(c.toInteger()) : QString();
    if (code.isEmpty())
        code = error.value(QLatin1StringView("type")).toString();
    message = error.value(QLatin1StringView("message")).toString();
}

} // namespace

QString failureKindName(FailureKind kind)
{
    switch (kind) {
    case FailureKind::None: return QStringLiteral("ok");
    case FailureKind::Http: return QStringLiteral("http");
    case FailureKind::Network: return QStringLiteral("network");
    case FailureKind::Tls: return QStringLiteral("TLS");
    case FailureKind::ConnectTimeout: return QStringLiteral("connect timeout");
    case FailureKind::Stalled: return QStringLiteral("stalled");
    case FailureKind::TooLarge: return QStringLiteral("too large");
    case FailureKind::BadResponse: return QStringLiteral("bad response");
    case FailureKind::StreamError: return QStringLiteral("stream error");
    case FailureKind::Cancelled: return QStringLiteral("cancelled");
    case FailureKind::Refused: return QStringLiteral("refused");
    }
    return {};
}

QString ChatResult::errorText() const
{
    if (ok())
        return {};
    QString text = failure == FailureKind::Http ? QStringLiteral("HTTP %1").arg(httpStatus) : failureKindName(failure);
    if (!errorCode.isEmpty())
        text += u' ' + errorCode;
    if (!errorMessage.isEmpty())
        text += QStringLiteral(": ") + errorMessage;
    return text;
}

std::optional<Usage> parseUsage(const QJsonObject& usage)
{
    if (!usage.contains(QLatin1StringView("prompt_tokens")) && !usage.contains(QLatin1StringView("completion_tokens")))
        return std::nullopt;
    Usage u;
    u.inputTokens = count(usage, QLatin1StringView("prompt_tokens"));
    u.outputTokens = count(usage, QLatin1StringView("completion_tokens"));
    u.cachedInputTokens = std::min(u.inputTokens,
        count(usage.value(QLatin1StringView("prompt_tokens_details")).toObject(), QLatin1StringView("cached_tokens")));
    u.reasoningTokens = std::min(u.outputTokens,
        count(usage.value(QLatin1StringView("completion_tokens_details")).toObject(), QLatin1StringView("reasoning_tokens")));
    return u;
}

bool parseCompletionBody(const QByteArray& body, ChatResult& out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const QJsonObject o = doc.object();
    const QJsonArray choices = o.value(QLatin1StringView("choices")).toArray();
    if (error.error != QJsonParseError::NoError || !doc.isObject() || choices.isEmpty()) {
        out.failure = FailureKind::BadResponse;
        out.errorMessage = error.error != QJsonParseError::NoError
            ? QStringLiteral("malformed JSON at offset %1: %2").arg(error.offset).arg(error.errorString())
            : QStringLiteral("not a chat completion: %1").arg(excerpt(body));
        return false;
    }
    const QJsonObject first = choices.first().toObject();
    out.content = first.value(QLatin1StringView("message")).toObject().value(QLatin1StringView("content")).toString();
    out.finishReason = first.value(QLatin1StringView("finish_reason")).toString();
    out.responseModel = o.value(QLatin1StringView("model")).toString();
    if (out.requestId.isEmpty())
        out.requestId = o.value(QLatin1StringView("id")).toString();
    out.usage = parseUsage(o.value(QLatin1StringView("usage")).toObject());
    return true;
}

void parseErrorBody(const QByteArray& body, ChatResult& out)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.value(QLatin1StringView("error")).isObject()) {
        readError(o.value(QLatin1StringView("error")).toObject(), out.errorCode, out.errorMessage);
        return;
    }
    out.errorMessage = excerpt(body);
}

QList<QByteArray> SseDecoder::feed(QByteArrayView bytes)
{
    QList<QByteArray> events;
    qsizetype from = 0;
    while (true) {
        const qsizetype nl = bytes.indexOf('\n', from);
        if (nl < 0)
            break;
        if (m_pending.isEmpty()) {
            takeLine(bytes.sliced(from, nl - from), events);
        } else {
            m_pending.append(bytes.sliced(from, nl - from));
            takeLine(m_pending, events);
            m_pending.clear();
        }
        from = nl + 1;
    }
    m_pending.append(bytes.sliced(from));
    return events;
}

QList<QByteArray> SseDecoder::finish()
{
    QList<QByteArray> events;
    if (!m_pending.isEmpty()) {
        takeLine(m_pending, events);
        m_pending.clear();
    }
    takeLine({}, events);
    return events;
}

void SseDecoder::takeLine(QByteArrayView line, QList<QByteArray>& events)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        if (m_hasData)
            events.append(std::exchange(m_data, {}));
        m_hasData = false;
        return;
    }
    if (!line.startsWith("data:"))
        return; // comments (": keep-alive"), event:, id:, retry:
    QByteArrayView value = line.sliced(5);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (m_hasData)
        m_data.append('\n');
    m_data.append(value);
    m_hasData = true;
}

bool StreamAccumulator::add(const QByteArray& data)
{
    ++m_events;
    if (data.trimmed() == "[DONE]") {
        m_done = true;
        return false;
    }
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(data, &error).object();
    if (error.error != QJsonParseError::NoError) {
        m_failed = true;
        m_errorMessage = QStringLiteral("malformed JSON in the stream: %1").arg(error.errorString());
        return false;
    }
    if (o.value(QLatin1StringView("error")).isObject()) {
        m_failed = true;
        readError(o.value(QLatin1StringView("error")).toObject(), m_errorCode, m_errorMessage);
        return false;
    }
    if (m_model.isEmpty())
        m_model = o.value(QLatin1StringView("model")).toString();
    if (m_id.isEmpty())
        m_id = o.value(QLatin1StringView("id")).toString();
    if (o.value(QLatin1StringView("usage")).isObject())
        m_usage = parseUsage(o.value(QLatin1StringView("usage")).toObject());
    bool first = false;
    for (const QJsonValue& choice : o.value(QLatin1StringView("choices")).toArray()) {
        const QJsonObject c = choice.toObject();
        const QJsonObject delta = c.value(QLatin1StringView("delta")).toObject();
        const QString piece = delta.value(QLatin1StringView("content")).toString();
        const bool reasoning = !delta.value(QLatin1StringView("reasoning_content")).toString().isEmpty()
            || !delta.value(QLatin1StringView("reasoning")).toString().isEmpty();
        if ((!piece.isEmpty() || reasoning) && !m_firstContentSeen) {
            m_firstContentSeen = true;
            first = true;
        }
        m_content += piece;
        if (const QString reason = c.value(QLatin1StringView("finish_reason")).toString(); !reason.isEmpty())
            m_finishReason = reason;
    }
    return first;
}

void StreamAccumulator::finishInto(ChatResult& out) const
{
    out.content = m_content;
    out.finishReason = m_finishReason;
    out.responseModel = m_model;
    if (out.requestId.isEmpty())
        out.requestId = m_id;
    out.usage = m_usage;
    if (m_failed) {
        out.failure = FailureKind::StreamError;
        out.errorCode = m_errorCode;
        out.errorMessage = m_errorMessage;
    }
}

} // namespace costdash::api
