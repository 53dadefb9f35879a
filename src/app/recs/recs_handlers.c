/*
 * GET /api/events/{id}/similar: validate, find the neighbours (Qdrant when
 * configured, falling back to the in-process store, counted in /metrics as
 * vectors_fallbacks), render them as EventSummary with their score.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/recs.h"
#include "app/app.h"
#include "app/events/events_by_ids.h"
#include "app/events/events_render.h"
#include "app/recs/vectors.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/pg.h"
#include "server/metrics.h"
#include "server/params.h"

const struct metrics_counter recs_counters[] = {
    [RECS_COUNT_FALLBACKS] = { "marquee_vectors_fallbacks_total",
                               "Similar-events answered in-process because Qdrant failed." },
    { NULL, NULL },
};

enum status recs_init(struct app_state *st, const struct config *cfg)
{
    st->recs = calloc(1, sizeof(*st->recs));
    if (!st->recs)
        return ST_NOMEM;
    vectors_qdrant_init(st->recs, cfg);
    return ST_OK;
}

void recs_release(struct app_state *st)
{
    if (!st->recs)
        return;
    vectors_qdrant_release(st->recs);
    vectors_mem_release(st->recs);
    free(st->recs);
    st->recs = NULL;
}

enum status recs_similar(const struct app_ctx *app, const char *id, bool same_genre, int limit,
                         struct vec_hit *out, int *n)
{
    const struct vectors_backend *b = app->cfg->qdrant_url ? &vectors_qdrant : &vectors_mem;
    enum status st = b->similar(app, id, same_genre, limit, out, n);
    if (st != ST_UPSTREAM || b == &vectors_mem)
        return st;
    log_warn("vectors_fallback", "from=%s to=%s request_id=%s", b->name, vectors_mem.name,
             app->request_id);
    metrics_count(app->metrics, &recs_counters[RECS_COUNT_FALLBACKS]);
    return vectors_mem.similar(app, id, same_genre, limit, out, n);
}

static void render(struct response *res, struct pg_result *r, const struct vec_hit *hits)
{
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++) {
        jsonw_obj_open(w);
        jsonw_key(w, "event");
        render_summary_open(w, r, i, EV_IDS_SUMMARY, EV_IDS_SESSION);
        jsonw_obj_close(w);
        jsonw_key(w, "score");
        jsonw_double(w, hits[pg_get_i64(r, i, EV_IDS_POS)].score);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static void similar_events(struct request *req, struct response *res)
{
    const char *id = req->params[0], *ids[SIMILAR_MAX];
    struct vec_hit hits[SIMILAR_MAX];
    struct pg_result *r;
    int64_t limit;
    bool same_genre;
    int n;
    struct app_ctx app = app_ctx_of(req);

    if (param_int(req, res, "limit", 4, 1, SIMILAR_MAX, &limit) ||
        param_bool(req, res, "sameGenre", true, &same_genre))
        return;
    /* event ids are sha256 hex: anything else cannot exist */
    enum status st = str_is_hex_lower(id, VEC_ID_LEN)
                         ? recs_similar(&app, id, same_genre, (int)limit, hits, &n)
                         : ST_NOT_FOUND;
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no event with id %.80s", id);
        return;
    }
    for (int i = 0; st == ST_OK && i < n; i++)
        ids[i] = hits[i].id;
    if (st == ST_OK)
        st = events_by_ids(app.read_db, app.arena, ids, (size_t)n, NULL, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    render(res, r, hits);
}

/* Cached like the event page it goes with: the same for everyone, and only
 * marquee-sync changes it (which makes every cached answer stale). */
const struct route recs_routes[] = {
    { "GET", "/api/events/{id}/similar", AUTH_PUBLIC, similar_events,
      CACHE_JSON("limit", "sameGenre") },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
