// OpenAI usage and Costs API pages flattened for the openai-usage and openai-costs mappers
// (importers/JsonDocument.h). Usage exports are small (a bucket per day or hour), so Qt's JSON reader is enough
// here; it writes a number back as the shortest text of its double: the logged text for any amount of up to 15
// significant digits.
#include "importers/JsonDocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace costdash::importers {

QByteArray flattenUsageBuckets(const QByteArray& json, QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        *error = QStringLiteral("invalid JSON document at byte %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return {};
    }
    const QJsonArray buckets = doc.isArray() ? doc.array()
        : doc.object().contains(QLatin1String("data")) ? doc.object().value(QLatin1String("data")).toArray()
                                                       : QJsonArray{doc.object()};
    QByteArray out;
    for (const QJsonValue& bucket : buckets) {
        const QJsonObject b = bucket.toObject();
        for (const QJsonValue& result : b.value(QLatin1String("results")).toArray()) {
            QJsonObject flat = result.toObject();
            for (const char* key : {"start_time", "end_time"})
                flat.insert(QLatin1String(key), b.value(QLatin1String(key)));
            out += QJsonDocument(flat).toJson(QJsonDocument::Compact) + '\n';
        }
    }
    if (out.isEmpty())
        *error = QStringLiteral("usage API buckets without results (nothing to import)");
    return out;
}

} // namespace costdash::importers
