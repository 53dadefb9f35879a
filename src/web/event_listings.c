#include "config.h"
#include "core/common.h"
#include "web/event_listings.h"
#include "app/market/tickets_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web_events.h"

#include <ctype.h>

/* Session columns (events_store.h). */
enum { S_ID = 0, S_START = 2, S_STATUS = 10 };

bool event_cancelled(const char *status)
{
    return status && (strcmp(status, "cancelled") == 0 || strcmp(status, "canceled") == 0);
}

bool event_session_started(const struct pg_result *r, int row, int col, int64_t now)
{
    return !pg_is_null(r, row, col + S_START) && pg_get_i64(r, row, col + S_START) <= now;
}

bool event_session_on_sale(const struct pg_result *r, int row, int col, int64_t now)
{
    return !pg_is_null(r, row, col + S_ID) && !event_session_started(r, row, col, now) &&
           !event_cancelled(pg_get(r, row, col + S_STATUS));
}

/* "Section A, row 3, seat 12", after the listing's title when the seller
 * gave one other than the event's name. */
static const char *place(struct arena *a, const struct pg_result *t, int row, const char *name)
{
    static const char *const labels[] = { "section", "row", "seat" };
    static const int cols[] = { TK_SECTION, TK_ROW, TK_SEAT };
    struct buf *b = buf_new_arena(a, 0);
    const char *title = pg_get(t, row, TK_TITLE);
    if (title && strcmp(title, name) != 0)
        buf_puts(b, title);
    size_t from = b->len;
    for (size_t i = 0; i < MQ_ARRAY_LEN(cols); i++) {
        const char *s = pg_get(t, row, cols[i]);
        if (s && *s)
            buf_printf(b, "%s%s %s", b->len ? ", " : "", labels[i], s);
    }
    if (b->len == 0)
        return "Seat not specified";
    if (from == 0)
        b->data[0] = (char)toupper((unsigned char)b->data[0]);
    return b->data;
}

void event_listing(struct page *p, const struct pg_result *t, int row, const char *event_name)
{
    struct arena *a = p->req->arena;
    const char *price = web_price(a, pg_get_i64(t, row, TK_PRICE), pg_get(t, row, TK_CURRENCY));
    const char *where = place(a, t, row, event_name);
    if (!p->user)
        tpl_event_listing(p->o, price, where);
    else if (strcmp(pg_get(t, row, TK_SELLER), p->user->id) == 0)
        tpl_event_listing_own(p->o, price, where);
    else
        tpl_event_listing_buy(p->o, price, where, page_csrf(p), pg_get(t, row, TK_ID));
}
