#include "report/PdfDocument.h"

#include "Palette.h"

#include <QFontMetricsF>
#include <QPdfWriter>
#include <QTextOption>

namespace costdash::ui::report {
namespace {

constexpr double kMargin = 48;        // points, on every side
constexpr double kFurniture = 22;     // header band above the body, footer band below it
constexpr double kCellPad = 3;
// DejaVu ships with Debian's fonts-dejavu-core (scripts/deps.sh): a font every machine here has, embedded.
const QString kFamily = QStringLiteral("DejaVu Sans");
const QString kMonoFamily = QStringLiteral("DejaVu Sans Mono");

QColor colour(const QString& name) { return QColor(name); }

} // namespace

PdfDocument::PdfDocument(QPdfWriter& writer, QString runningHeader, int totalPages)
    : m_writer(writer), m_header(std::move(runningHeader)), m_totalPages(totalPages)
{
    m_writer.setResolution(72);
    m_writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Point);
    if (!m_painter.begin(&m_writer))
        return;
    const QRectF page(QPointF(0, 0), m_writer.pageLayout().fullRectPoints().size());
    m_body = page.adjusted(kMargin, kMargin + kFurniture, -kMargin, -(kMargin + kFurniture));
    m_y = m_body.top();
    pageFurniture();
}

PdfDocument::~PdfDocument()
{
    if (m_painter.isActive())
        m_painter.end();
}

QFont PdfDocument::font(double pointSize, bool bold) const
{
    QFont f(kFamily);
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    f.setStyleStrategy(QFont::PreferNoShaping); // no "fi" ligature glyphs: the text searches and copies as typed
    return f;
}

void PdfDocument::pageFurniture()
{
    m_painter.save();
    m_painter.setFont(font(7.5));
    m_painter.setPen(colour(palette::kMuted));
    const double top = m_body.top() - kFurniture;
    m_painter.drawText(QRectF(m_body.left(), top, m_body.width(), 12), Qt::AlignLeft | Qt::AlignTop, m_header);
    m_painter.setPen(QPen(colour(palette::kRule), 0.5));
    m_painter.drawLine(QPointF(m_body.left(), top + 13), QPointF(m_body.right(), top + 13));
    m_painter.setPen(colour(palette::kMuted));
    m_painter.drawText(QRectF(m_body.left(), m_body.bottom() + 8, m_body.width(), 12), Qt::AlignRight | Qt::AlignTop,
                       m_totalPages > 0 ? QStringLiteral("Page %1 of %2").arg(m_page).arg(m_totalPages)
                                        : QStringLiteral("Page %1").arg(m_page));
    m_painter.restore();
}

void PdfDocument::newPage()
{
    m_writer.newPage();
    ++m_page;
    m_y = m_body.top();
    pageFurniture();
}

void PdfDocument::ensure(double height)
{
    if (m_y + height > m_body.bottom() && m_y > m_body.top())
        newPage();
}

void PdfDocument::space(double points)
{
    m_y = std::min(m_y + points, m_body.bottom());
}

double PdfDocument::textHeight(const QString& text, const QFont& font, double width) const
{
    return QFontMetricsF(font, &m_writer).boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
}

void PdfDocument::title(const QString& text)
{
    const QFont f = font(20, true);
    m_painter.setFont(f);
    m_painter.setPen(colour(palette::kText));
    const double h = textHeight(text, f, width());
    m_painter.drawText(QRectF(m_body.left(), m_y, width(), h), Qt::TextWordWrap, text);
    m_y += h + 6;
}

void PdfDocument::heading(const QString& text)
{
    const QFont f = font(13, true);
    ensure(textHeight(text, f, width()) + 90); // a heading never ends a page alone
    space(10);
    m_painter.setFont(f);
    m_painter.setPen(colour(palette::kAccent));
    const double h = textHeight(text, f, width());
    m_painter.drawText(QRectF(m_body.left(), m_y, width(), h), Qt::TextWordWrap, text);
    m_y += h + 4;
}

void PdfDocument::paragraph(const QString& text, double pointSize, const QColor& color)
{
    const QFont f = font(pointSize);
    const double h = textHeight(text, f, width());
    ensure(h);
    m_painter.setFont(f);
    m_painter.setPen(color.isValid() ? color : colour(palette::kText));
    m_painter.drawText(QRectF(m_body.left(), m_y, width(), h), Qt::TextWordWrap, text);
    m_y += h + 4;
}

void PdfDocument::bullets(const QStringList& items)
{
    const QFont f = font(9.5);
    for (const QString& item : items) {
        const double h = textHeight(item, f, width() - 12);
        ensure(h);
        m_painter.setFont(f);
        m_painter.setPen(colour(palette::kText));
        m_painter.drawText(QPointF(m_body.left() + 2, m_y + QFontMetricsF(f, &m_writer).ascent()), QStringLiteral("•"));
        m_painter.drawText(QRectF(m_body.left() + 12, m_y, width() - 12, h), Qt::TextWordWrap, item);
        m_y += h + 3;
    }
}

void PdfDocument::tableRow(const Table& table, const QStringList& cells, bool header)
{
    const QFont f = font(8, header);
    double h = 0;
    for (qsizetype c = 0; c < cells.size(); ++c)
        h = std::max(h, textHeight(cells[c], f, table.widths[c] * width() - 2 * kCellPad));
    h += 2 * kCellPad;
    if (!header && m_y + h > m_body.bottom()) {
        newPage();
        tableRow(table, table.headers, true); // a table that runs over a page repeats its header
    }
    m_painter.setFont(f);
    m_painter.setPen(colour(palette::kText));
    double x = m_body.left();
    for (qsizetype c = 0; c < cells.size(); ++c) {
        const double w = table.widths[c] * width();
        const Qt::Alignment align = table.rightAligned.value(c) ? Qt::AlignRight : Qt::AlignLeft;
        m_painter.drawText(QRectF(x + kCellPad, m_y + kCellPad, w - 2 * kCellPad, h - 2 * kCellPad),
                           int(align | Qt::AlignTop) | Qt::TextWordWrap, cells[c]);
        x += w;
    }
    m_painter.setPen(QPen(colour(header ? palette::kMuted : palette::kRule), header ? 0.8 : 0.4));
    m_painter.drawLine(QPointF(m_body.left(), m_y + h), QPointF(m_body.right(), m_y + h));
    m_y += h;
}

void PdfDocument::table(const Table& table)
{
    ensure(60); // the header and a few rows together
    tableRow(table, table.headers, true);
    for (const QStringList& row : table.rows)
        tableRow(table, row, false);
    space(8);
}

void PdfDocument::preformatted(const QString& text)
{
    QFont f(kMonoFamily);
    f.setPointSizeF(7);
    f.setStyleStrategy(QFont::PreferNoShaping);
    const double line = QFontMetricsF(f, &m_writer).lineSpacing();
    for (const QString& raw : text.split(u'\n')) {
        const double h = std::max(line, textHeight(raw, f, width()));
        ensure(h);
        m_painter.setFont(f);
        m_painter.setPen(colour(palette::kText));
        m_painter.drawText(QRectF(m_body.left(), m_y, width(), h), Qt::TextWrapAnywhere, raw);
        m_y += h;
    }
    space(6);
}

QRectF PdfDocument::box(double height)
{
    ensure(height);
    const QRectF r(m_body.left(), m_y, width(), height);
    m_y += height + 8;
    return r;
}

} // namespace costdash::ui::report
