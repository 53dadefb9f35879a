/*
 * GET /api/health: Postgres is required (503 when down); Redis, search
 * (Elasticsearch), vectors (Qdrant) and the read replica (when
 * DATABASE_READ_URL is set; "lagging" or "unavailable": catalogue reads go
 * to the primary) only degrade. GET /metrics: Prometheus text, loopback only.
 */
#include "config.h"
#include "core/common.h"
#include "app/ops/ops.h"
#include "app/app.h"
#include "app/ops/ops_store.h"
#include "app/recs/recs.h"
#include "app/search/search.h"
#include "infra/kv.h"
#include "infra/pg.h"
#include "server/metrics.h"
#include "server/worker.h"

static void health(struct request *req, struct response *res)
{
    struct app_ctx app = app_ctx_of(req);
    bool pg_ok = ops_store_ping(app.db, app.arena) == ST_OK;
    bool redis_ok = kv_ping(app.kv) == ST_OK;
    const char *search = search_health(&app), *vectors = vectors_health(&app);
    struct pg_replica *rep = &req->ctx->replica;
    if (rep->state != PG_REPLICA_NONE)
        pg_replica_check(rep, app.arena); /* live, like the other checks */
    bool all_ok = redis_ok && !strcmp(search, "ok") && !strcmp(vectors, "ok") &&
                  (rep->state == PG_REPLICA_NONE || rep->state == PG_REPLICA_OK);

    struct jsonw *w = reply_json(res, pg_ok ? 200 : 503);
    jsonw_obj_open(w);
    jsonw_kstr(w, "status", pg_ok ? (all_ok ? "ok" : "degraded") : "unavailable");
    jsonw_key(w, "checks");
    jsonw_obj_open(w);
    jsonw_kstr(w, "postgres", pg_ok ? "ok" : "unavailable");
    jsonw_kstr(w, "redis", redis_ok ? "ok" : "degraded");
    jsonw_kstr(w, "search", search);
    jsonw_kstr(w, "vectors", vectors);
    if (rep->state != PG_REPLICA_NONE) /* DATABASE_READ_URL: where catalogue reads go */
        jsonw_kstr(w, "replica", pg_replica_state_name(rep->state));
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

static void metrics(struct request *req, struct response *res)
{
    reply_json(res, 200);
    res->content_type = "text/plain; version=0.0.4";
    metrics_render(req->ctx->metrics, req->ctx->routes, &res->body);
}

const struct route ops_routes[] = {
    { "GET", "/api/health", AUTH_PUBLIC, health, CACHE_NONE },
    { "GET", "/metrics", AUTH_LOOPBACK, metrics, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
