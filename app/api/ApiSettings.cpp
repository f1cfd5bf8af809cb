#include "api/ApiSettings.h"

#include "api/Endpoint.h"

#include <QSettings>
#include <algorithm>

namespace costdash::api {

ApiSettings ApiSettings::load()
{
    QSettings settings;
    ApiSettings s;
    s.endpoint = settings.value(QStringLiteral("api/endpoint")).toString();
    s.concurrency = std::clamp(settings.value(QStringLiteral("api/concurrency"), 8).toInt(), 1, 1024);
    return s;
}

void ApiSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("api/endpoint"), endpoint);
    settings.setValue(QStringLiteral("api/concurrency"), concurrency);
}

QString ApiSettings::endpointOrDefault() const
{
    return endpoint.trimmed().isEmpty() ? kDefaultEndpoint : endpoint.trimmed();
}

} // namespace costdash::api
