#pragma once
// The endpoint and default concurrency the Settings dialog saves (QSettings, group "api"). The key is never here:
// it lives in the environment or the keychain (ApiKey.h).
#include <QString>

namespace costdash::api {

struct ApiSettings {
    QString endpoint;     // empty: kDefaultEndpoint
    int concurrency = 8;

    static ApiSettings load();
    void save() const;
    QString endpointOrDefault() const;
};

} // namespace costdash::api
