#pragma once
// Settings: the endpoint and default concurrency (QSettings) and the API key (the desktop keychain only; the
// field is never filled back from it and the key never reaches QSettings).
#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace costdash::ui {

class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    QLineEdit* endpointEdit() const { return m_endpoint; }
    QLineEdit* keyEdit() const { return m_key; }
    QSpinBox* concurrencyBox() const { return m_concurrency; }

    void accept() override;

Q_SIGNALS:
    void saved();

private:
    QLineEdit* m_endpoint;
    QLineEdit* m_key;
    QSpinBox* m_concurrency;
    QLabel* m_status;
};

} // namespace costdash::ui
