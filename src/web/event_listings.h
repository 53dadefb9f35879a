/*
 * event_listings.h - what the event page and its tickets page share: which
 * sessions sell resale tickets, and one listing with its Buy form.
 */
#ifndef MQ_EVENT_LISTINGS_H
#define MQ_EVENT_LISTINGS_H

#include "core/common.h"

struct arena;
struct page;
struct pg_result;
struct request;
struct response;

/* Ticketmaster's cancelled status, in either spelling. */
bool event_cancelled(const char *status);

/* Whether the session at col of row has started by now (epoch seconds). */
bool event_session_started(const struct pg_result *r, int row, int col, int64_t now);

/* Resale tickets can be bought for the session at col of row: there is
 * one, it has not started (the marketplace refuses orders then) and it is
 * not cancelled. */
bool event_session_on_sale(const struct pg_result *r, int row, int col, int64_t now);

/* One listing of t (tickets_store.h TK_* layout) at row: price and place,
 * with a Buy form for a signed-in reader who is not its seller. */
void event_listing(struct page *p, const struct pg_result *t, int row, const char *event_name);

/* GET /events/{id}/tickets?session=S[&page=N] (event_tickets.c): every
 * available listing of one session, cheapest first, EVENT_TICKETS_PAGE a
 * page: where the event page's "and N more" leads. */
#define EVENT_TICKETS_PAGE 30
void event_tickets_page(struct request *req, struct response *res);

/* "/events/<id>/tickets?session=<sid>", percent-encoded (arena). */
const char *event_tickets_href(struct arena *a, const char *id, const char *sid);

#endif
