/*
 * /genres/{name}: one genre's events, filtered by sub-genre and dates,
 * sorted, GENRE_PER_PAGE a page with numbered pagination. The filters are
 * a GET form, so every view has its own URL: it can be linked, bookmarked
 * and served from the page cache. /search lives in catalogue_search.c.
 */
#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "app/events/events_store.h"
#include "app/genres/genres_store.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/worker.h"
#include "web/catalogue.h"
#include "web/html.h"
#include "web/page.h"
#include "web/web.h"
#include "web/web_events.h"
#include "web/templates.h"

#define GENRE_PER_PAGE 20
/* The API's deepest offset (10000) in pages: deeper ones cost long scans. */
#define GENRE_MAX_PAGE (10000 / GENRE_PER_PAGE + 1)
#define PAGER_AROUND   2 /* numbered links either side of the current page */
#define DAY_SECONDS    86400

static const char *const sorts[] = { "date", "name", "popularity" };

/* One view of a genre: what the URL asked for, checked. */
struct genre_view {
    const char *genre; /* as the genre tree spells it */
    const char **subs; /* its sub-genres, in order */
    int nsubs;
    const char *sub;       /* the chosen sub-genre (tree spelling) or NULL */
    const char *from, *to; /* "YYYY-MM-DD" as given, or NULL */
    const char *sort;      /* one of sorts[] */
    int64_t page;          /* 1-based */
    struct events_query q;
};

/* Finds the genre called name (any case, like the API) and its
 * sub-genres among the genres_store_list rows; false if there is none. */
static bool find_genre(struct arena *a, const struct pg_result *g, const char *name,
                       struct genre_view *v)
{
    *v = (struct genre_view){ .sort = sorts[0], .page = 1 };
    v->subs = arena_alloc(a, sizeof(*v->subs) * (size_t)(pg_nrows(g) + 1));
    for (int i = 0; i < pg_nrows(g); i++) {
        if (!str_eq_nocase(pg_get(g, i, GENRES_NAME), name))
            continue;
        v->genre = pg_get(g, i, GENRES_NAME);
        if (!pg_is_null(g, i, GENRES_SUB_NAME))
            v->subs[v->nsubs++] = pg_get(g, i, GENRES_SUB_NAME);
    }
    return v->genre != NULL;
}

/* A query parameter, NULL when absent or empty: an untouched control of
 * the GET form sends "name=". */
static const char *param(const struct request *req, const char *name)
{
    const char *v = request_query(req, name);
    return v && *v ? v : NULL;
}

/* A "YYYY-MM-DD" day (what <input type=date> sends) as the UTC second it
 * starts. */
static bool parse_day(const char *s, int64_t *out)
{
    return strlen(s) == 10 && time_parse_iso(s, out) == ST_OK;
}

static const char *parse_sub(struct arena *a, const char *sub, struct genre_view *v)
{
    for (int i = 0; i < v->nsubs; i++)
        if (str_eq_nocase(v->subs[i], sub)) {
            v->sub = v->subs[i];
            return NULL;
        }
    return arena_printf(a, "Sub-genre (subGenre): “%.100s” is not a sub-genre of %s.", sub,
                        v->genre);
}

/* The dates as the query's [from, to): `to` includes its whole day; no
 * from is "now", like the API. */
static const char *parse_dates(const struct request *req, struct genre_view *v)
{
    int64_t from = time_now() / 60 * 60, to = 0;
    v->from = param(req, "from");
    v->to = param(req, "to");
    if (v->from && !parse_day(v->from, &from))
        return "From (from) must be a date like 2026-11-22.";
    if (v->to && !parse_day(v->to, &to))
        return "To (to) must be a date like 2026-11-22.";
    v->q.from = from;
    v->q.from_now = !v->from;
    v->q.to = v->to ? to + DAY_SECONDS : INT64_MAX;
    if (v->from && v->to && from > to)
        return "From (from) must be on or before To (to).";
    if (v->q.to <= v->q.from)
        return "To (to) is in the past: pick today or a later date.";
    return NULL;
}

static const char *parse_sort(const struct request *req, struct genre_view *v)
{
    const char *s = param(req, "sort");
    if (!s)
        return NULL;
    for (size_t i = 0; i < MQ_ARRAY_LEN(sorts); i++)
        if (strcmp(s, sorts[i]) == 0) {
            v->sort = sorts[i];
            v->q.sort = (enum events_sort)i; /* sorts[] is in enum events_sort order */
            return NULL;
        }
    return "Sort by (sort) must be date, name or popularity.";
}

static const char *parse_page(const struct request *req, struct arena *a, struct genre_view *v)
{
    const char *s = param(req, "page");
    if (s && (str_to_i64(s, &v->page) != ST_OK || v->page < 1 || v->page > GENRE_MAX_PAGE))
        return arena_printf(a, "Page (page) must be a whole number from 1 to %d.", GENRE_MAX_PAGE);
    v->q.limit = GENRE_PER_PAGE;
    v->q.offset = (v->page - 1) * GENRE_PER_PAGE;
    return NULL;
}

/* Reads the view's filters from the query; NULL, or the 400 page's
 * message naming the field at fault. */
static const char *parse_view(struct request *req, struct genre_view *v)
{
    const char *sub = param(req, "subGenre"), *bad = NULL;
    v->q.genre = v->genre;
    if (sub)
        bad = parse_sub(req->arena, sub, v);
    v->q.sub_genre = v->sub;
    if (!bad)
        bad = parse_dates(req, v);
    if (!bad)
        bad = parse_sort(req, v);
    if (!bad)
        bad = parse_page(req, req->arena, v);
    return bad;
}

static void query_add(struct buf *b, char *sep, const char *name, const char *value)
{
    if (!value)
        return;
    buf_putc(b, *sep);
    buf_puts(b, name);
    buf_putc(b, '=');
    html_url(b, value);
    *sep = '&';
}

/* This view at page n, defaults left out, so each view has one address
 * (and one cache entry). */
static const char *view_href(struct arena *a, const struct genre_view *v, int64_t n)
{
    struct buf *b = buf_new_arena(a, 0);
    char sep = '?';
    buf_puts(b, "/genres/");
    html_url(b, v->genre);
    query_add(b, &sep, "subGenre", v->sub);
    query_add(b, &sep, "from", v->from);
    query_add(b, &sep, "to", v->to);
    query_add(b, &sep, "sort", v->sort && v->sort != sorts[0] ? v->sort : NULL);
    query_add(b, &sep, "page", n > 1 ? arena_printf(a, "%lld", (long long)n) : NULL);
    return b->data;
}

/* "245 upcoming events in Rock until 2026-12-31",
 * "3 events from 2026-12-01 to 2026-12-02" */
static const char *summary(struct arena *a, const struct genre_view *v, int64_t total)
{
    struct buf *b = buf_new_arena(a, 0);
    buf_printf(b, "%lld %s%s", (long long)total, v->from ? "" : "upcoming ",
               total == 1 ? "event" : "events");
    if (v->sub)
        buf_printf(b, " in %s", v->sub);
    if (v->from)
        buf_printf(b, " from %s", v->from);
    if (v->to)
        buf_printf(b, v->from ? " to %s" : " until %s", v->to);
    return b->data;
}

static void option(struct buf *o, const char *value, const char *label, bool selected)
{
    if (selected)
        tpl_genre_option_selected(o, value, label);
    else
        tpl_genre_option(o, value, label);
}

static void filters(struct buf *o, struct arena *a, const struct genre_view *v)
{
    static const char *const labels[] = { "Date", "Name", "Popularity" };
    const char *unfiltered = view_href(a, &(struct genre_view){ .genre = v->genre }, 1);
    tpl_genre_filters_open(o, unfiltered);
    for (int i = 0; i < v->nsubs; i++)
        option(o, v->subs[i], v->subs[i], v->subs[i] == v->sub);
    tpl_genre_filters_dates(o, v->from, v->to);
    for (size_t i = 0; i < MQ_ARRAY_LEN(sorts); i++)
        option(o, sorts[i], labels[i], sorts[i] == v->sort);
    tpl_genre_filters_close(o, unfiltered);
}

/* Previous, the first and last pages, PAGER_AROUND pages either side of
 * this one with gaps between, Next, and "Page X of Y". */
static void pager(struct buf *o, struct arena *a, const struct genre_view *v, int64_t last)
{
    int64_t shown = 0;
    tpl_pager_open(o);
    if (v->page > 1)
        tpl_pager_prev(o, view_href(a, v, v->page - 1 < last ? v->page - 1 : last));
    for (int64_t n = 1; n <= last; n++) {
        if (n != 1 && n != last && (n < v->page - PAGER_AROUND || n > v->page + PAGER_AROUND))
            continue;
        if (n > shown + 1)
            tpl_pager_gap(o);
        const char *href = view_href(a, v, n), *num = arena_printf(a, "%lld", (long long)n);
        if (n == v->page)
            tpl_pager_current(o, href, num);
        else
            tpl_pager_page(o, href, num);
        shown = n;
    }
    if (v->page < last)
        tpl_pager_next(o, view_href(a, v, v->page + 1));
    tpl_pager_close(o, arena_printf(a, "Page %lld of %lld", (long long)v->page, (long long)last));
}

/* What the page says instead of cards: nothing to show, or a page past
 * the last one. */
static void no_cards(struct buf *o, struct arena *a, const struct genre_view *v, int64_t total,
                     int64_t last)
{
    if (total > 0)
        tpl_genre_past_last(o,
                            arena_printf(a, "There is no page %lld: this list has %lld page%s.",
                                         (long long)v->page, (long long)last, last == 1 ? "" : "s"),
                            view_href(a, v, 1));
    else if (v->sub || v->from || v->to)
        tpl_genre_none(o, arena_printf(a, "No %s events match these filters.", v->genre),
                       view_href(a, &(struct genre_view){ .genre = v->genre }, 1));
    else
        tpl_empty(o, arena_printf(a, "There are no upcoming %s events just now.", v->genre));
}

static void render(struct page *p, const struct genre_view *v, const struct pg_result *r,
                   int64_t total)
{
    struct arena *a = p->req->arena;
    int64_t last = total > 0 ? (total + GENRE_PER_PAGE - 1) / GENRE_PER_PAGE : 1;
    const char *heading = arena_printf(a, "%s events", v->genre);
    const char *title =
        v->page > 1 ? arena_printf(a, "%s, page %lld · Marquee", heading, (long long)v->page)
                    : arena_printf(a, "%s · Marquee", heading);
    const char *description = arena_printf(
        a, "%s on Marquee: dates, venues and tickets resold by fans at the price they set.",
        heading);
    page_begin(p, &(struct page_meta){ .title = title,
                                       .description = description,
                                       .path = view_href(a, v, v->page) });
    tpl_genre_head(p->o, heading, summary(a, v, total));
    filters(p->o, a, v);
    if (pg_nrows(r) == 0) {
        no_cards(p->o, a, v, total, last);
    } else {
        tpl_cards_open(p->o, heading);
        for (int i = 0; i < pg_nrows(r); i++)
            web_card(p->o, a, r, i, EV_LIST_SUMMARY, EV_LIST_SESSION);
        tpl_cards_close(p->o);
    }
    if (total > 0)
        pager(p->o, a, v, last);
    page_end(p);
}

/* As the API does: a total older than its fresh time is recomputed once
 * the page has gone, so no reader waits for it. */
static void refresh_total(struct request *req, void *arg)
{
    struct app_ctx app = app_ctx_of(req);
    enum status st = events_count_refresh(app.read_db, app.arena, app.state->totals, arg);
    if (st != ST_OK)
        log_warn("total_refresh_failed", "status=%s", status_code(st));
}

static void genre_page(struct request *req, struct response *res)
{
    struct page p;
    struct genre_view v;
    struct pg_result *g, *r;
    int64_t total = 0;
    bool stale = false;

    if (page_open(&p, req, res))
        return;
    enum status st = genres_store_list(worker_read_db(req->ctx, req->arena), req->arena, &g);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    if (!find_genre(req->arena, g, req->params[0], &v)) {
        page_error(&p, ST_NOT_FOUND,
                   arena_printf(req->arena,
                                "There is no genre called “%.100s”. The home page lists them all.",
                                req->params[0]));
        return;
    }
    const char *bad = parse_view(req, &v);
    if (bad) {
        page_error(&p, ST_INVALID, bad);
        return;
    }
    st = events_list(worker_read_db(req->ctx, req->arena), req->arena, &v.q, &r);
    if (st == ST_OK)
        st = events_count(worker_read_db(req->ctx, req->arena), req->arena,
                          app_ctx_of(req).state->totals, &v.q, &total, &stale);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    if (stale) {
        struct events_query *later = arena_alloc(req->arena, sizeof(*later));
        *later = v.q;
        request_after(req, refresh_total, later);
    }
    render(&p, &v, r, total);
}

/* The genre pages are the same for every anonymous reader: cached. Search
 * is not (nor is /api/search): queries rarely repeat. */
const struct route catalogue_routes[] = {
    { "GET", "/genres/{name}", AUTH_PUBLIC, genre_page,
      CACHE_PAGE("from", "to", "sort", "page", "subGenre") },
    { "GET", "/search", AUTH_PUBLIC, catalogue_search_page, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
