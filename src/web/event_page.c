/*
 * The event page: /events/{id}. The event, its sessions (venue-local
 * times, status, Ticketmaster link, the cheapest resale tickets with Buy
 * forms), the reader's favorite toggle, similar events, and schema.org
 * data (event_jsonld.h). Anonymous readers get it from the page cache; a
 * signed-in reader's copy (favorite state, Buy forms) is never cached.
 */
#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "app/events/events_by_ids.h"
#include "app/events/events_store.h"
#include "app/favorites/favorites_store.h"
#include "app/market/tickets_store.h"
#include "app/recs/recs.h"
#include "app/recs/vectors.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/event_jsonld.h"
#include "web/event_listings.h"
#include "web/html.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web.h"
#include "web/web_events.h"

#define EVENT_ID_LEN         64
#define EVENT_SIMILAR        4
#define LISTINGS_PER_SESSION 5
/* Listings on one page: an event with many sessions on offer shows fewer
 * per session, so that its HTML stays small (60 KB with Buy forms). */
#define LISTINGS_PER_PAGE 30
#define META_DESCRIPTION  155 /* what search engines show */

/* Session columns (events_store.h). */
enum { S_ID = 0, S_URL = 7, S_STATUS = 10 };

struct event_view {
    const char *id, *href;
    struct pg_result *ev;      /* events_get */
    struct pg_result *offers;  /* tickets_cheapest_per_session, or NULL */
    struct pg_result *similar; /* events_by_ids, or NULL */
    int64_t now;
    bool favorite;
};

static const char *col(const struct event_view *v, int row, int c)
{
    return pg_get(v->ev, row, c);
}

static bool on_sale(const struct event_view *v, int row)
{
    return event_session_on_sale(v->ev, row, EV_GET_SESSION, v->now);
}

static bool has_started(const struct event_view *v, int row)
{
    return event_session_started(v->ev, row, EV_GET_SESSION, v->now);
}

static int64_t available(const struct event_view *v, int row)
{
    return pg_is_null(v->ev, row, EV_GET_RESALE) ? 0 : pg_get_i64(v->ev, row, EV_GET_RESALE);
}

/* How many listings each session shows (0: no session has any). */
static int per_session(const struct event_view *v)
{
    int n = 0;
    for (int i = 0; i < pg_nrows(v->ev); i++)
        n += on_sale(v, i) && available(v, i) > 0;
    if (n == 0)
        return 0;
    int per = LISTINGS_PER_PAGE / n;
    return per < 1 ? 1 : per > LISTINGS_PER_SESSION ? LISTINGS_PER_SESSION : per;
}

/* "You might also like" is a bonus: when the vectors cannot answer, the
 * page goes without it rather than failing. */
static struct pg_result *similar(struct request *req, const char *id)
{
    struct app_ctx app = app_ctx_of(req);
    struct vec_hit hits[EVENT_SIMILAR];
    const char *ids[EVENT_SIMILAR];
    struct pg_result *r = NULL;
    int n = 0;
    enum status st = recs_similar(&app, id, true, EVENT_SIMILAR, hits, &n);
    for (int i = 0; st == ST_OK && i < n; i++)
        ids[i] = hits[i].id;
    if (st == ST_OK && n > 0)
        st = events_by_ids(app.db, app.arena, ids, (size_t)n, NULL, &r);
    if (st != ST_OK && st != ST_NOT_FOUND) {
        log_warn("event_page_similar", "event=%s status=%s", id, status_code(st));
        return NULL;
    }
    return st == ST_OK ? r : NULL;
}

static enum status load(struct page *p, struct event_view *v)
{
    struct pg *db = &p->req->ctx->db;
    struct arena *a = p->req->arena;
    enum status st = events_get(db, a, v->id, &v->ev);
    int per = st == ST_OK ? per_session(v) : 0;
    if (per > 0)
        st = tickets_cheapest_per_session(db, a, v->id, per, &v->offers);
    if (st == ST_OK && p->user)
        st = favorites_has(db, a, p->user->id, v->id, &v->favorite);
    if (st == ST_OK)
        v->similar = similar(p->req, v->id);
    return st;
}

/* The description cut for <meta name="description">, at a character
 * boundary, or a sentence made of the event's facts when it has none. */
static const char *meta_description(struct arena *a, const struct event_view *v)
{
    const char *d = col(v, 0, EV_GET_DESCRIPTION);
    if (!d || !*d)
        return arena_printf(a, "%s at %s: dates, times and tickets resold by fans on Marquee.",
                            col(v, 0, EV_GET_SUMMARY + 1), col(v, 0, EV_GET_SUMMARY + 4));
    size_t n = strlen(d);
    if (n <= META_DESCRIPTION)
        return d;
    n = META_DESCRIPTION;
    while (n > 0 && ((unsigned char)d[n] & 0xC0) == 0x80)
        n--;
    return arena_printf(a, "%.*s\xe2\x80\xa6", (int)n, d); /* U+2026 ellipsis */
}

static void render_fav(struct page *p, const struct event_view *v)
{
    if (!p->user) {
        tpl_event_fav_signin(p->o, v->href);
        return;
    }
    /* The favorites page's toggle (account.html): app.js flips either in place. */
    const char *name = col(v, 0, EV_GET_SUMMARY + 1);
    if (v->favorite)
        tpl_fav_toggle(p->o, page_csrf(p), v->id, "remove", v->href, "true",
                       "Saved \xe2\x80\x94 remove from favorites", name); /* U+2014 em dash */
    else
        tpl_fav_toggle(p->o, page_csrf(p), v->id, "add", v->href, "false", "Save to favorites",
                       name);
}

static void render_head(struct page *p, const struct event_view *v)
{
    const char *name = col(v, 0, EV_GET_SUMMARY + 1), *genre = col(v, 0, EV_GET_SUMMARY + 2);
    const char *venue = col(v, 0, EV_GET_SUMMARY + 4), *address = col(v, 0, EV_GET_SUMMARY + 5);
    const char *image = col(v, 0, EV_GET_SUMMARY + 6);
    tpl_event_open(p->o);
    if (image)
        tpl_event_image(p->o, image, name);
    if (genre) {
        struct buf *href = buf_new_arena(p->req->arena, 0);
        buf_puts(href, "/genres/");
        html_url(href, genre);
        tpl_event_info(p->o, name, href->data, genre, col(v, 0, EV_GET_SUMMARY + 3), venue,
                       address);
    } else {
        tpl_event_info_nogenre(p->o, name, venue, address);
    }
    render_fav(p, v);
    tpl_event_info_close(p->o);
    if (col(v, 0, EV_GET_DESCRIPTION))
        tpl_event_about(p->o, col(v, 0, EV_GET_DESCRIPTION));
}

/* The session of row's cheapest listings, "and N more", the way to buy. */
static void render_resale(struct page *p, const struct event_view *v, int row)
{
    const char *sid = col(v, row, EV_GET_SESSION + S_ID);
    int64_t shown = 0;
    if (available(v, row) == 0 || !v->offers) {
        tpl_event_resale_none(p->o);
        return;
    }
    tpl_event_resale_open(p->o);
    for (int i = 0; i < pg_nrows(v->offers); i++) {
        if (strcmp(pg_get(v->offers, i, TK_SESSION), sid) == 0) {
            event_listing(p, v->offers, i, col(v, 0, EV_GET_SUMMARY + 1));
            shown++;
        }
    }
    tpl_event_resale_close(p->o);
    if (available(v, row) > shown) {
        struct arena *a = p->req->arena;
        tpl_event_resale_more(p->o, arena_printf(a, "%lld", (long long)(available(v, row) - shown)),
                              event_tickets_href(a, v->id, sid),
                              arena_printf(a, "%lld", (long long)available(v, row)),
                              web_session_when(a, v->ev, row, EV_GET_SESSION));
    }
    if (!p->user)
        tpl_event_resale_signin(p->o, v->href);
}

static void render_status(struct page *p, const struct event_view *v, int row)
{
    const char *status = col(v, row, EV_GET_SESSION + S_STATUS);
    if (event_cancelled(status))
        tpl_event_session_status(p->o, "cancelled", "Cancelled");
    else if (status && strcmp(status, "postponed") == 0)
        tpl_event_session_status(p->o, "postponed", "Postponed");
    else if (status && strcmp(status, "rescheduled") == 0)
        tpl_event_session_status(p->o, "rescheduled", "Rescheduled");
    if (has_started(v, row))
        tpl_event_session_status(p->o, "past", "This date has passed");
}

static void render_session(struct page *p, const struct event_view *v, int row)
{
    struct arena *a = p->req->arena;
    const char *sid = col(v, row, EV_GET_SESSION + S_ID);
    const char *when = web_session_when(a, v->ev, row, EV_GET_SESSION);
    const char *iso = event_session_iso(a, v->ev, row, EV_GET_SESSION);
    const char *url = col(v, row, EV_GET_SESSION + S_URL);
    if (iso)
        tpl_event_session_open_time(p->o, sid, iso, when);
    else
        tpl_event_session_open(p->o, sid, when);
    render_status(p, v, row);
    if (url && !has_started(v, row) && !event_cancelled(col(v, row, EV_GET_SESSION + S_STATUS)))
        tpl_event_session_link(p->o, url, when);
    if (on_sale(v, row))
        render_resale(p, v, row);
    tpl_event_session_close(p->o);
}

static void render_sessions(struct page *p, const struct event_view *v)
{
    /* events_get gives one row with NULL session columns to an event
     * without sessions. */
    if (pg_is_null(v->ev, 0, EV_GET_SESSION)) {
        tpl_event_sessions_none(p->o);
        return;
    }
    tpl_event_sessions_open(p->o);
    for (int i = 0; i < pg_nrows(v->ev); i++)
        render_session(p, v, i);
    tpl_event_sessions_close(p->o);
}

static void render_similar(struct page *p, const struct event_view *v)
{
    if (!v->similar || pg_nrows(v->similar) == 0)
        return;
    tpl_event_similar_open(p->o);
    tpl_cards_open(p->o, "Similar events");
    for (int i = 0; i < pg_nrows(v->similar); i++)
        web_card(p->o, p->req->arena, v->similar, i, EV_IDS_SUMMARY, EV_IDS_SESSION);
    tpl_cards_close(p->o);
    tpl_event_similar_close(p->o);
}

static void render(struct page *p, const struct event_view *v)
{
    struct arena *a = p->req->arena;
    const char *name = col(v, 0, EV_GET_SUMMARY + 1), *venue = col(v, 0, EV_GET_SUMMARY + 4);
    const char *url = arena_printf(a, "%s%s", p->req->ctx->cfg->public_url, v->href);
    const char *description = meta_description(a, v);
    struct buf *ld = buf_new_arena(a, 0);
    event_jsonld(ld, a, v->ev, url, description, v->now);
    page_begin(p, &(struct page_meta){ .title = arena_printf(a, "%s at %s | Marquee", name, venue),
                                       .description = description,
                                       .path = v->href,
                                       .og_image = col(v, 0, EV_GET_SUMMARY + 6),
                                       .head_extra = ld->data });
    render_head(p, v);
    render_sessions(p, v);
    tpl_event_close(p->o);
    render_similar(p, v);
    page_end(p);
}

static void event_page(struct request *req, struct response *res)
{
    struct page p;
    struct event_view v = { .id = req->params[0], .now = time_now() };

    if (page_open(&p, req, res))
        return;
    /* Event ids are sha256 hex: anything else cannot exist. */
    enum status st = str_is_hex_lower(v.id, EVENT_ID_LEN) ? load(&p, &v) : ST_NOT_FOUND;
    if (st != ST_OK) {
        page_error(&p, st,
                   st == ST_NOT_FOUND ? "We could not find this event. It may have been removed, "
                                        "or the address may be mistyped."
                                      : NULL);
        return;
    }
    v.href = web_event_href(req->arena, v.id);
    render(&p, &v);
}

/* CACHE_PAGE: anonymous readers share one copy; the marketplace and the
 * sync bump the catalogue version when what it shows changes. */
const struct route event_routes[] = {
    { "GET", "/events/{id}", AUTH_PUBLIC, event_page, CACHE_PAGE(NULL) },
    { "GET", "/events/{id}/tickets", AUTH_PUBLIC, event_tickets_page,
      CACHE_PAGE("session", "page") },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
