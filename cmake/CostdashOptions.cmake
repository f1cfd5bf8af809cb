# One INTERFACE target carries the strict Qt defines and the warnings (qBittorrent's pattern).
add_library(costdash_options INTERFACE)
target_compile_definitions(costdash_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_KEYWORDS
  QT_USE_QSTRINGBUILDER QT_NO_CAST_FROM_BYTEARRAY QT_STRICT_ITERATORS)
target_compile_options(costdash_options INTERFACE -Wall -Wextra -Wpedantic)
# Every target sees the same choice: app/platform/Platform.h's inline functions must be one definition.
if(COSTDASH_PORTABLE)
  target_compile_definitions(costdash_options INTERFACE COSTDASH_PORTABLE)
endif()
