#include "SettingsDialog.h"

#include "api/ApiKey.h"
#include "api/ApiSettings.h"
#include "api/Endpoint.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSpinBox>

namespace costdash::ui {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , m_endpoint(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_concurrency(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    const api::ApiSettings settings = api::ApiSettings::load();
    m_endpoint->setText(settings.endpointOrDefault());
    m_key->setEchoMode(QLineEdit::Password);
    const api::ApiKey env = api::apiKeyFromEnvironment();
    m_key->setPlaceholderText(env.value.isEmpty() ? tr("unchanged (stored in the system keychain)")
                                                  : tr("%1 is set: it takes precedence").arg(env.source));
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(settings.concurrency);
    m_status->setWordWrap(true);
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Endpoint"), m_endpoint);
    layout->addRow(tr("API key"), m_key);
    layout->addRow(tr("Default concurrency"), m_concurrency);
    layout->addRow(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addRow(buttons);
}

void SettingsDialog::accept()
{
    QString error;
    if (!api::parseEndpoint(m_endpoint->text(), false, &error)) {
        m_status->setText(error);
        return;
    }
    api::ApiSettings settings;
    settings.endpoint = m_endpoint->text().trimmed();
    settings.concurrency = m_concurrency->value();
    settings.save();
    const QString key = m_key->text().trimmed();
    m_key->clear();
    if (key.isEmpty()) {
        Q_EMIT saved();
        QDialog::accept();
        return;
    }
    m_status->setText(tr("Saving the key in the keychain\u2026"));
    QCoro::connect(api::saveApiKeyToKeychain(key), this, [this](const QString& failure) {
        if (!failure.isEmpty()) {
            m_status->setText(tr("The keychain refused the key: %1").arg(failure));
            return;
        }
        Q_EMIT saved();
        QDialog::accept();
    });
}

} // namespace costdash::ui
