#pragma once
// A big number with a caption and a detail line: the overview's and the what-if page's headline figures.
#include <QFrame>

class QLabel;

namespace costdash::ui {

class KpiTile final : public QFrame {
    Q_OBJECT
public:
    // `name` becomes the object name of the tile ("<name>Tile") and of its value label ("<name>Value") so
    // tests and stylesheets can find them.
    KpiTile(const QString& name, const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& detail = {});
    void setEmphasis(const QString& color); // the value's colour, e.g. green for savings; "" resets
    QString value() const;
    QString detail() const;

private:
    QLabel* m_value;
    QLabel* m_detail;
};

} // namespace costdash::ui
