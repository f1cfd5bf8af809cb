// OTLP/JSON trace exports flattened for the GenAI mapper (importers/JsonDocument.h). Qt's JSON reader is enough
// here: OTLP numbers that must stay exact (times, token counts) are strings in OTLP/JSON.
#include "importers/JsonDocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace costdash::importers {
namespace {

// An OTLP AnyValue ({"stringValue": ...}, {"intValue": "811"}, {"arrayValue": {"values": [...]}}) as plain JSON.
QJsonValue plain(const QJsonValue& any)
{
    const QJsonObject o = any.toObject();
    if (o.isEmpty())
        return any; // already plain (attributes written as a map)
    if (o.contains(QLatin1String("arrayValue"))) {
        QJsonArray values;
        for (const QJsonValue& v : o.value(QLatin1String("arrayValue")).toObject().value(QLatin1String("values")).toArray())
            values.append(plain(v));
        return values;
    }
    for (const char* key : {"stringValue", "intValue", "doubleValue", "boolValue"}) {
        if (o.contains(QLatin1String(key)))
            return o.value(QLatin1String(key));
    }
    return any;
}

void addAttributes(const QJsonValue& attributes, QJsonObject& flat)
{
    if (attributes.isObject()) {
        const QJsonObject map = attributes.toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            flat.insert(it.key(), plain(it.value()));
        return;
    }
    for (const QJsonValue& kv : attributes.toArray()) {
        const QJsonObject o = kv.toObject();
        flat.insert(o.value(QLatin1String("key")).toString(), plain(o.value(QLatin1String("value"))));
    }
}

QJsonObject flatSpan(const QJsonObject& span)
{
    QJsonObject flat;
    for (const char* key : {"name", "traceId", "spanId", "startTimeUnixNano", "endTimeUnixNano"}) {
        if (span.contains(QLatin1String(key)))
            flat.insert(QString::fromLatin1(key).toLower(), span.value(QLatin1String(key)));
    }
    const QJsonObject status = span.value(QLatin1String("status")).toObject();
    if (status.contains(QLatin1String("code")))
        flat.insert(QStringLiteral("status.code"), status.value(QLatin1String("code")));
    if (status.contains(QLatin1String("message")))
        flat.insert(QStringLiteral("status.message"), status.value(QLatin1String("message")));
    addAttributes(span.value(QLatin1String("attributes")), flat);
    return flat;
}

// The spans of one export request ({"resourceSpans": [...]}), one flat object per line appended to `out`.
void flattenRequest(const QJsonObject& request, QByteArray& out)
{
    for (const QJsonValue& resource : request.value(QLatin1String("resourceSpans")).toArray()) {
        const QJsonObject r = resource.toObject();
        QJsonArray scopes = r.value(QLatin1String("scopeSpans")).toArray();
        if (scopes.isEmpty()) // exports older than OTLP 1.0
            scopes = r.value(QLatin1String("instrumentationLibrarySpans")).toArray();
        for (const QJsonValue& scope : scopes) {
            for (const QJsonValue& span : scope.toObject().value(QLatin1String("spans")).toArray())
                out += QJsonDocument(flatSpan(span.toObject())).toJson(QJsonDocument::Compact) + '\n';
        }
    }
}

} // namespace

QByteArray flattenOtlpSpans(const QByteArray& json, QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    QByteArray out;
    if (!doc.isNull()) {
        flattenRequest(doc.object(), out);
    } else if (parseError.error == QJsonParseError::GarbageAtEnd) {
        // The collector's file exporter: one export request per line.
        qsizetype line = 0;
        for (const QByteArray& text : json.split('\n')) {
            ++line;
            if (text.trimmed().isEmpty())
                continue;
            const QJsonDocument request = QJsonDocument::fromJson(text, &parseError);
            if (request.isNull()) {
                *error = QStringLiteral("invalid JSON on line %1: %2").arg(line).arg(parseError.errorString());
                return {};
            }
            flattenRequest(request.object(), out);
        }
    } else {
        *error = QStringLiteral("invalid JSON document at byte %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return {};
    }
    if (out.isEmpty())
        *error = QStringLiteral("an OTLP export without spans");
    return out;
}

} // namespace costdash::importers
