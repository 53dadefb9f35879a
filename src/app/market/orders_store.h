/*
 * orders_store.h - orders and their holds (sql/013_market.sql). Reserving
 * and cancelling go through marquee_order_create / marquee_order_cancel
 * (sql/014_market_functions.sql): one transaction that locks the ticket,
 * checks availability against now() and writes the outbox rows.
 */
#ifndef MQ_ORDERS_STORE_H
#define MQ_ORDERS_STORE_H

#include "core/common.h"
#include "core/status.h"
#include "app/events/events_store.h"
#include "app/market/tickets_store.h"

struct arena;
struct pg;
struct pg_result;

/* An order's columns; its ticket's TK_* columns follow at OR_COLS.
 * status is the effective one (a lapsed hold reads as expired). */
enum order_col {
    OR_ID,
    OR_TICKET,
    OR_BUYER,
    OR_STATUS,
    OR_AMOUNT,
    OR_CURRENCY,
    OR_EXPIRES,
    OR_CREATED,
    OR_UPDATED,
    OR_COLS
};

/* The SQL of those columns, for an orders row named o. */
#define ORDER_COLUMNS                                                                              \
    "o.id, o.ticket_id, o.buyer_id, marquee_order_status(o.status, o.expires_at), "                \
    "o.amount_cents, o.currency, extract(epoch FROM o.expires_at)::int8, "                         \
    "extract(epoch FROM o.created_at)::int8, extract(epoch FROM o.updated_at)::int8"

/* One order with its ticket (OR_* from column 0); ST_NOT_FOUND if none. */
enum status orders_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out);

/* A page of the buyer's orders, newest first (status NULL: any), and the
 * number of matches. */
enum status orders_list(struct pg *db, struct arena *a, const char *buyer, const char *status,
                        int64_t limit, int64_t offset, struct pg_result **rows, int64_t *total);

/* An order as its pages show it (orders_detail_*): OR_* from column 0,
 * its ticket's TK_* at OD_TICKET, its event's name and venue, the end of
 * its hold in epoch milliseconds, then its session's columns
 * (events_store.h) at OD_SESSION. */
enum {
    OD_TICKET = OR_COLS,
    OD_EVENT_NAME = OR_COLS + TK_COLS,
    OD_VENUE,
    OD_EXPIRES_MS,
    OD_SESSION,
    OD_COLS = OD_SESSION + EV_SESSION_COLS
};

/* One order (OD_* layout); ST_NOT_FOUND if none. */
enum status orders_detail_get(struct pg *db, struct arena *a, const char *id,
                              struct pg_result **out);

/* A page of the buyer's orders (OD_* layout), newest first, and how many
 * there are in all. */
enum status orders_detail_list(struct pg *db, struct arena *a, const char *buyer, int64_t limit,
                               int64_t offset, struct pg_result **rows, int64_t *total);

/* The buyer's order holding ticket now, if any: *id (arena) or
 * ST_NOT_FOUND. A second click on Buy finds the first one's order. */
enum status orders_holding(struct pg *db, struct arena *a, const char *buyer, const char *ticket,
                           const char **id);

/* *result: ok, not_found, own_ticket, not_available, session_started,
 * too_many_holds. On ok, *row holds the order (OR_* from column 1). */
enum status orders_create(struct pg *db, struct arena *a, const char *buyer, const char *ticket,
                          int hold_s, int max_holds, const char **result, struct pg_result **row);

/* *result: ok, noop (cancelled or expired already), not_found, forbidden,
 * complete. */
enum status orders_cancel(struct pg *db, struct arena *a, const char *buyer, const char *id,
                          const char **result);

/* Ends up to limit lapsed holds in one transaction; *n: how many. */
enum status orders_expire(struct pg *db, struct arena *a, int limit, int64_t *n);

#endif
