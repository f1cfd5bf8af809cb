#include "api/RateLimits.h"

#include <algorithm>

namespace costdash::api {
namespace {

std::optional<int> count(const QString& text)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    return ok && n >= 0 ? std::optional<int>(n) : std::nullopt;
}

} // namespace

std::optional<RpmLimits> parseRpmLimits(const QStringList& entries, QString* error)
{
    RpmLimits limits;
    bool everySet = false;
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    for (const QString& list : entries) {
        for (const QString& raw : list.split(u',', Qt::SkipEmptyParts)) {
            const QString entry = raw.trimmed();
            if (entry.isEmpty())
                continue;
            const qsizetype eq = entry.lastIndexOf(u'=');
            const QString model = eq < 0 ? QString() : entry.left(eq).trimmed();
            const auto n = count(eq < 0 ? entry : entry.mid(eq + 1));
            if (!n || (eq >= 0 && model.isEmpty()))
                return fail(QStringLiteral("rpm: \"%1\" is neither N nor MODEL=N (N a whole number from 0)").arg(entry));
            if (eq < 0 && everySet)
                return fail(QStringLiteral("rpm: the limit for every model is given twice (%1 and %2)")
                                .arg(limits.everyModel).arg(*n));
            if (eq >= 0 && limits.byModel.contains(model))
                return fail(QStringLiteral("rpm: %1 is given two limits").arg(model));
            if (eq < 0) {
                limits.everyModel = *n;
                everySet = true;
            } else {
                limits.byModel.insert(model, *n);
            }
        }
    }
    return limits;
}

QString formatRpmLimits(const RpmLimits& limits)
{
    QStringList parts;
    if (limits.everyModel > 0)
        parts.append(QString::number(limits.everyModel));
    QStringList models = limits.byModel.keys();
    std::sort(models.begin(), models.end());
    for (const QString& model : std::as_const(models))
        parts.append(model + u'=' + QString::number(limits.byModel.value(model)));
    return parts.join(QStringLiteral(", "));
}

} // namespace costdash::api
