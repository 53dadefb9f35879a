/*
 * `/`: trending events, featured genres, a row of upcoming events per
 * genre, and the search box.
 */
#include "config.h"
#include "core/common.h"
#include "app/events/events_store.h"
#include "app/genres/genres_store.h"
#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/worker.h"
#include "web/html.h"
#include "web/page.h"
#include "web/web.h"
#include "web/web_events.h"
#include "web/templates.h"

#define HOME_TRENDING 8
#define HOME_ROW      6
#define HOME_MAX_ROWS 12

static const char *genre_href(struct arena *a, const char *genre)
{
    struct buf *b = buf_new_arena(a, 0);
    buf_puts(b, "/genres/");
    html_url(b, genre);
    return b->data;
}

/* The distinct genre names of the genres_store_list rows, in order. */
static int genre_names(const struct pg_result *g, const char **names, int max)
{
    int n = 0;
    for (int i = 0; i < pg_nrows(g) && n < max; i++) {
        const char *name = pg_get(g, i, GENRES_NAME);
        if (n == 0 || strcmp(names[n - 1], name) != 0)
            names[n++] = name;
    }
    return n;
}

static enum status genre_row(struct page *p, const char *genre, int index)
{
    struct pg_result *r;
    struct events_query q = { .from = time_now() / 60 * 60,
                              .to = INT64_MAX,
                              .from_now = true,
                              .genre = genre,
                              .sort = EVENTS_SORT_DATE,
                              .limit = HOME_ROW };
    enum status st = events_list(worker_read_db(p->req->ctx, p->req->arena), p->req->arena, &q, &r);
    if (st != ST_OK || pg_nrows(r) == 0)
        return st;
    struct arena *a = p->req->arena;
    tpl_home_genre_heading(p->o, arena_printf(a, "genre-%d", index), genre_href(a, genre), genre);
    tpl_cards_open(p->o, arena_printf(a, "Upcoming %s events", genre));
    for (int i = 0; i < pg_nrows(r); i++)
        web_card(p->o, a, r, i, EV_LIST_SUMMARY, EV_LIST_SESSION);
    tpl_cards_close(p->o);
    tpl_home_section_close(p->o);
    return ST_OK;
}

static void render(struct page *p, const struct pg_result *trending, const char **genres,
                   int ngenres)
{
    struct arena *a = p->req->arena;
    page_begin(p, &(struct page_meta){
                      .title = "Marquee: concerts, sports and theatre, tickets from fans",
                      .description = "Find concerts, sports, theatre and family events near "
                                     "you, and buy or sell tickets safely.",
                      .path = "/" });
    tpl_home_intro(p->o);
    if (pg_nrows(trending) > 0) {
        tpl_home_section_open(p->o, "trending-h", "Trending now");
        tpl_cards_open(p->o, "Trending events");
        for (int i = 0; i < pg_nrows(trending); i++)
            web_card(p->o, a, trending, i, EV_TREND_SUMMARY, EV_TREND_SESSION);
        tpl_cards_close(p->o);
        tpl_home_section_close(p->o);
    }
    tpl_home_genres_open(p->o);
    for (int i = 0; i < ngenres; i++)
        tpl_home_genre_chip(p->o, genre_href(a, genres[i]), genres[i]);
    tpl_home_genres_close(p->o);
}

static void home_page(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *trending, *g;
    const char *genres[HOME_MAX_ROWS];

    if (page_open(&p, req, res))
        return;
    enum status st =
        events_trending(worker_read_db(req->ctx, req->arena), req->arena, HOME_TRENDING, &trending);
    if (st == ST_OK)
        st = genres_store_list(worker_read_db(req->ctx, req->arena), req->arena, &g);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    int n = genre_names(g, genres, HOME_MAX_ROWS);
    render(&p, trending, genres, n);
    for (int i = 0; i < n && st == ST_OK; i++)
        st = genre_row(&p, genres[i], i);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    page_end(&p);
}

const struct route home_routes[] = {
    { "GET", "/", AUTH_PUBLIC, home_page, CACHE_PAGE(NULL) },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
