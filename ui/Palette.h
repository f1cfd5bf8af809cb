#pragma once
// The window's few colours, named by what they mean; every widget takes them from here.
#include <QString>

namespace costdash::ui::palette {

inline const QString kGood = QStringLiteral("#15803d");            // savings
inline const QString kBad = QStringLiteral("#b91c1c");             // extra cost, errors
inline const QString kWarning = QStringLiteral("#b45309");         // unpriced calls
inline const QString kErrorBackground = QStringLiteral("#fee2e2"); // the window's error bar
inline const QString kErrorText = QStringLiteral("#7f1d1d");

} // namespace costdash::ui::palette
