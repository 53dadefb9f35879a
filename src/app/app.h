/*
 * app.h - what domain code works with instead of the HTTP request, and the
 * domains' worker-lifetime state.
 *
 * Handlers know HTTP; the code they call (backends, stores, health probes)
 * takes a struct app_ctx: the connections, the request's arena, the
 * configuration and the domains' state, like git's library functions that
 * never see argv. A domain with state that lives as long as the worker
 * (a dictionary, a vector store, HTTP clients, cached totals) keeps it in
 * its part of struct app_state, made by its X_init and undone by its
 * X_release; app.c lists those hooks and the worker runs them at start and
 * exit (app_worker).
 */
#ifndef MQ_APP_H
#define MQ_APP_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct config;
struct events_totals;
struct kv;
struct market_state;
struct metrics;
struct pg;
struct recs_state;
struct request;
struct search_state;
struct worker_app;

/* One part per domain with worker-lifetime state; owned by the worker
 * (worker_ctx.app), NULL until that domain's init ran. */
struct app_state {
    struct events_totals *totals; /* app/events/events_totals.h */
    struct search_state *search;  /* app/search/search_backend.h */
    struct recs_state *recs;      /* app/recs/vectors.h */
    struct market_state *market;  /* app/market/market.h */
};

struct app_ctx {
    struct pg *db;      /* the primary */
    struct pg *read_db; /* catalogue and search reads: a replica or db (worker_read_db) */
    struct kv *kv;
    struct arena *arena; /* the request's memory */
    const struct config *cfg;
    struct metrics *metrics; /* may be NULL (tests) */
    struct app_state *state;
    const char *request_id; /* for log lines */
};

/* The context of req (borrowed from it and its worker). */
struct app_ctx app_ctx_of(const struct request *req);

/* A domain's worker-lifetime hooks: init fills its part of st (cfg is
 * borrowed for the worker's lifetime); release frees it and is safe after
 * a failed or missing init. */
struct app_domain {
    const char *name;
    enum status (*init)(struct app_state *st, const struct config *cfg);
    void (*release)(struct app_state *st);
    const struct metrics_counter *counters; /* NULL, or ends with a NULL name */
};

/* Runs every domain's init / release; init stops at the first failure
 * (the ones that ran are released). */
enum status app_state_init(struct app_state *st, const struct config *cfg);
void app_state_release(struct app_state *st);

/* Registers every domain's counters in m (before the workers fork). */
void app_register_counters(struct metrics *m);

/* Routes, session store, counters and hooks for server/worker.c. */
extern const struct worker_app app_worker;

#endif
