#pragma once
// A flowing document on a QPdfWriter: text, tables and chart boxes go down the page, a new page starts (with the
// running header and the page number) when the next block does not fit. Units are points (the writer runs at
// 72 dpi), text is real text in an embedded font, so it stays selectable.
#include <QColor>
#include <QFont>
#include <QList>
#include <QPainter>
#include <QRectF>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QPdfWriter;
QT_END_NAMESPACE

namespace costdash::ui::report {

struct Table {
    QStringList headers;
    QList<double> widths;     // fractions of the text width, one per column
    QList<bool> rightAligned; // numbers are right-aligned
    QList<QStringList> rows;
};

class PdfDocument {
public:
    // `totalPages` (when known, from a first pass) makes the footer read "Page n of N".
    PdfDocument(QPdfWriter& writer, QString runningHeader, int totalPages = 0);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    bool isActive() const { return m_painter.isActive(); }
    int pages() const { return m_page; }
    double width() const { return m_body.width(); }

    QFont font(double pointSize, bool bold = false) const;
    void title(const QString& text);
    void heading(const QString& text); // starts a section; keeps at least `keepWith` below it on the same page
    void paragraph(const QString& text, double pointSize = 9.5, const QColor& color = {});
    void bullets(const QStringList& items);
    void table(const Table& table);
    void preformatted(const QString& text); // scenario files: monospace, wrapped lines
    void space(double points);
    // Reserves a box of `height` across the text width (a new page first when it does not fit); the caller paints
    // the chart into it with painter().
    QRectF box(double height);
    void newPage();
    QPainter& painter() { return m_painter; }

private:
    void ensure(double height);
    void pageFurniture();
    double textHeight(const QString& text, const QFont& font, double width) const;
    void tableRow(const Table& table, const QStringList& cells, bool header);

    QPdfWriter& m_writer;
    QPainter m_painter;
    QString m_header;
    QRectF m_body;
    double m_y = 0;
    int m_page = 1;
    int m_totalPages = 0;
};

} // namespace costdash::ui::report
