// libFuzzer: the scenario loader (the one place that reads scenario files). Any bytes give a scenario or one
// error; a scenario it accepts is written by toJson() so that it reads back the same.
#include "FuzzInput.h"
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

using namespace costdash;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const pricing::PriceCatalog catalog = pricing::PriceCatalog::bundled();
    QString error;
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    const std::optional<whatif::Scenario> scenario = whatif::parseScenario(json, catalog, &error);
    if (!scenario) {
        if (error.isEmpty())
            fuzz::broken("a refused scenario without a reason");
        return 0;
    }
    QString again;
    const std::optional<whatif::Scenario> reread = whatif::parseScenario(whatif::toJson(*scenario), catalog, &again);
    if (!reread)
        fuzz::broken(qPrintable(QStringLiteral("toJson() of an accepted scenario is refused: ") + again));
    if (*reread != *scenario)
        fuzz::broken("toJson() of an accepted scenario reads back different");
    return 0;
}
