#pragma once
// Where the API key comes from: COSTDASH_API_KEY, then GLOBAL_API_KEY, then the desktop keychain (QtKeychain).
// The key lives in memory only: never in the store, settings, logs, error messages or JSON output.
#include <QCoro/QCoroTask>
#include <QString>
#include <optional>

namespace costdash::api {

struct ApiKey {
    QString value;  // empty: none (a local server may need none)
    QString source; // "COSTDASH_API_KEY", "GLOBAL_API_KEY", "keychain" or "" (never the key itself)
};

ApiKey apiKeyFromEnvironment();
// The environment's key, else the keychain's (a keychain that does not answer within 3 s counts as empty).
QCoro::Task<ApiKey> loadApiKey();
// Saves (or, with an empty key, deletes) the keychain entry; an error text, empty on success.
QCoro::Task<QString> saveApiKeyToKeychain(const QString& key);

// `text` with every occurrence of `secret` replaced by "[redacted]" (and a secret's tail of 8+ characters too,
// as servers quote keys as "sk-...abcd1234").
QString redactSecret(QString text, const QString& secret);

} // namespace costdash::api
