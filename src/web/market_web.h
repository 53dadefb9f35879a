/*
 * market_web.h - what the marketplace page files share: their handlers
 * (routed in market_pages.c) and the words and numbers they show alike.
 */
#ifndef MQ_MARKET_WEB_H
#define MQ_MARKET_WEB_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

struct arena;
struct page;

/* market_sell.c: /sell, both steps; POST /sell; POST /sell/{id}/withdraw. */
void sell_page(struct request *req, struct response *res);
void sell_post(struct request *req, struct response *res);
void sell_withdraw(struct request *req, struct response *res);

/* market_orders.c: POST /orders (buy: a hold), /orders. */
void orders_post(struct request *req, struct response *res);
/* GET /orders/line?ticket=: a place in a session's waiting line. */
void orders_line_page(struct request *req, struct response *res);
void orders_page(struct request *req, struct response *res);

/* market_checkout.c: /orders/{id}, its pay and cancel forms. */
void checkout_page(struct request *req, struct response *res);
void checkout_pay(struct request *req, struct response *res);
void checkout_cancel(struct request *req, struct response *res);

/* "Section A, row 3, seat 12"; "No seat details" when none is given. */
const char *market_place(struct arena *a, const char *section, const char *row, const char *seat);

/* t (epoch seconds) as "14:32 UTC": holds are minutes long, so the hour
 * is enough, and the reader's zone is not known to the server. */
const char *market_clock(struct arena *a, int64_t t);

/* An outcome's message (app/market/market_reply.h) for people: "the
 * session ..." becomes "The session ..." (no full stop added). */
const char *market_sentence(struct arena *a, const char *message);

/* What an order's effective status reads as, and its CSS class. */
struct market_status {
    const char *label;
    const char *css;
};
struct market_status market_order_status(struct arena *a, const char *status, int64_t expires);
struct market_status market_ticket_status(const char *status);

/* The error page of a refused change: st's HTTP status, heading and
 * message, with a link back to href. */
void market_refused(struct page *p, enum status st, const char *heading, const char *message,
                    const char *href);

#endif
