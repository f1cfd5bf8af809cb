#include "pages/FirstRunPage.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace costdash::ui {
namespace {

// One action: a big button and the sentence that says what it does.
QWidget* action(const QString& name, const QString& text, const QString& detail, QWidget* parent, QPushButton** out)
{
    auto* box = new QWidget(parent);
    auto* button = new QPushButton(text, box);
    button->setObjectName(name);
    button->setMinimumHeight(36);
    button->setToolTip(detail);
    auto* caption = new QLabel(detail, box);
    caption->setWordWrap(true);
    caption->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(button);
    layout->addWidget(caption);
    *out = button;
    return box;
}

} // namespace

FirstRunPage::FirstRunPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("firstRunPage"));
    auto* title = new QLabel(tr("No calls to show yet"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    title->setFont(font);
    auto* intro = new QLabel(tr("costdash shows where your LLM API money goes once it has a month of calls. "
                                "Start one of three ways:"),
                             this);
    intro->setWordWrap(true);
    QPushButton* demo = nullptr;
    QPushButton* import = nullptr;
    QPushButton* run = nullptr;
    auto* column = new QVBoxLayout;
    column->setSpacing(16);
    column->addWidget(title);
    column->addWidget(intro);
    column->addWidget(action(QStringLiteral("openDemoButton"), tr("Open the demo month"),
                             tr("A generated month of 50,000 calls, kept in its own file apart from your store."),
                             this, &demo));
    column->addWidget(action(QStringLiteral("importLogsButton"), tr("Import logs\u2026"),
                             tr("Your own call logs: CSV, JSONL or a SQLite ai_calls table."), this, &import));
    column->addWidget(action(QStringLiteral("testPromptsButton"), tr("Send test prompts"),
                             tr("Send a prompt suite to the models you choose and record the calls."), this, &run));
    auto* frame = new QWidget(this);
    frame->setFixedWidth(520); // a fixed width lets the wrapped sentences take the height they need
    frame->setLayout(column);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(frame, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    connect(demo, &QPushButton::clicked, this, &FirstRunPage::openDemoRequested);
    connect(import, &QPushButton::clicked, this, &FirstRunPage::importRequested);
    connect(run, &QPushButton::clicked, this, &FirstRunPage::testPromptsRequested);
}

} // namespace costdash::ui
