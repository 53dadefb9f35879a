/*
 * The catalogue endpoints of spec/API.md, "Events": parse and validate,
 * call the store, render.
 */
#include "config.h"
#include "core/common.h"
#include "app/events/events.h"
#include "app/app.h"
#include "app/events/events_render.h"
#include "app/events/events_store.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/params.h"
#include "server/worker.h"

#define EVENT_ID_LEN 64

/* Event ids are sha256 hex; anything else cannot exist. */
static int event_id_or_reply(struct request *req, struct response *res, const char **id)
{
    *id = req->params[0];
    if (!str_is_hex_lower(*id, EVENT_ID_LEN))
        return reply_error(res, ST_NOT_FOUND, NULL, "no event with id %.80s", *id);
    return 0;
}

/* from (default: now, to the minute, so that equal requests within a minute
 * are equal queries) and to (default unbounded), with from <= to. */
static int range_or_reply(struct request *req, struct response *res, int64_t *from, int64_t *to,
                          bool *from_given)
{
    bool given;
    if (param_time(req, res, "from", time_now() / 60 * 60, from, from_given) ||
        param_time(req, res, "to", INT64_MAX, to, &given))
        return -1;
    return param_range(res, *from, *to);
}

static void refresh_total(struct request *req, void *arg)
{
    struct app_ctx app = app_ctx_of(req);
    enum status st = events_count_refresh(app.read_db, app.arena, app.state->totals, arg);
    if (st != ST_OK)
        log_warn("total_refresh_failed", "status=%s", status_code(st));
}

static void list_events(struct request *req, struct response *res)
{
    static const char *const sorts[] = { "date", "name", "popularity", NULL };
    struct events_query q;
    const char *sort;
    struct pg_result *r;

    bool from_given;
    if (range_or_reply(req, res, &q.from, &q.to, &from_given) ||
        param_str(req, res, "genre", 100, &q.genre) ||
        param_str(req, res, "subGenre", 100, &q.sub_genre) ||
        param_enum(req, res, "sort", sorts, "date", &sort) ||
        param_page(req, res, 20, &q.limit, &q.offset))
        return;
    q.from_now = !from_given;
    q.sort = strcmp(sort, "name") == 0         ? EVENTS_SORT_NAME
             : strcmp(sort, "popularity") == 0 ? EVENTS_SORT_POPULARITY
                                               : EVENTS_SORT_DATE;
    int64_t total;
    bool stale = false;
    enum status st = events_list(worker_read_db(req->ctx, req->arena), req->arena, &q, &r);
    if (st == ST_OK)
        st = events_count(worker_read_db(req->ctx, req->arena), req->arena,
                          app_ctx_of(req).state->totals, &q, &total, &stale);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (stale) {
        struct events_query *later = arena_alloc(req->arena, sizeof(*later));
        *later = q;
        request_after(req, refresh_total, later);
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++) {
        render_summary_open(w, r, i, EV_LIST_SUMMARY, EV_LIST_SESSION);
        jsonw_obj_close(w);
    }
    reply_page_close(w, total, q.limit, q.offset);
}

static void trending_events(struct request *req, struct response *res)
{
    int64_t limit;
    struct pg_result *r;

    if (param_int(req, res, "limit", 5, 1, 50, &limit))
        return;
    enum status st = events_trending(worker_read_db(req->ctx, req->arena), req->arena, limit, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++) {
        render_summary_open(w, r, i, EV_TREND_SUMMARY, EV_TREND_SESSION);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static void get_event(struct request *req, struct response *res)
{
    const char *id;
    struct pg_result *r;

    if (event_id_or_reply(req, res, &id))
        return;
    enum status st = events_get(worker_read_db(req->ctx, req->arena), req->arena, id, &r);
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no event with id %s", id);
        return;
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_json(res, 200);
    render_summary_open(w, r, 0, EV_GET_SUMMARY, EV_GET_NEXT);
    jsonw_kstr(w, "description", pg_get(r, 0, EV_GET_DESCRIPTION));
    jsonw_key(w, "sessions");
    jsonw_arr_open(w);
    for (int i = 0; i < pg_nrows(r); i++) {
        if (pg_is_null(r, i, EV_GET_SESSION))
            continue;
        render_session_open(w, r, i, EV_GET_SESSION);
        render_resale(w, r, i, EV_GET_RESALE);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static void list_sessions(struct request *req, struct response *res)
{
    const char *id;
    int64_t from, to, limit, offset, total;
    bool from_given;
    struct pg_result *r;

    if (event_id_or_reply(req, res, &id) || range_or_reply(req, res, &from, &to, &from_given) ||
        param_page(req, res, 20, &limit, &offset))
        return;
    enum status st = events_sessions(worker_read_db(req->ctx, req->arena), req->arena, id, from, to,
                                     limit, offset, &total, &r);
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no event with id %s", id);
        return;
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++)
        render_session(w, r, i, 0);
    reply_page_close(w, total, limit, offset);
}

/* Cached: public, the same for everyone, invalidated by sync and favorites. */
const struct route events_routes[] = {
    { "GET", "/api/events", AUTH_PUBLIC, list_events,
      CACHE_JSON("from", "to", "genre", "subGenre", "sort", "limit", "offset") },
    { "GET", "/api/events/trending", AUTH_PUBLIC, trending_events, CACHE_JSON("limit") },
    { "GET", "/api/events/{id}", AUTH_PUBLIC, get_event, CACHE_JSON(NULL) },
    { "GET", "/api/events/{id}/sessions", AUTH_PUBLIC, list_sessions,
      CACHE_JSON("from", "to", "limit", "offset") },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
