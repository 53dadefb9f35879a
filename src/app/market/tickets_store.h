/*
 * tickets_store.h - resale listings (sql/013_market.sql). Changes go
 * through the functions of sql/014_market_functions.sql, which lock the
 * ticket, check the rules against now() and write the outbox rows in the
 * same transaction; they answer with a result word ("ok", "not_found",
 * "forbidden", ...) that the handlers turn into a reply.
 */
#ifndef MQ_TICKETS_STORE_H
#define MQ_TICKETS_STORE_H

#include "core/common.h"
#include "core/status.h"
#include "app/events/events_store.h"

struct arena;
struct pg;
struct pg_result;

/* A ticket's columns, from the column a statement's layout says. status
 * is the effective one: a reservation whose hold has passed reads as
 * available. Times are epoch seconds. */
enum ticket_col {
    TK_ID,
    TK_SESSION,
    TK_EVENT,
    TK_SELLER,
    TK_TITLE,
    TK_SECTION,
    TK_ROW,
    TK_SEAT,
    TK_PRICE,
    TK_CURRENCY,
    TK_STATUS,
    TK_VERSION,
    TK_CREATED,
    TK_UPDATED,
    TK_COLS
};

/* The SQL of those columns, for a tickets row named t. */
#define TICKET_COLUMNS                                                                             \
    "t.id, t.session_id, t.event_id, t.seller_id, t.title, t.section, t.seat_row, t.seat, "        \
    "t.price_cents, t.currency, marquee_ticket_status(t.status, t.held_until), t.version, "        \
    "extract(epoch FROM t.created_at)::int8, extract(epoch FROM t.updated_at)::int8"

#define TICKET_PRICE_MIN 1
#define TICKET_PRICE_MAX 10000000
#define TICKET_TITLE_MAX 200 /* bytes */
#define TICKET_PLACE_MAX 50  /* section, row, seat */

/* A listing's text is printable: no control characters (line breaks,
 * tabs, escapes), which would garble the pages and the JSON of others. */
bool tickets_text_ok(const char *s);

/* What a seller sends. NULL strings (and has_price false) leave a field
 * as it is on update; an empty section, row or seat clears it. */
struct ticket_input {
    const char *session_id; /* create only */
    bool has_price;
    int64_t price_cents;
    const char *currency; /* create only */
    const char *title;
    const char *section;
    const char *row;
    const char *seat;
    int64_t if_match; /* expected version on update; -1: none */
};

struct tickets_filter {
    const char *event_id;   /* NULL: any */
    const char *session_id; /* NULL: any */
    const char *seller_id;  /* NULL: any */
    const char *status;     /* available, reserved, sold, withdrawn */
    bool by_price;          /* price ascending; else session start, then price */
    int64_t limit, offset;
};

/* One ticket (TK_* from column 0); ST_NOT_FOUND if there is none. */
enum status tickets_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out);

/* A page (TK_* from column 0) and the number of matches. */
enum status tickets_list(struct pg *db, struct arena *a, const struct tickets_filter *f,
                         struct pg_result **rows, int64_t *total);

/* The event page's offer: up to per_session of the cheapest available
 * tickets of each of the event's sessions (TK_* from column 0), by session
 * id, then price. */
enum status tickets_cheapest_per_session(struct pg *db, struct arena *a, const char *event_id,
                                         int64_t per_session, struct pg_result **out);

/* A session's tickets now (a lapsed hold counts as available). */
struct session_stock {
    const char *session; /* arena */
    int64_t available, held;
    int64_t first_end_s; /* seconds until the first hold ends; 0 if none */
};

/* The stock of ticket's session; ST_NOT_FOUND for an unknown ticket. */
enum status tickets_session_stock(struct pg *db, struct arena *a, const char *ticket,
                                  struct session_stock *out);

/* A seller's listings as the sell page shows them (tickets_of_seller):
 * TK_* from column 0, the event's name at TS_EVENT_NAME, then the
 * session's columns (events_store.h) at TS_SESSION. */
enum { TS_EVENT_NAME = TK_COLS, TS_SESSION, TS_COLS = TS_SESSION + EV_SESSION_COLS };

/* A page of seller's listings in every status, newest first, and how
 * many there are in all. */
enum status tickets_of_seller(struct pg *db, struct arena *a, const char *seller, int64_t limit,
                              int64_t offset, struct pg_result **rows, int64_t *total);

/* *result: ok, session_not_found, session_started, session_cancelled,
 * currency. On ok, *row holds the new ticket (TK_* from column 1). */
enum status tickets_create(struct pg *db, struct arena *a, const char *seller,
                           const struct ticket_input *in, const char **result,
                           struct pg_result **row);

/* *result: ok, not_found, forbidden, not_available, version. On ok, *row
 * holds the ticket as changed (TK_* from column 1). */
enum status tickets_update(struct pg *db, struct arena *a, const char *id, const char *seller,
                           const struct ticket_input *in, const char **result,
                           struct pg_result **row);

/* *result: ok (also when it was withdrawn already), not_found, forbidden,
 * not_available. */
enum status tickets_withdraw(struct pg *db, struct arena *a, const char *id, const char *seller,
                             const char **result);

#endif
