#include "config.h"
#include "core/common.h"
#include "server/shared.h"

#include "core/timeutil.h"

#include <sys/mman.h>
#include <unistd.h>

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

int shared_hash_slots(int workers)
{
    int n = workers / 2;
    return n < 1 ? 1 : n > SHARED_HASH_SLOTS ? SHARED_HASH_SLOTS : n;
}

bool shared_hash_begin(struct shared *s, int n, int *slot)
{
    int64_t now = time_now();
    uint64_t mine = (uint64_t)getpid() << 32 | (uint32_t)now;

    *slot = -1;
    if (!s)
        return true;
    for (int i = 0; i < n && i < SHARED_HASH_SLOTS; i++) {
        uint64_t held = __atomic_load_n(&s->hashing[i], __ATOMIC_ACQUIRE);
        bool stale = held != 0 && now - (int64_t)(uint32_t)held > SHARED_HASH_STALE_S;
        if ((held == 0 || stale) &&
            __atomic_compare_exchange_n(&s->hashing[i], &held, mine, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            *slot = i;
            return true;
        }
    }
    return false;
}

/* Only while the slot is still this process's: a holder that was taken
 * over (stopped past SHARED_HASH_STALE_S) must not free its successor's. */
void shared_hash_end(struct shared *s, int slot)
{
    if (!s || slot < 0 || slot >= SHARED_HASH_SLOTS)
        return;
    uint64_t held = __atomic_load_n(&s->hashing[slot], __ATOMIC_ACQUIRE);
    if (held >> 32 == (uint64_t)getpid())
        __atomic_compare_exchange_n(&s->hashing[slot], &held, 0, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE);
}
