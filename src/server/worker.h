/*
 * worker.h - a FastCGI worker: accepts requests on the shared socket,
 * routes them and answers, one at a time, with a per-request arena reset
 * after every response. Everything it owns is created after fork.
 */
#ifndef MQ_WORKER_H
#define MQ_WORKER_H

#include "core/common.h"
#include "core/conf.h"
#include "infra/kv.h"
#include "infra/pg.h"
#include "infra/pg_replica.h"
#include "server/ratelimit.h"
#include "server/router.h"

struct metrics;
struct route;
struct session_store;
struct shared;
struct worker_ctx;

/* What the application (src/app/app.c) gives the server: it is the only
 * way server code reaches domain code besides the route handlers. */
struct worker_app {
    const struct route *const *routes;
    const struct session_store *sessions; /* server/session_store.h */
    /* Answers a path outside /api/ that no route matches (the site's HTML
     * 404 page); NULL: the JSON 404 everywhere. */
    route_handler not_found_page;
    /* Registers the domains' counters (metrics_register); run by the
     * master before it forks. */
    void (*register_counters)(struct metrics *m);
    /* The domains' worker-lifetime state into ctx->app, after fork and
     * once the connections exist; non-zero: the worker exits. */
    int (*init)(struct worker_ctx *ctx);
    /* Undoes init, when the worker exits. */
    void (*release)(struct worker_ctx *ctx);
};

/* What a handler reaches through req->ctx. */
struct worker_ctx {
    const struct config *cfg;
    struct pg db;              /* the primary */
    struct pg_replica replica; /* DATABASE_READ_URL; zeroed: none */
    struct kv kv;
    struct metrics *metrics;
    struct shared *shared; /* may be NULL (tests) */
    const struct route *const *routes;
    const struct session_store *sessions; /* NULL: no sessions (tests) */
    route_handler not_found_page;         /* see struct worker_app */
    struct ratelimit ratelimit;           /* degraded-mode counters */
    void *app;                            /* the domains' state (app/app.h), owned by app */
};

/* Where catalogue and search reads go (borrowed): the replica when
 * configured and fit (pg_replica.h), else the primary. Never for reads
 * that decide money, availability, sign-in or revocation. */
struct pg *worker_read_db(struct worker_ctx *w, struct arena *a);

/* Serves until SIGTERM/SIGHUP or cfg->max_requests; returns the exit
 * status (0 after a drain or a recycle). */
int worker_run(int listen_fd, const struct config *cfg, const struct worker_app *app,
               struct metrics *metrics, struct shared *shared);

#endif
