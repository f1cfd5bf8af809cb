#pragma once
// The requests-per-minute limits of a test-prompt run: one for every model, and models' own. Written as entries
// "N" (every model) or "MODEL=N", comma-separated: the CLI's --rpm and the page's field take the same text.
#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

namespace costdash::api {

struct RpmLimits {
    int everyModel = 0;           // 0: no limit
    QHash<QString, int> byModel;  // a model's own limit, in place of everyModel (0: none)

    int forModel(const QString& model) const { return byModel.value(model, everyModel); }
    bool isEmpty() const { return everyModel == 0 && byModel.isEmpty(); }
};

// Parses entries ("60", "gpt-4o=10", "60, gpt-4o=10"; each list item may itself hold commas). On bad input,
// nullopt and a one-sentence *error.
std::optional<RpmLimits> parseRpmLimits(const QStringList& entries, QString* error);
// The text parseRpmLimits reads back: "60, gpt-4o=10" (models sorted); empty when there is no limit.
QString formatRpmLimits(const RpmLimits& limits);

} // namespace costdash::api
