// libFuzzer: timestamp parsing. The import's byte-level fast path agrees with timeutil::parseTimestamp on every
// text, and an instant of the years 1-9999 survives formatIso and back unchanged.
#include "FuzzInput.h"
#include "importers/FieldParse.h"
#include "timeutil/Timestamp.h"

using namespace costdash;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArrayView bytes = fuzz::bytesOf(data, size);
    QString error;
    const std::optional<timeutil::Millis> t = timeutil::parseTimestamp(QString::fromUtf8(bytes), &error);
    if (!t && error.isEmpty())
        fuzz::broken("parseTimestamp refused without a reason");
    importers::Utf16Scratch scratch;
    QString reason;
    if (importers::parseTimestampBytes(bytes, scratch, &reason) != t)
        fuzz::broken("parseTimestampBytes and parseTimestamp disagree");
    static const timeutil::Millis kYear1 = timeutil::daysFromCivil(1, 1, 1) * timeutil::kMillisPerDay;
    static const timeutil::Millis kYear10000 = timeutil::daysFromCivil(10000, 1, 1) * timeutil::kMillisPerDay;
    if (t && *t >= kYear1 && *t < kYear10000 && timeutil::parseTimestamp(timeutil::formatIso(*t)) != t)
        fuzz::broken("formatIso does not parse back to the instant");
    if (importers::parseMillis(bytes, scratch, &reason) != money::parseScaled(QString::fromUtf8(bytes), 0))
        fuzz::broken("parseMillis and parseScaled(text, 0) disagree");
    timeutil::parseDay(QString::fromUtf8(bytes));
    return 0;
}
