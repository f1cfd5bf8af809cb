#include "platform/Platform.h"

#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace costdash::platform {

void lowerThisThreadPriority(int nice)
{
#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
    // On Linux a thread's nice value is its own: setpriority takes the thread id.
    if (nice > thisThreadNice())
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), nice);
#else
    (void)nice;
#endif
}

int thisThreadNice()
{
#if !defined(COSTDASH_PORTABLE) && defined(__linux__)
    return getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
#else
    return 0;
#endif
}

} // namespace costdash::platform
