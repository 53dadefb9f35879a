/*
 * /events/{id}/tickets?session=S: every available resale listing of one
 * session, cheapest first, a page of EVENT_TICKETS_PAGE at a time, with Buy
 * forms for a signed-in reader. The event page shows the cheapest few and
 * links here for the rest. Cached for anonymous readers like the event page
 * (the marketplace bumps the catalogue version when a listing changes).
 */
#include "config.h"
#include "core/common.h"
#include "web/event_listings.h"
#include "app/events/events_store.h"
#include "app/market/tickets_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/request.h"
#include "server/worker.h"
#include "web/html.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web_events.h"

#define EVENT_ID_LEN 64

struct tickets_view {
    const char *id, *sid;
    struct pg_result *ev; /* events_get */
    int row;              /* the session's row of ev */
    struct pg_result *tickets;
    int64_t total, page;
};

const char *event_tickets_href(struct arena *a, const char *id, const char *sid)
{
    struct buf *b = buf_new_arena(a, 0);
    buf_printf(b, "%s/tickets?session=", web_event_href(a, id));
    html_url(b, sid);
    return b->data;
}

/* The row of ev holding session sid, or -1. */
static int session_row(const struct pg_result *ev, const char *sid)
{
    for (int i = 0; i < pg_nrows(ev); i++) {
        const char *s = pg_get(ev, i, EV_GET_SESSION);
        if (s && strcmp(s, sid) == 0)
            return i;
    }
    return -1;
}

static enum status load(struct page *p, struct tickets_view *v)
{
    struct pg *db = &p->req->ctx->db;
    struct arena *a = p->req->arena;
    enum status st = events_get(db, a, v->id, &v->ev);
    if (st != ST_OK)
        return st;
    v->row = session_row(v->ev, v->sid);
    if (v->row < 0)
        return ST_NOT_FOUND;
    if (!event_session_on_sale(v->ev, v->row, EV_GET_SESSION, time_now())) {
        v->total = 0;
        return ST_OK;
    }
    struct tickets_filter f = {
        .event_id = v->id,
        .session_id = v->sid,
        .status = "available",
        .by_price = true,
        .limit = EVENT_TICKETS_PAGE,
        .offset = (v->page - 1) * EVENT_TICKETS_PAGE,
    };
    return tickets_list(db, a, &f, &v->tickets, &v->total);
}

static void render(struct page *p, const struct tickets_view *v)
{
    struct arena *a = p->req->arena;
    const char *name = pg_get(v->ev, 0, EV_GET_SUMMARY + 1);
    const char *venue = pg_get(v->ev, 0, EV_GET_SUMMARY + 4);
    const char *event_href = web_event_href(a, v->id);
    const char *when = web_session_when(a, v->ev, v->row, EV_GET_SESSION);
    int64_t last = (v->total + EVENT_TICKETS_PAGE - 1) / EVENT_TICKETS_PAGE;

    page_begin(p, &(struct page_meta){
                      .title = arena_printf(a, "Resale tickets: %s, %s | Marquee", name, when),
                      .description = arena_printf(a, "Tickets resold by fans for %s at %s, %s.",
                                                  name, venue, when),
                      .path = event_tickets_href(a, v->id, v->sid),
                      .noindex = v->page > 1,
                  });
    if (v->total == 0 || !v->tickets || pg_nrows(v->tickets) == 0) {
        tpl_event_tickets_none(p->o, event_href, name);
    } else {
        tpl_event_tickets_open(
            p->o, event_href, name, venue, when,
            arena_printf(a, "%lld ticket%s", (long long)v->total, v->total == 1 ? "" : "s"));
        for (int i = 0; i < pg_nrows(v->tickets); i++)
            event_listing(p, v->tickets, i, name);
        tpl_event_tickets_close(p->o);
        page_pager(p, v->page, last, event_tickets_href(a, v->id, v->sid));
    }
    tpl_event_tickets_end(p->o);
    page_end(p);
}

void event_tickets_page(struct request *req, struct response *res)
{
    struct page p;
    struct tickets_view v = { .id = req->params[0] };

    if (page_open(&p, req, res))
        return;
    v.sid = request_query(req, "session");
    v.page = page_number(&p);
    /* Event ids are sha256 hex: anything else cannot exist. */
    enum status st = str_is_hex_lower(v.id, EVENT_ID_LEN) && v.sid && *v.sid && v.page > 0
                         ? load(&p, &v)
                         : ST_NOT_FOUND;
    if (st == ST_OK && v.page > 1 && (v.page - 1) * EVENT_TICKETS_PAGE >= v.total)
        st = ST_NOT_FOUND; /* past the last page */
    if (st != ST_OK) {
        page_error(&p, st,
                   st == ST_NOT_FOUND ? "We could not find these tickets. The date may not belong "
                                        "to this event, or the address may be mistyped."
                                      : NULL);
        return;
    }
    render(&p, &v);
}
