/*
 * GET /api/search: validate, pick the backend, render. Elasticsearch, when
 * configured, answers first; if it cannot, the request is answered by
 * Postgres and the fallback is logged and counted (search_fallbacks in
 * /metrics).
 */
#include "config.h"
#include "core/common.h"
#include "app/search/search.h"
#include "app/app.h"
#include "app/events/events_render.h"
#include "app/events/events_store.h"
#include "app/search/search_backend.h"
#include "app/search/search_dict.h"
#include "core/log.h"
#include "core/str.h"
#include "server/metrics.h"
#include "server/params.h"
#include "server/worker.h"

#define SEARCH_MAX_Q     200 /* characters */
#define SEARCH_DEF_LIMIT 15

const struct metrics_counter search_counters[] = {
    [SEARCH_COUNT_FALLBACKS] = { "marquee_search_fallbacks_total",
                                 "Searches answered by Postgres because Elasticsearch failed." },
    { NULL, NULL },
};

enum status search_init(struct app_state *st, const struct config *cfg)
{
    struct search_state *s = calloc(1, sizeof(*s));
    if (!s || !(s->dict = search_dict_new())) {
        free(s);
        return ST_NOMEM;
    }
    st->search = s;
    return search_es_init(s, cfg);
}

void search_release(struct app_state *st)
{
    if (!st->search)
        return;
    search_es_release(st->search);
    search_dict_free(st->search->dict);
    free(st->search);
    st->search = NULL;
}

static int q_or_reply(struct request *req, struct response *res, struct search_request *sr)
{
    const char *q = request_query(req, "q");
    uint32_t cps[SEARCH_MAX_Q + 1];
    if (!q)
        return reply_error(res, ST_INVALID, "q", "q is required");
    size_t len = strlen(q);
    if (!str_is_utf8(q, len))
        return reply_error(res, ST_INVALID, "q", "q must be valid UTF-8");
    if (len == 0 || search_decode(q, len, cps, SEARCH_MAX_Q + 1) > SEARCH_MAX_Q)
        return reply_error(res, ST_INVALID, "q", "q must be 1 to %d characters long", SEARCH_MAX_Q);
    sr->nwords = search_split(req->arena, q, sr->words, SEARCH_MAX_WORDS);
    if (sr->nwords < 0)
        return reply_error(res, ST_INVALID, "q", "q must have at most %d words", SEARCH_MAX_WORDS);
    if (sr->nwords == 0)
        return reply_error(res, ST_INVALID, "q", "q must contain a letter or a digit");
    sr->joined = search_joined(req->arena, sr->words, sr->nwords);
    return 0;
}

/* from and to are both optional here: no range unless one is given. */
static int range_or_reply(struct request *req, struct response *res, struct search_request *sr)
{
    bool has_from, has_to;
    if (param_time(req, res, "from", INT64_MIN, &sr->from, &has_from) ||
        param_time(req, res, "to", INT64_MAX, &sr->to, &has_to))
        return -1;
    sr->has_range = has_from || has_to;
    return param_range(res, sr->from, sr->to);
}

static int cursor_or_reply(struct request *req, struct response *res, struct search_request *sr)
{
    const char *c = request_query(req, "cursor");
    sr->fingerprint = search_fingerprint(sr->joined, sr->genre, sr->from, sr->to);
    if (!c)
        return 0;
    if (search_cursor_decode(c, &sr->after) != ST_OK)
        return reply_error(res, ST_INVALID, "cursor", "cursor is not one this API returned");
    if (sr->after.query != sr->fingerprint)
        return reply_error(res, ST_INVALID, "cursor",
                           "cursor belongs to another query (q, genre, from or to changed)");
    if (sr->after.backend == search_es.cursor_tag && !req->ctx->cfg->elasticsearch_url)
        return reply_error(res, ST_INVALID, "cursor",
                           "cursor was made by elasticsearch, which is no longer configured");
    return 0;
}

int search_request_parse(struct request *req, struct response *res, struct search_request *sr)
{
    memset(sr, 0, sizeof(*sr));
    if (q_or_reply(req, res, sr) || param_str(req, res, "genre", 100, &sr->genre) ||
        range_or_reply(req, res, sr) ||
        param_int(req, res, "limit", SEARCH_DEF_LIMIT, 1, 100, &sr->limit) ||
        cursor_or_reply(req, res, sr))
        return -1;
    return 0;
}

static void render(struct response *res, const struct search_result *r)
{
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < r->n; i++) {
        render_summary_open(w, r->rows, i, 0, EV_SUMMARY_COLS);
        jsonw_key(w, "score");
        jsonw_double(w, r->scores[i]);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "nextCursor", r->next_cursor);
    jsonw_obj_close(w);
}

/* The backend for this request: a cursor continues where it was made. */
static const struct search_backend *pick(const struct app_ctx *app, const struct search_request *sr)
{
    if (sr->after.set)
        return sr->after.backend == search_es.cursor_tag ? &search_es : &search_pg;
    return app->cfg->elasticsearch_url ? &search_es : &search_pg;
}

enum status search_run(const struct app_ctx *app, const struct search_request *sr,
                       struct search_result *out)
{
    const struct search_backend *b = pick(app, sr);
    enum status st = b->find(app, sr, out);
    /* An Elasticsearch cursor cannot be continued by Postgres: 503. */
    if (st != ST_UPSTREAM || b == &search_pg || sr->after.set)
        return st;
    /* Elasticsearch is down: this request is answered by Postgres. */
    log_warn("search_fallback", "from=%s to=%s request_id=%s", b->name, search_pg.name,
             app->request_id);
    metrics_count(app->metrics, &search_counters[SEARCH_COUNT_FALLBACKS]);
    return search_pg.find(app, sr, out);
}

static void search_events(struct request *req, struct response *res)
{
    struct search_request sr;
    struct search_result r;

    if (search_request_parse(req, res, &sr))
        return;
    struct app_ctx app = app_ctx_of(req);
    enum status st = search_run(&app, &sr, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    render(res, &r);
}

const struct route search_routes[] = {
    { "GET", "/api/search", AUTH_PUBLIC, search_events, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
