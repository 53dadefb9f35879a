/*
 * metrics.h - request counters and latency histograms shared by all
 * workers: the master maps them (MAP_SHARED) before forking, workers add
 * with relaxed atomics, /metrics renders the Prometheus text format.
 */
#ifndef MQ_METRICS_H
#define MQ_METRICS_H

#include "core/common.h"
#include "core/buf.h"

struct route;

#define METRICS_BUCKETS      12
#define METRICS_STATUSES     16
#define METRICS_MAX_COUNTERS 16

/* A counter a domain owns (e.g. app/search's fallbacks): defined once as a
 * static const table in the domain, registered before the workers fork. */
struct metrics_counter {
    const char *name; /* marquee_..._total */
    const char *help;
};

struct metrics_cell {
    uint64_t count;
    uint64_t sum_us;
    uint64_t buckets[METRICS_BUCKETS]; /* non-cumulative */
};

struct metrics {
    uint64_t worker_starts;
    uint64_t worker_restarts; /* a worker died unexpectedly */
    uint64_t worker_recycles; /* a worker exited after MAX_REQUESTS */
    uint64_t pg_unavailable;  /* requests answered 503 for want of Postgres */
    uint64_t cache_hits;
    uint64_t cache_misses;
    /* Logouts Redis missed (recorded in Postgres only). Also an epoch: a
     * worker that sees it change copies those revocations into Redis before
     * it trusts a cached session again (server/auth.c). */
    uint64_t revocations_missed;
    /* The domains' counters (metrics_register), rendered in this order. */
    const struct metrics_counter *counter_defs[METRICS_MAX_COUNTERS];
    uint64_t counters[METRICS_MAX_COUNTERS];
    int ncounters;
    int nroutes;
    struct metrics_cell cells[]; /* (nroutes + 1) * METRICS_STATUSES */
};

/* Shared mapping for nroutes routes (the extra slot counts unmatched
 * paths); NULL on failure. Released with metrics_free. */
struct metrics *metrics_create(int nroutes);
void metrics_free(struct metrics *m);

/* Registers the counters of table (ends with a NULL name) in m, in order;
 * done by the master before forking, so every worker sees the same slots.
 * Counters past METRICS_MAX_COUNTERS are ignored. */
void metrics_register(struct metrics *m, const struct metrics_counter *table);

/* Adds one to the registered counter c; nothing when m is NULL or c is not
 * registered in it. */
void metrics_count(struct metrics *m, const struct metrics_counter *c);

/* The value of the registered counter c (0 when not registered). */
uint64_t metrics_value(const struct metrics *m, const struct metrics_counter *c);

#define metrics_inc(field) __atomic_fetch_add(&(field), 1, __ATOMIC_RELAXED)

/* route_index -1 = no route matched. */
void metrics_observe(struct metrics *m, int route_index, int status, int64_t us);

/* Appends the Prometheus exposition of m to b. */
void metrics_render(const struct metrics *m, const struct route *const *tables, struct buf *b);

#endif
