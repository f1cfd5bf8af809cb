#include "api/Endpoint.h"

#include <QHostAddress>

namespace costdash::api {
namespace {

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

std::optional<QUrl> parseEndpoint(const QString& text, bool allowInsecure, QString* error)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"https" && scheme != u"http")) {
        *error = QStringLiteral("the endpoint \"%1\" is not an http(s) URL").arg(text);
        return std::nullopt;
    }
    if (scheme == u"http" && !allowInsecure && !isLoopbackHost(url.host())) {
        *error = QStringLiteral("the endpoint %1 is plain http to another machine: use https, or --allow-insecure")
                     .arg(url.toDisplayString(QUrl::RemoveUserInfo));
        return std::nullopt;
    }
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl endpointUrl(const QUrl& base, const QString& path)
{
    QUrl url = base;
    url.setPath(base.path() + u'/' + path);
    return url;
}

} // namespace costdash::api
