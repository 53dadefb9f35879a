#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "app/events/events_totals.h"
#include "app/market/market.h"
#include "app/recs/recs.h"
#include "app/routes.h"
#include "app/search/search.h"
#include "app/users/users.h"
#include "web/page.h"
#include "core/log.h"
#include "server/metrics.h"
#include "server/request.h"
#include "server/worker.h"

/* Initialised in this order, released in the reverse. */
static const struct app_domain domains[] = {
    { "events", events_init, events_release, NULL },
    { "search", search_init, search_release, search_counters },
    { "recs", recs_init, recs_release, recs_counters },
    { "market", market_init, market_release, NULL },
};

#define NDOMAINS (sizeof(domains) / sizeof(domains[0]))

struct app_ctx app_ctx_of(const struct request *req)
{
    struct worker_ctx *w = req->ctx;
    return (struct app_ctx){ .db = &w->db,
                             .read_db = worker_read_db(w, req->arena),
                             .kv = &w->kv,
                             .arena = req->arena,
                             .cfg = w->cfg,
                             .metrics = w->metrics,
                             .state = w->app,
                             .request_id = req->request_id ? req->request_id : "-" };
}

void app_state_release(struct app_state *st)
{
    for (size_t i = NDOMAINS; i-- > 0;)
        domains[i].release(st);
}

enum status app_state_init(struct app_state *st, const struct config *cfg)
{
    memset(st, 0, sizeof(*st));
    for (size_t i = 0; i < NDOMAINS; i++) {
        enum status st_init = domains[i].init(st, cfg);
        if (st_init != ST_OK) {
            log_error("domain_init", "domain=%s status=%s", domains[i].name, status_code(st_init));
            app_state_release(st);
            return st_init;
        }
    }
    return ST_OK;
}

void app_register_counters(struct metrics *m)
{
    for (size_t i = 0; i < NDOMAINS; i++) {
        if (domains[i].counters)
            metrics_register(m, domains[i].counters);
    }
}

static int worker_init(struct worker_ctx *ctx)
{
    struct app_state *st = calloc(1, sizeof(*st));
    if (!st || app_state_init(st, ctx->cfg) != ST_OK) {
        free(st);
        return -1;
    }
    ctx->app = st;
    return 0;
}

static void worker_release(struct worker_ctx *ctx)
{
    if (!ctx->app)
        return;
    app_state_release(ctx->app);
    free(ctx->app);
    ctx->app = NULL;
}

const struct worker_app app_worker = { .routes = app_routes,
                                       .sessions = &users_session_store,
                                       .not_found_page = page_not_found,
                                       .register_counters = app_register_counters,
                                       .init = worker_init,
                                       .release = worker_release };
