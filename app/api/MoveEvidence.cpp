#include "api/MoveEvidence.h"

#include <cmath>

namespace costdash::api {
namespace {

QString canonical(const QString& model, const pricing::PriceCatalog& catalog)
{
    return catalog.resolve(model).value_or(model).toLower();
}

} // namespace

std::optional<store::RunEvidence> evidenceFor(const QList<store::RunEvidence>& evidence, const QString& taskType,
                                              const QString& model, const pricing::PriceCatalog& catalog)
{
    const QString wanted = canonical(model, catalog);
    std::optional<store::RunEvidence> sum;
    for (const store::RunEvidence& e : evidence) {
        if (e.taskType != taskType || canonical(e.model, catalog) != wanted)
            continue;
        if (!sum)
            sum = store::RunEvidence{taskType, model, 0, 0, 0};
        sum->calls += e.calls;
        sum->judged += e.judged;
        sum->passed += e.passed;
    }
    return sum;
}

QString describeEvidence(bool testedInLogs, const std::optional<store::RunEvidence>& fromRuns)
{
    if (!fromRuns || fromRuns->calls == 0)
        return testedInLogs ? QStringLiteral("tested") : QStringLiteral("untested");
    QString text = QStringLiteral("tested: %1 %2").arg(fromRuns->calls).arg(fromRuns->calls == 1 ? QStringLiteral("call")
                                                                                                 : QStringLiteral("calls"));
    if (fromRuns->judged > 0)
        text += QStringLiteral(", pass %1 %").arg(std::lround(100.0 * double(fromRuns->passed) / double(fromRuns->judged)));
    return text;
}

bool isTested(const whatif::Move& move, const QList<store::RunEvidence>& evidence, const pricing::PriceCatalog& catalog)
{
    const auto runs = evidenceFor(evidence, move.taskType, move.model, catalog);
    return move.tested || (runs && runs->calls > 0);
}

HonestSavings honestSavings(const whatif::Projection& projection, const QList<store::RunEvidence>& evidence,
                            const pricing::PriceCatalog& catalog)
{
    HonestSavings h;
    h.all = projection.savings();
    h.outOfRange = projection.outOfRange;
    for (const whatif::Move& move : projection.moves) {
        if (isTested(move, evidence, catalog))
            continue;
        h.outOfRange |= money::addOverflows(h.untested, move.savings);
        ++h.untestedMoves;
    }
    h.outOfRange |= money::addOverflows(h.testedOnly, h.all) || money::addOverflows(h.testedOnly, -h.untested);
    return h;
}

} // namespace costdash::api
