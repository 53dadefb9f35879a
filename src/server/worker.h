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

struct metrics;
struct route;
struct shared;

/* What a handler reaches through req->ctx. */
struct worker_ctx {
    const struct config *cfg;
    struct pg db;
    struct kv kv;
    struct metrics *metrics;
    struct shared *shared; /* may be NULL (tests) */
    const struct route *const *routes;
};

/* Serves until SIGTERM/SIGHUP or cfg->max_requests; returns the exit
 * status (0 after a drain or a recycle). */
int worker_run(int listen_fd, const struct config *cfg, const struct route *const *routes,
               struct metrics *metrics, struct shared *shared);

#endif
