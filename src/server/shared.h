/*
 * shared.h - state the workers share that is not a metric: one block the
 * master maps (MAP_SHARED) before forking. Read and written with atomics.
 */
#ifndef MQ_SHARED_H
#define MQ_SHARED_H

#include "core/common.h"

struct shared {
    /* The catalogue version (server/cache.c) as last seen by any worker,
     * and when it was read from Redis (monotonic us): one Redis read per
     * check interval for the whole pool instead of one per worker. */
    uint64_t catalogue_version;
    int64_t catalogue_checked_us;
};

/* A zeroed shared block; NULL on failure. */
struct shared *shared_create(void);
void shared_free(struct shared *s);

#endif
