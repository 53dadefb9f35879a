/*
 * GET /api/events/{id}/similar: validate, find the neighbours (Qdrant when
 * configured, falling back to the in-process store, counted in /metrics as
 * vectors_fallbacks), render them as EventSummary with their score.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/recs.h"
#include "app/events/events_by_ids.h"
#include "app/events/events_render.h"
#include "app/recs/vectors.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/pg.h"
#include "server/metrics.h"
#include "server/params.h"
#include "server/worker.h"

static enum status neighbours(struct request *req, const char *id, bool same_genre, int limit,
                              struct vec_hit *out, int *n)
{
    const struct vectors_backend *b = req->ctx->cfg->qdrant_url ? &vectors_qdrant : &vectors_mem;
    enum status st = b->similar(req, id, same_genre, limit, out, n);
    if (st != ST_UPSTREAM || b == &vectors_mem)
        return st;
    log_warn("vectors_fallback", "from=%s to=%s request_id=%s", b->name, vectors_mem.name,
             req->request_id);
    metrics_inc(req->ctx->metrics->vectors_fallbacks);
    return vectors_mem.similar(req, id, same_genre, limit, out, n);
}

static void render(struct response *res, struct pg_result *r, const struct vec_hit *hits)
{
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "items");
    jsonw_arr_open(w);
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

    if (param_int(req, res, "limit", 4, 1, SIMILAR_MAX, &limit) ||
        param_bool(req, res, "sameGenre", true, &same_genre))
        return;
    /* event ids are sha256 hex: anything else cannot exist */
    enum status st = str_is_hex_lower(id, VEC_ID_LEN)
                         ? neighbours(req, id, same_genre, (int)limit, hits, &n)
                         : ST_NOT_FOUND;
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no event with id %.80s", id);
        return;
    }
    for (int i = 0; st == ST_OK && i < n; i++)
        ids[i] = hits[i].id;
    if (st == ST_OK)
        st = events_by_ids(&req->ctx->db, req->arena, ids, (size_t)n, NULL, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    render(res, r, hits);
}

/* Cached like the event page it goes with: the same for everyone, and only
 * marquee-sync changes it (which makes every cached answer stale). */
const struct route recs_routes[] = {
    { "GET", "/api/events/{id}/similar", AUTH_PUBLIC, similar_events, true },
    { NULL, NULL, AUTH_PUBLIC, NULL, false },
};
