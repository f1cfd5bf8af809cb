#pragma once
// The window's few colours, named by what they mean; every widget takes them from here.
#include <QString>
#include <QStringList>

namespace costdash::ui::palette {

inline const QString kGood = QStringLiteral("#15803d");            // savings
inline const QString kBad = QStringLiteral("#b91c1c");             // extra cost, errors
inline const QString kWarning = QStringLiteral("#b45309");         // unpriced calls
inline const QString kErrorBackground = QStringLiteral("#fee2e2"); // the window's error bar
inline const QString kErrorText = QStringLiteral("#7f1d1d");
inline const QString kBaseline = QStringLiteral("#64748b");        // spend as logged (before a scenario)
inline const QString kText = QStringLiteral("#111827");            // the report's body text
inline const QString kMuted = QStringLiteral("#6b7280");           // captions, header and footer, grid labels
inline const QString kRule = QStringLiteral("#d1d5db");            // table rules, chart grid
inline const QString kAccent = QStringLiteral("#1d4ed8");          // headings
// Series colours, in order (models, scenarios); readable on white and told apart in grey print.
inline const QStringList kSeries = {QStringLiteral("#1d4ed8"), QStringLiteral("#d97706"), QStringLiteral("#059669"),
                                    QStringLiteral("#9333ea"), QStringLiteral("#dc2626"), QStringLiteral("#0891b2"),
                                    QStringLiteral("#94a3b8")};

// `colour` (chosen for a white page) for text on the window: a lighter shade of it when the window is dark, so
// that it keeps its contrast.
QString onWindow(const QString& colour);

} // namespace costdash::ui::palette
