#include "config.h"
#include "core/common.h"
#include "tests/harness/harness.h"
#include "app/routes.h"
#include "app/users/users.h"
#include "infra/pg.h"
#include "server/metrics.h"

#include <CUnit/CUnit.h>

int harness_init(struct harness *h, const struct config *cfg, const char *database_url,
                 const char *name)
{
    memset(h, 0, sizeof(*h));
    if (cfg)
        h->cfg = *cfg;
    h->ctx.cfg = &h->cfg;
    h->ctx.routes = app_worker.routes;
    h->ctx.sessions = app_worker.sessions;
    h->ctx.metrics = metrics_create(router_count(app_worker.routes));
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->ctx.metrics);
    app_worker.register_counters(h->ctx.metrics);
    if (database_url)
        pg_init(&h->ctx.db, database_url, 5, 10000, name);
    ratelimit_init(&h->ctx.ratelimit);
    arena_init(&h->arena, 0);
    response_init(&h->res);
    if (app_worker.init(&h->ctx) != 0) {
        CU_FAIL("the domains did not start");
        return -1;
    }
    return 0;
}

void harness_release(struct harness *h)
{
    app_worker.release(&h->ctx);
    response_release(&h->res);
    arena_release(&h->arena);
    pg_release(&h->ctx.db);
    kv_release(&h->ctx.kv);
    metrics_free(h->ctx.metrics);
}

struct request *harness_request(struct harness *h, const char *method, const char *path,
                                const char *query, const char *const *params)
{
    struct request *req = &h->req;
    arena_reset(&h->arena);
    response_reset(&h->res);
    memset(req, 0, sizeof(*req));
    req->arena = &h->arena;
    req->ctx = &h->ctx;
    req->method = method;
    req->path = path;
    req->request_id = "harness";
    for (; params && params[req->nparams] && req->nparams < ROUTE_MAX_PARAMS; req->nparams++)
        req->params[req->nparams] = params[req->nparams];
    request_parse_query(req, query);
    return req;
}

int harness_call(struct harness *h, const struct route *route, const char *path, const char *query,
                 const char *const *params)
{
    struct request *req = harness_request(h, route->method, path, query, params);
    req->route = route;
    route->handler(req, &h->res);
    return h->res.status;
}

struct app_ctx harness_app(struct harness *h)
{
    return app_ctx_of(&h->req);
}
