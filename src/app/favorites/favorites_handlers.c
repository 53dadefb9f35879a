/*
 * The endpoints of spec/API.md, "Favorites". The router's AUTH_OWNER guard
 * has already checked that {userId} is the signed-in user. Changes go
 * through favorites_change, which also makes cached pages stale.
 */
#include "config.h"
#include "core/common.h"
#include "app/favorites/favorites.h"
#include "app/favorites/favorites_store.h"
#include "app/events/events_render.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/params.h"
#include "server/worker.h"

static void list_favorites(struct request *req, struct response *res)
{
    int64_t limit, offset, total;
    struct pg_result *r;
    char created[TIME_ISO_LEN];

    if (param_page(req, res, 20, &limit, &offset))
        return;
    enum status st =
        favorites_list(&req->ctx->db, req->arena, req->user->id, limit, offset, &total, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++) {
        time_format_iso(pg_get_i64(r, i, FAV_CREATED), created);
        jsonw_obj_open(w);
        jsonw_kstr(w, "eventId", pg_get(r, i, FAV_EVENT));
        jsonw_kstr(w, "createdAt", created);
        jsonw_key(w, "event");
        render_summary_open(w, r, i, FAV_SUMMARY, FAV_SESSION);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    reply_page_close(w, total, limit, offset);
}

static void put_favorite(struct request *req, struct response *res)
{
    const char *event_id = req->params[1];
    enum status st = favorites_change(req, req->user->id, FAVORITES_ADD, event_id);
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no event with id %.80s", event_id);
        return;
    }
    if (st == ST_UNAUTH) {
        reply_error(res, st, NULL, "session has ended; sign in again");
        return;
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    reply_no_content(res);
}

static void get_favorite(struct request *req, struct response *res)
{
    bool yes = false;
    const char *event_id = req->params[1];
    enum status st = ST_OK;

    /* An id that cannot exist is simply not a favorite. */
    if (str_is_hex_lower(event_id, 64))
        st = favorites_has(&req->ctx->db, req->arena, req->user->id, event_id, &yes);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "favorite");
    jsonw_bool(w, yes);
    jsonw_obj_close(w);
}

/* One favorite ({eventId} given) or all of them; 204 either way, also
 * when there was nothing to remove. */
static void delete_favorites(struct request *req, struct response *res)
{
    const char *event_id = req->nparams > 1 ? req->params[1] : NULL;
    enum status st = favorites_change(req, req->user->id, FAVORITES_REMOVE, event_id);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    reply_no_content(res);
}

const struct route favorites_routes[] = {
    { "GET", "/api/users/{userId}/favorites", AUTH_OWNER, list_favorites, CACHE_NONE },
    { "DELETE", "/api/users/{userId}/favorites", AUTH_OWNER, delete_favorites, CACHE_NONE },
    { "GET", "/api/users/{userId}/favorites/{eventId}", AUTH_OWNER, get_favorite, CACHE_NONE },
    { "PUT", "/api/users/{userId}/favorites/{eventId}", AUTH_OWNER, put_favorite, CACHE_NONE },
    { "DELETE", "/api/users/{userId}/favorites/{eventId}", AUTH_OWNER, delete_favorites,
      CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
