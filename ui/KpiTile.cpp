#include "KpiTile.h"

#include <QLabel>
#include <QVBoxLayout>

namespace costdash::ui {

KpiTile::KpiTile(const QString& name, const QString& caption, QWidget* parent)
    : QFrame(parent)
    , m_value(new QLabel(QStringLiteral("\u2013"), this))
    , m_detail(new QLabel(this))
{
    setObjectName(name + QStringLiteral("Tile"));
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred); // the tiles of a row share its height
    auto* title = new QLabel(caption, this);
    QFont titleFont = title->font();
    titleFont.setCapitalization(QFont::AllUppercase);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.85);
    title->setFont(titleFont);
    title->setForegroundRole(QPalette::PlaceholderText);

    m_value->setObjectName(name + QStringLiteral("Value"));
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.9);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_detail->setObjectName(name + QStringLiteral("Detail"));
    m_detail->setWordWrap(true);
    m_detail->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
}

void KpiTile::setValue(const QString& value, const QString& detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
}

void KpiTile::setEmphasis(const QString& color)
{
    m_value->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(color));
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::detail() const
{
    return m_detail->text();
}

} // namespace costdash::ui
