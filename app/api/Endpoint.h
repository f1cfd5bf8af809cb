#pragma once
// The endpoint a client talks to: https anywhere, plain http only to this machine unless allowed.
#include <QString>
#include <QUrl>
#include <optional>

namespace costdash::api {

inline const QString kDefaultEndpoint = QStringLiteral("https://api.global-apis.com/v1");

// The base URL (".../v1", no trailing slash) or nullopt and *error: not http(s), no host, or plain http to a
// host that is not loopback without allowInsecure.
std::optional<QUrl> parseEndpoint(const QString& text, bool allowInsecure, QString* error);
// base + "/" + path ("chat/completions", "models").
QUrl endpointUrl(const QUrl& base, const QString& path);

} // namespace costdash::api
