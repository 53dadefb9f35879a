/*
 * The marketplace pages: /sell, /orders, /orders/{id} (spec/WEB.md), on
 * the market domain's code (app/market/) as the API is. All of them are
 * personal: never cached, and a reader who is not signed in is sent to
 * sign in first. This file routes them and holds what they show alike.
 */
#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "web/market_web.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web.h"

#include <ctype.h>

const char *market_place(struct arena *a, const char *section, const char *row, const char *seat)
{
    struct buf *b = buf_new_arena(a, 0);
    const char *parts[][2] = { { "Section ", section }, { "row ", row }, { "seat ", seat } };
    for (size_t i = 0; i < MQ_ARRAY_LEN(parts); i++) {
        if (!parts[i][1] || !*parts[i][1])
            continue;
        /* The first part named starts with a capital letter. */
        const char *name = parts[i][0];
        buf_printf(b, "%s%c%s%s", b->len ? ", " : "", b->len ? name[0] : toupper(name[0]), name + 1,
                   parts[i][1]);
    }
    return b->len ? b->data : "No seat details";
}

const char *market_clock(struct arena *a, int64_t t)
{
    int64_t s = ((t % 86400) + 86400) % 86400;
    return arena_printf(a, "%02d:%02d UTC", (int)(s / 3600), (int)(s / 60 % 60));
}

const char *market_sentence(struct arena *a, const char *message)
{
    char *s = arena_strdup(a, message);
    s[0] = (char)toupper((unsigned char)s[0]);
    return s;
}

struct market_status market_order_status(struct arena *a, const char *status, int64_t expires)
{
    if (strcmp(status, "created") == 0)
        return (struct market_status){
            arena_printf(a, "Held \xe2\x80\x94 pay by %s", market_clock(a, expires)), "mk-held"
        };
    if (strcmp(status, "complete") == 0)
        return (struct market_status){ "Paid", "mk-paid" };
    if (strcmp(status, "expired") == 0)
        return (struct market_status){ "Expired", "mk-expired" };
    return (struct market_status){ "Cancelled", "mk-cancelled" };
}

struct market_status market_ticket_status(const char *status)
{
    if (strcmp(status, "available") == 0)
        return (struct market_status){ "On sale", "mk-available" };
    if (strcmp(status, "reserved") == 0)
        return (struct market_status){ "Held by a buyer", "mk-held" };
    if (strcmp(status, "sold") == 0)
        return (struct market_status){ "Sold", "mk-paid" };
    return (struct market_status){ "Withdrawn", "mk-cancelled" };
}

void market_refused(struct page *p, enum status st, const char *heading, const char *message,
                    const char *href)
{
    p->res->error = st;
    page_begin_status(p, status_http(st), &(struct page_meta){ .title = heading, .noindex = true });
    tpl_mk_buy_refused(p->o, heading, message, href);
    page_end(p);
}

const struct route market_routes[] = {
    { "GET", "/sell", AUTH_PUBLIC, sell_page, CACHE_NONE },
    { "POST", "/sell", AUTH_PUBLIC, sell_post, CACHE_NONE },
    { "POST", "/sell/{id}/withdraw", AUTH_PUBLIC, sell_withdraw, CACHE_NONE },
    { "GET", "/orders", AUTH_PUBLIC, orders_page, CACHE_NONE },
    { "POST", "/orders", AUTH_PUBLIC, orders_post, CACHE_NONE },
    { "GET", "/orders/line", AUTH_PUBLIC, orders_line_page, CACHE_NONE },
    { "GET", "/orders/{id}", AUTH_PUBLIC, checkout_page, CACHE_NONE },
    { "POST", "/orders/{id}/pay", AUTH_PUBLIC, checkout_pay, CACHE_NONE },
    { "POST", "/orders/{id}/cancel", AUTH_PUBLIC, checkout_cancel, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
