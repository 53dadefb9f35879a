/*
 * /favorites: the reader's favorite events as cards with their next
 * session and a remove button, and the form that adds or removes one (the
 * event page's toggle posts there too). Changes go through
 * favorites_change, as the API's do.
 */
#include "config.h"
#include "core/common.h"
#include "app/favorites/favorites.h"
#include "app/favorites/favorites_store.h"
#include "core/arena.h"
#include "core/str.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/account.h"
#include "web/html.h"
#include "web/page.h"
#include "web/web_events.h"
#include "web/templates.h"

#define FAV_PAGE_SIZE 20

static void write_cards(struct page *p, const struct pg_result *r)
{
    struct arena *a = p->req->arena;
    const char *csrf = page_csrf(p), *here = page_here(p);

    tpl_cards_open(p->o, "Your favorite events");
    for (int i = 0; i < pg_nrows(r); i++) {
        struct buf *remove = buf_new_arena(a, 0);
        tpl_fav_toggle(remove, csrf, pg_get(r, i, FAV_EVENT), "remove", here, "true",
                       "Saved — remove from favorites", pg_get(r, i, FAV_SUMMARY + 1));
        web_card_with(p->o, a, r, i, FAV_SUMMARY, FAV_SESSION, remove->data);
    }
    tpl_cards_close(p->o);
}

static void render(struct page *p, const struct pg_result *r, int64_t total, int64_t n,
                   int64_t last)
{
    page_begin(p, &(struct page_meta){ .title = "Your favorites - Marquee", .noindex = true });
    tpl_favorites_open(
        p->o, arena_printf(p->req->arena, "%lld event%s", (long long)total, total == 1 ? "" : "s"));
    if (total == 0) {
        tpl_favorites_empty(p->o);
    } else {
        write_cards(p, r);
        tpl_favorites_empty_later(p->o);
        page_pager(p, n, last, "/favorites");
    }
    tpl_favorites_close(p->o);
    page_end(p);
}

void favorites_page(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *r;
    int64_t total;

    if (page_open(&p, req, res) || page_need_user(&p))
        return;
    int64_t n = page_number(&p);
    if (n == 0) {
        page_error(&p, ST_NOT_FOUND, "There is no such page of your favorites.");
        return;
    }
    enum status st = favorites_list(&req->ctx->db, req->arena, p.user->id, FAV_PAGE_SIZE,
                                    (n - 1) * FAV_PAGE_SIZE, &total, &r);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    int64_t last = total > 0 ? (total + FAV_PAGE_SIZE - 1) / FAV_PAGE_SIZE : 1;
    /* A page emptied by removals: its last remaining one instead. */
    if (n > last) {
        page_redirect(&p, last == 1
                              ? "/favorites"
                              : arena_printf(req->arena, "/favorites?page=%lld", (long long)last));
        return;
    }
    render(&p, r, total, n, last);
}

/* Set by app.js when it toggles in place: it wants a 204, not the page
 * the form would be sent back to. */
static bool from_script(struct page *p)
{
    const char *v = request_header(p->req, "HTTP_X_REQUESTED_WITH");
    return v && strcmp(v, "fetch") == 0;
}

void favorites_post(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res))
        return;
    const char *next = page_safe_next(page_field(&p, "next"));
    if (!p.user) {
        struct buf *to = buf_new_arena(req->arena, 0);
        buf_puts(to, "/login?next=");
        html_url(to, next);
        page_redirect(&p, to->data);
        return;
    }
    if (page_form(&p))
        return;
    const char *action = page_field(&p, "action");
    bool add = strcmp(action, "add") == 0;
    if (!add && strcmp(action, "remove") != 0) {
        page_error(&p, ST_INVALID, "This form can only add or remove a favorite.");
        return;
    }
    /* "" is an id that cannot exist, never "all of them". */
    enum status st = favorites_change(req, p.user->id, add ? FAVORITES_ADD : FAVORITES_REMOVE,
                                      page_field(&p, "event_id"));
    if (st != ST_OK) {
        page_error(&p, st,
                   st == ST_NOT_FOUND ? "There is no such event. It may have been removed." : NULL);
        return;
    }
    if (from_script(&p))
        reply_no_content(res);
    else
        page_redirect(&p, next);
}
