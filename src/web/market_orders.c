/*
 * POST /orders: the Buy button of the event page's listings holds the
 * ticket (orders_create, as POST /api/orders) and sends the buyer to the
 * checkout; while the session's waiting room is open (waitroom.h) it may
 * show a place in line instead, which GET /orders/line?ticket= keeps
 * asking about (a meta refresh) until it is the buyer's turn. /orders:
 * the reader's orders, newest first.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/market_reply.h"
#include "app/market/orders_store.h"
#include "app/market/waitroom.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/html.h"
#include "web/market_web.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web_events.h"

#define ORDERS_PER_PAGE 20

/* What the buyer reads when orders_create refuses: a heading per result
 * word; the message is the domain's (market_reply.h). */
static const char *const refusals[][2] = {
    { "not_found", "This ticket is no longer listed" },
    { "own_ticket", "This is your own ticket" },
    { "not_available", "This ticket is no longer available" },
    { "session_started", "This event has already started" },
    { "too_many_holds", "You are holding too many tickets" },
};

static void refuse(struct page *p, const char *result, const char *back)
{
    struct arena *a = p->req->arena;
    const struct market_outcome *o = market_outcome_find(orders_create_outcomes, result);
    const char *heading = "This ticket cannot be ordered";
    if (!o) {
        page_error(p, ST_INTERNAL, NULL);
        return;
    }
    for (size_t i = 0; i < MQ_ARRAY_LEN(refusals); i++) {
        if (strcmp(refusals[i][0], result) == 0)
            heading = refusals[i][1];
    }
    const char *message = arena_printf(a, "%s.", market_sentence(a, o->message));
    if (o->st == ST_RATE_LIMITED) {
        /* As the API's Retry-After: by then every current hold has ended. */
        int hold = p->req->ctx->cfg->order_hold_s;
        response_header(p->res, "Retry-After", arena_printf(a, "%d", hold));
        message = arena_printf(a, "%s Or try again after %s, when your current holds have ended.",
                               message, market_clock(a, time_now() + hold));
    }
    market_refused(p, o->st, heading, message, back);
}

/* The ticket's event page, to go back to ("/" when it is unknown). */
static enum status ticket_event(struct page *p, const char *ticket, const char **href)
{
    struct pg_result *t;
    *href = "/";
    if (!str_is_uuid(ticket))
        return ST_NOT_FOUND;
    enum status st = tickets_get(&p->req->ctx->db, p->req->arena, ticket, &t);
    if (st == ST_OK)
        *href = web_event_href(p->req->arena, pg_get(t, 0, TK_EVENT));
    return st;
}

static void to_login(struct page *p, const char *next)
{
    struct buf *to = buf_new_arena(p->req->arena, 0);
    buf_puts(to, "/login?next=");
    html_url(to, next);
    page_redirect(p, to->data);
}

static void go_to_order(struct page *p, const char *id)
{
    page_redirect(p, arena_printf(p->req->arena, "/orders/%s", id));
}

/* The place in line: 202, Retry-After, and the same in a meta refresh. */
static void line_page(struct page *p, const struct waitroom_answer *w, const char *ticket,
                      const char *back)
{
    struct arena *a = p->req->arena;
    const char *s = arena_printf(a, "%d", w->retry_after_s);
    response_header(p->res, "Retry-After", s);
    /* ticket is a checked UUID: nothing to escape. */
    const char *refresh = arena_printf(
        a, "<meta http-equiv=\"refresh\" content=\"%s;url=/orders/line?ticket=%s\">\n", s, ticket);
    page_begin_status(
        p, 202,
        &(struct page_meta){ .title = "You are in line", .head_extra = refresh, .noindex = true });
    tpl_mk_line(p->o, arena_printf(a, "%lld", (long long)w->position), s, ticket, back);
    page_end(p);
}

/* What the waiting room says when it does not let the buyer try now; 0
 * when it does. */
static int line_answer(struct page *p, const struct waitroom_answer *w, const char *ticket,
                       const char *back)
{
    struct arena *a = p->req->arena;
    switch (w->verdict) {
    case WR_GO:
    case WR_NO_TICKET:
        return 0;
    case WR_WAIT:
        line_page(p, w, ticket, back);
        break;
    case WR_SOLD_OUT:
        market_refused(p, ST_CONFLICT, "Sold out",
                       "Every ticket for this date is sold or withdrawn.", back);
        break;
    case WR_ALL_HELD:
        response_header(p->res, "Retry-After", arena_printf(a, "%d", w->retry_after_s));
        market_refused(p, ST_CONFLICT, "All tickets are held",
                       arena_printf(a,
                                    "Every ticket for this date is held by another buyer right "
                                    "now. Try again after %s, when the first hold ends.",
                                    market_clock(a, time_now() + w->retry_after_s)),
                       back);
        break;
    case WR_ADDR_LIMIT:
        response_header(p->res, "Retry-After", arena_printf(a, "%d", w->retry_after_s));
        market_refused(p, ST_RATE_LIMITED, "Too many places in line",
                       "Too many people are waiting for this date from your network already. "
                       "Try again in a minute.",
                       back);
        break;
    }
    return -1;
}

static enum status enter_line(struct page *p, const char *ticket, struct waitroom_answer *w)
{
    struct request *req = p->req;
    return waitroom_enter(&req->ctx->db, &req->ctx->kv, req->arena, req->ctx->cfg, ticket,
                          p->user->id, req->remote_addr, w);
}

/* GET /orders/line?ticket=: the reader's place, or their turn (the Buy
 * form again: a GET never orders). */
void orders_line_page(struct request *req, struct response *res)
{
    struct page p;
    const char *back;
    struct waitroom_answer w;

    if (page_open(&p, req, res) || page_need_user(&p))
        return;
    const char *ticket = request_query(req, "ticket");
    enum status st = ticket_event(&p, ticket ? ticket : "", &back);
    if (st == ST_OK)
        st = enter_line(&p, ticket, &w);
    if (st != ST_OK) {
        page_error(&p, st, st == ST_NOT_FOUND ? "This ticket is no longer listed." : NULL);
        return;
    }
    if (line_answer(&p, &w, ticket, back))
        return;
    page_begin(&p, &(struct page_meta){ .title = "It is your turn", .noindex = true });
    tpl_mk_line_turn(p.o, page_csrf(&p), ticket, back);
    page_end(&p);
}

void orders_post(struct request *req, struct response *res)
{
    struct page p;
    const char *back, *result, *held;
    struct pg_result *r;
    struct waitroom_answer w = { .verdict = WR_GO };

    if (page_open(&p, req, res))
        return;
    const char *ticket = page_field(&p, "ticket_id");
    enum status st = ticket_event(&p, ticket, &back);
    /* Signing in changes nothing; afterwards the reader buys again there. */
    if (!p.user) {
        to_login(&p, back);
        return;
    }
    if (page_form(&p))
        return;
    if (st == ST_OK)
        st = enter_line(&p, ticket, &w);
    if (st == ST_OK && line_answer(&p, &w, ticket, back))
        return;
    if (st == ST_OK)
        st = orders_create(&req->ctx->db, req->arena, p.user->id, ticket,
                           req->ctx->cfg->order_hold_s, req->ctx->cfg->max_active_holds, &result,
                           &r);
    if (st != ST_OK) {
        page_error(&p, st, st == ST_NOT_FOUND ? "This ticket is no longer listed." : NULL);
        return;
    }
    if (strcmp(result, "ok") == 0) {
        market_changed(req);
        if (w.position > 0)
            waitroom_leave(&req->ctx->kv, req->arena, w.session, p.user->id);
        go_to_order(&p, pg_get(r, 0, 1 + OR_ID));
        return;
    }
    /* A second click on Buy: the first one's hold is the buyer's. */
    if (strcmp(result, "not_available") == 0 &&
        orders_holding(&req->ctx->db, req->arena, p.user->id, ticket, &held) == ST_OK) {
        go_to_order(&p, held);
        return;
    }
    refuse(&p, result, back);
}

static void order_item(struct page *p, const struct pg_result *r, int i)
{
    struct arena *a = p->req->arena;
    struct market_status s =
        market_order_status(a, pg_get(r, i, OR_STATUS), pg_get_i64(r, i, OR_EXPIRES));
    const char *place =
        market_place(a, pg_get(r, i, OD_TICKET + TK_SECTION), pg_get(r, i, OD_TICKET + TK_ROW),
                     pg_get(r, i, OD_TICKET + TK_SEAT));
    tpl_mk_order(p->o, arena_printf(a, "/orders/%s", pg_get(r, i, OR_ID)),
                 pg_get(r, i, OD_EVENT_NAME), web_session_when(a, r, i, OD_SESSION), place,
                 web_price(a, pg_get_i64(r, i, OR_AMOUNT), pg_get(r, i, OR_CURRENCY)), s.css,
                 s.label);
}

static void pager(struct page *p, int64_t page, int64_t pages)
{
    struct arena *a = p->req->arena;
    if (pages <= 1)
        return;
    tpl_mk_pager_open(p->o);
    if (page > 1)
        tpl_mk_pager_link(p->o, arena_printf(a, "/orders?page=%lld", (long long)(page - 1)),
                          "Newer orders");
    tpl_mk_pager_status(p->o,
                        arena_printf(a, "Page %lld of %lld", (long long)page, (long long)pages));
    if (page < pages)
        tpl_mk_pager_link(p->o, arena_printf(a, "/orders?page=%lld", (long long)(page + 1)),
                          "Older orders");
    tpl_mk_pager_close(p->o);
}

void orders_page(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *r;
    int64_t total;

    if (page_open(&p, req, res) || page_need_user(&p))
        return;
    int64_t page = page_number(&p);
    if (page == 0)
        page = 1; /* not a page number: the first */
    enum status st = orders_detail_list(&req->ctx->db, req->arena, p.user->id, ORDERS_PER_PAGE,
                                        (page - 1) * ORDERS_PER_PAGE, &r, &total);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    int64_t pages = (total + ORDERS_PER_PAGE - 1) / ORDERS_PER_PAGE;
    page_begin(&p,
               &(struct page_meta){ .title = "Your orders", .path = "/orders", .noindex = true });
    tpl_mk_orders_head(p.o);
    if (total == 0)
        tpl_mk_orders_empty(p.o);
    if (pg_nrows(r) > 0) {
        tpl_mk_orders_open(p.o);
        for (int i = 0; i < pg_nrows(r); i++)
            order_item(&p, r, i);
        tpl_mk_list_close(p.o);
    } else if (total > 0) {
        tpl_mk_notice(p.o, "", "There are no orders on this page.");
    }
    pager(&p, page < pages ? page : pages, pages);
    page_end(&p);
}
