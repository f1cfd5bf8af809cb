// libFuzzer: exact money parsing. parseUsd and the import's fast path (parseCostUsd) agree on every text, and
// every amount parseUsd accepts survives formatUsdExact and back unchanged (its documented inverse).
#include "FuzzInput.h"
#include "importers/FieldParse.h"
#include "money/Money.h"

using namespace costdash;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArrayView bytes = fuzz::bytesOf(data, size);
    const QString text = QString::fromUtf8(bytes);
    QString error;
    const std::optional<money::Nanos> usd = money::parseUsd(text, &error);
    if (!usd && error.isEmpty())
        fuzz::broken("parseUsd refused without a reason");
    importers::Utf16Scratch scratch;
    QString reason;
    if (importers::parseCostUsd(bytes, scratch, &reason) != usd)
        fuzz::broken("parseCostUsd and parseUsd disagree");
    if (usd && money::parseUsd(money::formatUsdExact(*usd)) != usd)
        fuzz::broken("formatUsdExact does not parse back to the amount");
    if (size > 0) { // every scale the callers use, and a few they do not
        money::parseScaled(QString::fromUtf8(bytes.sliced(1)), int(data[0] % 19), &error);
        money::parsePricePerMillion(text, &error);
        if (usd)
            money::formatUsdReadable(*usd), money::formatUsd(*usd, int(data[0] % 10));
    }
    return 0;
}
