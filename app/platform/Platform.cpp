#include "platform/Platform.h"

#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace costdash::platform {

void lowerThisThreadPriority()
{
#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
    // On Linux a thread's nice value is its own: setpriority takes the thread id.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 19);
#endif
}

} // namespace costdash::platform
