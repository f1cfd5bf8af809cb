// libFuzzer: the CSV reader and the seed mapper (ImportFuzz.h).
#include "ImportFuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return costdash::fuzz::importBytes(data, size, costdash::importers::Format::Csv, ".csv");
}
