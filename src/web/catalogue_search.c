/*
 * /search?q=: the /api/search results as cards, SEARCH_PAGE_LIMIT at a
 * time. "Load more" is a plain link to the same page with the next
 * cursor (static/app.js appends that page's cards in place when it can).
 * No q: the search form alone. Searches through the same backends as the
 * API (search_run), so a cursor from one works on the other.
 */
#include "config.h"
#include "core/common.h"
#include "web/catalogue.h"
#include "app/app.h"
#include "app/events/events_store.h"
#include "app/genres/genres_store.h"
#include "app/search/search_backend.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/str.h"
#include "infra/pg.h"
#include "server/worker.h"
#include "web/html.h"
#include "web/page.h"
#include "web/web_events.h"
#include "web/templates.h"

#define SEARCH_PAGE_LIMIT 20
#define SEARCH_PAGE_MAX_Q 200 /* characters, as /api/search */

static const char *search_href(struct arena *a, const char *q, const char *cursor)
{
    struct buf *b = buf_new_arena(a, 0);
    buf_puts(b, "/search?q=");
    html_url(b, q);
    if (cursor) {
        buf_puts(b, "&cursor=");
        html_url(b, cursor);
    }
    return b->data;
}

/* The form alone: the prompt (no q, 200) or a q we cannot search for
 * (400, with why). */
static void form_page(struct page *p, enum status st, const char *q, const char *message)
{
    p->res->error = st;
    page_begin_status(p, status_http(st),
                      &(struct page_meta){ .title = "Search events · Marquee",
                                           .description = "Search Marquee's concerts, sports, "
                                                          "theatre and family events by name "
                                                          "or venue.",
                                           .path = "/search",
                                           .q = q });
    tpl_search_form(p->o, st == ST_OK ? "Search events" : "Check your search", q, message);
    page_end(p);
}

/* Cuts q into sr's words, as /api/search does; NULL, or why it cannot be
 * searched for. */
static const char *parse_q(struct arena *a, const char *q, struct search_request *sr)
{
    uint32_t cps[SEARCH_PAGE_MAX_Q + 1];
    size_t len = strlen(q);
    if (!str_is_utf8(q, len))
        return "Your search holds characters we cannot read. Please type it again.";
    if (search_decode(q, len, cps, SEARCH_PAGE_MAX_Q + 1) > SEARCH_PAGE_MAX_Q)
        return "Searches can be at most 200 characters long. Try a shorter one.";
    sr->nwords = search_split(a, q, sr->words, SEARCH_MAX_WORDS);
    if (sr->nwords < 0)
        return "Searches can have at most 10 words. Try fewer.";
    if (sr->nwords == 0)
        return "Type at least one letter or digit to search.";
    sr->joined = search_joined(a, sr->words, sr->nwords);
    return NULL;
}

/* The cursor of a "load more" link: NULL, or why it cannot continue this
 * search. No range and no genre, so the fingerprint is the API's for the
 * same q. */
static const char *parse_cursor(const struct request *req, struct search_request *sr)
{
    const char *c = request_query(req, "cursor");
    sr->from = INT64_MIN;
    sr->to = INT64_MAX;
    sr->fingerprint = search_fingerprint(sr->joined, NULL, sr->from, sr->to);
    if (!c || !*c)
        return NULL;
    if (search_cursor_decode(c, &sr->after) != ST_OK || sr->after.query != sr->fingerprint)
        return "This “load more” link does not belong to this search. Start again from the "
               "first results.";
    if (sr->after.backend == search_es.cursor_tag && !req->ctx->cfg->elasticsearch_url)
        return "This “load more” link has expired. Start again from the first results.";
    return NULL;
}

/* No results on the first page: what to try instead, with the genres. */
static void no_results(struct page *p, const char *q)
{
    struct arena *a = p->req->arena;
    struct pg_result *g;
    tpl_search_none_open(p->o, q);
    /* The suggestions are a help, not the answer: without them the page
     * still says what happened. */
    if (genres_store_list(worker_read_db(p->req->ctx, a), a, &g) == ST_OK)
        for (int i = 0; i < pg_nrows(g); i++) {
            const char *name = pg_get(g, i, GENRES_NAME);
            if (i > 0 && strcmp(name, pg_get(g, i - 1, GENRES_NAME)) == 0)
                continue;
            struct buf *href = buf_new_arena(a, 0);
            buf_puts(href, "/genres/");
            html_url(href, name);
            tpl_search_genre_chip(p->o, href->data, name);
        }
    tpl_search_none_close(p->o);
}

static void render(struct page *p, const char *q, bool more, const struct search_result *r)
{
    struct arena *a = p->req->arena;
    const char *first = search_href(a, q, NULL);
    bool none = r->n == 0 && !more;
    page_begin(
        p, &(struct page_meta){ .title = arena_printf(a, "%s for “%s” · Marquee",
                                                      none ? "No results" : "Search results", q),
                                .path = first,
                                .q = q,
                                .noindex = true });
    if (none) {
        no_results(p, q);
        page_end(p);
        return;
    }
    if (more)
        tpl_search_more_head(p->o, q, first);
    else
        tpl_search_head(p->o, q);
    tpl_search_results_open(p->o);
    for (int i = 0; i < r->n; i++)
        web_card(p->o, a, r->rows, i, 0, EV_SUMMARY_COLS);
    tpl_search_results_close(p->o);
    if (r->next_cursor)
        tpl_search_more(p->o, search_href(a, q, r->next_cursor));
    else if (more)
        tpl_search_end(p->o, first);
    page_end(p);
}

void catalogue_search_page(struct request *req, struct response *res)
{
    struct page p;
    struct search_request sr = { .limit = SEARCH_PAGE_LIMIT };
    struct search_result r;

    if (page_open(&p, req, res))
        return;
    const char *q = request_query(req, "q");
    if (!q || !*q) {
        form_page(&p, ST_OK, "", "Type an artist, team, show or venue. Typos are fine.");
        return;
    }
    const char *bad = parse_q(req->arena, q, &sr);
    if (bad) {
        form_page(&p, ST_INVALID, q, bad);
        return;
    }
    bad = parse_cursor(req, &sr);
    if (bad) {
        page_error(&p, ST_INVALID, bad);
        return;
    }
    struct app_ctx app = app_ctx_of(req);
    enum status st = search_run(&app, &sr, &r);
    if (st != ST_OK) {
        page_error(&p, st,
                   st == ST_UPSTREAM || st == ST_UNAVAILABLE
                       ? "Search is not available just now. Please try again in a moment."
                       : NULL);
        return;
    }
    render(&p, q, sr.after.set, &r);
}
