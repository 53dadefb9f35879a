/*
 * harness.h - one worker in the test process: the configuration, the
 * worker context (connections, shared counters with the domains'
 * registered, the domains' state made by their init hooks), an arena and a
 * response, so a test calls a route's handler, a backend or a health probe
 * exactly as a request would, without nginx or FastCGI.
 */
#ifndef MQ_TEST_HARNESS_H
#define MQ_TEST_HARNESS_H

#include "core/common.h"
#include "app/app.h"
#include "core/arena.h"
#include "core/conf.h"
#include "server/request.h"
#include "server/response.h"
#include "server/router.h"
#include "server/worker.h"

struct harness {
    struct config cfg;
    struct worker_ctx ctx;
    struct arena arena;
    struct response res;
    struct request req;
};

/* A worker with a copy of cfg (NULL: all zero) and, with database_url, a
 * Postgres connection named name (opened on first use); the app's routes,
 * session store and counters; the domains initialised. Returns 0, or -1
 * (and fails the current test) when a domain cannot start. */
int harness_init(struct harness *h, const struct config *cfg, const char *database_url,
                 const char *name);
void harness_release(struct harness *h);

/* A fresh request (arena and response reset) for method and path with the
 * query string query (may be NULL) and the path parameters params
 * (NULL-terminated, may be NULL). Borrowed: valid until the next call. */
struct request *harness_request(struct harness *h, const char *method, const char *path,
                                const char *query, const char *const *params);

/* Runs route (a row of a domain's route table) for a request made as
 * harness_request does; returns the response status (the body is
 * h->res.body). No auth guard, no cache. */
int harness_call(struct harness *h, const struct route *route, const char *path, const char *query,
                 const char *const *params);

/* The domain context of the current request (app/app.h). */
struct app_ctx harness_app(struct harness *h);

#endif
