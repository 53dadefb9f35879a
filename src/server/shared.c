#include "config.h"
#include "core/common.h"
#include "server/shared.h"

#include <sys/mman.h>

struct shared *shared_create(void)
{
    void *p = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p; /* mmap memory is zeroed */
}

void shared_free(struct shared *s)
{
    if (s)
        munmap(s, sizeof(*s));
}
