/*
 * shared.h - state the workers share that is not a metric: one block the
 * master maps (MAP_SHARED) before forking. Read and written with atomics.
 */
#ifndef MQ_SHARED_H
#define MQ_SHARED_H

#include "core/common.h"

/* Password hashes (infra/password.h) the whole pool may run at once, at
 * most: see shared_hash_begin. */
#define SHARED_HASH_SLOTS 64
/* A slot held longer than this is taken over: a hash takes tens of
 * milliseconds, so its holder died in the middle of one. */
#define SHARED_HASH_STALE_S 10

struct shared {
    /* The catalogue version (server/cache.c) as last seen by any worker,
     * and when it was read from Redis (monotonic us): one Redis read per
     * check interval for the whole pool instead of one per worker. */
    uint64_t catalogue_version;
    int64_t catalogue_checked_us;
    /* Hashes in progress: pid << 32 | the epoch second it began, 0 free. */
    uint64_t hashing[SHARED_HASH_SLOTS];
};

/* A zeroed shared block; NULL on failure. */
struct shared *shared_create(void);
void shared_free(struct shared *s);

/* Takes one of the first n hash slots (at most SHARED_HASH_SLOTS) for this
 * process before an Argon2 hash or verify, so hashing can never occupy
 * every worker: *slot and true, or false when all n are held (the caller
 * answers 503 at once instead of waiting). A NULL s (tests without a
 * master) always gives a slot. */
bool shared_hash_begin(struct shared *s, int n, int *slot);

/* Gives back the slot shared_hash_begin took. */
void shared_hash_end(struct shared *s, int slot);

/* The number of hash slots for a pool of workers: half of them, at least
 * one, so requests that hash cannot starve the others. */
int shared_hash_slots(int workers);

#endif
