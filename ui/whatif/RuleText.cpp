#include "whatif/RuleText.h"

#include "Format.h"

#include <QObject>

namespace costdash::ui {

QString conditionText(const whatif::RuleCondition& when)
{
    QStringList parts;
    const QString any = QStringLiteral(" | ");
    if (!when.taskTypes.isEmpty())
        parts << QObject::tr("task is %1").arg(when.taskTypes.join(any));
    if (!when.models.isEmpty())
        parts << QObject::tr("model is %1").arg(when.models.join(any));
    if (!when.promptContains.isEmpty()) {
        // The panel is narrow: two words and a count; the tooltip has the rule in full.
        const QStringList shown = when.promptContains.mid(0, 2);
        const qsizetype more = when.promptContains.size() - shown.size();
        parts << QObject::tr("prompt has \u201c%1\u201d").arg(shown.join(QStringLiteral("\u201d, \u201c")))
                + (more > 0 ? QObject::tr(" +%1 more").arg(more) : QString());
    }
    if (!when.promptMatches.isEmpty())
        parts << QObject::tr("prompt matches /%1/").arg(when.promptMatches);
    if (when.inputTokensAtLeast)
        parts << QObject::tr("input \u2265 %1 tokens").arg(formatCount(*when.inputTokensAtLeast));
    if (when.inputTokensBelow)
        parts << QObject::tr("input < %1 tokens").arg(formatCount(*when.inputTokensBelow));
    return parts.isEmpty() ? QObject::tr("always") : parts.join(QObject::tr(" and "));
}

QString tierText(const QString& tier, const whatif::Router& router)
{
    const QString model = router.tiers.value(tier);
    return tier + QStringLiteral(" (")
        + (model == whatif::kOriginalModel ? QObject::tr("original model") : model) + u')';
}

QString ruleText(const whatif::RouterRule& rule, const whatif::Router& router)
{
    // Two lines: the condition, then where it sends the call.
    return conditionText(rule.when) + QStringLiteral("\n\u2192 ") + tierText(rule.tier, router)
        + (rule.enabled ? QString() : QObject::tr(" (disabled)"));
}

QString ruleToolTip(const whatif::RouterRule& rule, const whatif::Router& router)
{
    const QString text = ruleText(rule, router);
    return rule.when.promptContains.isEmpty() ? text
                                              : text + u'\n' + rule.when.promptContains.join(QStringLiteral(", "));
}

} // namespace costdash::ui
