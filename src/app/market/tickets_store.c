#include "config.h"
#include "core/common.h"
#include "app/market/tickets_store.h"
#include "app/market/market_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt get = {
    "tickets_get",
    "SELECT " TICKET_COLUMNS "\n"
    "FROM tickets t\n"
    "WHERE t.id = $1",
    1, PG_READONLY
};

/* The filters of tickets_list, in every list statement. */
enum { LIST_P_EVENT, LIST_P_SESSION, LIST_P_SELLER, LIST_P_STATUS, LIST_P_LIMIT, LIST_P_OFFSET };

static const struct pg_stmt list_by_price = {
    "tickets_list_price",
    "SELECT " TICKET_COLUMNS "\n"
    "FROM tickets t\n"
    "WHERE ($1::text IS NULL OR t.event_id = $1)\n"
    "  AND ($2::text IS NULL OR t.session_id = $2)\n"
    "  AND ($3::uuid IS NULL OR t.seller_id = $3)\n"
    "  AND marquee_ticket_status(t.status, t.held_until) = $4\n"
    "ORDER BY t.price_cents, t.id\n"
    "LIMIT $5 OFFSET $6",
    6, PG_READONLY
};

static const struct pg_stmt list_by_date = {
    "tickets_list_date",
    "SELECT " TICKET_COLUMNS "\n"
    "FROM tickets t\n"
    "JOIN event_sessions s ON s.id = t.session_id\n"
    "WHERE ($1::text IS NULL OR t.event_id = $1)\n"
    "  AND ($2::text IS NULL OR t.session_id = $2)\n"
    "  AND ($3::uuid IS NULL OR t.seller_id = $3)\n"
    "  AND marquee_ticket_status(t.status, t.held_until) = $4\n"
    "ORDER BY s.start_at NULLS LAST, t.price_cents, t.id\n"
    "LIMIT $5 OFFSET $6",
    6, PG_READONLY
};

static const struct pg_stmt count = {
    "tickets_count",
    "SELECT count(*)\n"
    "FROM tickets t\n"
    "WHERE ($1::text IS NULL OR t.event_id = $1)\n"
    "  AND ($2::text IS NULL OR t.session_id = $2)\n"
    "  AND ($3::uuid IS NULL OR t.seller_id = $3)\n"
    "  AND marquee_ticket_status(t.status, t.held_until) = $4",
    4, PG_READONLY
};

/* Each session's cheapest first through tickets_session_offer, so an
 * event with thousands of listings still reads a few rows per session. */
enum { CHEAPEST_P_EVENT, CHEAPEST_P_PER_SESSION, CHEAPEST_P_COUNT };

static const struct pg_stmt cheapest_per_session = {
    "tickets_cheapest_per_session",
    "SELECT " TICKET_COLUMNS "\n"
    "FROM event_sessions s\n"
    "CROSS JOIN LATERAL (\n"
    "  SELECT * FROM tickets x\n"
    "  WHERE x.session_id = s.id AND x.status IN ('available', 'reserved')\n"
    "    AND marquee_ticket_status(x.status, x.held_until) = 'available'\n"
    "  ORDER BY x.price_cents, x.id\n"
    "  LIMIT $2) t\n"
    "WHERE s.event_id = $1\n"
    "ORDER BY t.session_id, t.price_cents, t.id",
    CHEAPEST_P_COUNT, PG_READONLY
};

enum { CREATE_P_SELLER, CREATE_P_SESSION, CREATE_P_PRICE, CREATE_P_CURRENCY, CREATE_P_TITLE,
       CREATE_P_SECTION, CREATE_P_ROW, CREATE_P_SEAT, CREATE_P_COUNT };

static const struct pg_stmt create = {
    "tickets_create",
    "SELECT r.result, " TICKET_COLUMNS "\n"
    "FROM marquee_ticket_create($1, $2, $3, $4, $5, $6, $7, $8) r\n"
    "LEFT JOIN LATERAL (SELECT (r.t).*) t ON true",
    CREATE_P_COUNT, 0
};

enum { UPDATE_P_TICKET, UPDATE_P_SELLER, UPDATE_P_VERSION, UPDATE_P_PRICE, UPDATE_P_TITLE,
       UPDATE_P_SECTION, UPDATE_P_ROW, UPDATE_P_SEAT, UPDATE_P_COUNT };

static const struct pg_stmt update = {
    "tickets_update",
    "SELECT r.result, " TICKET_COLUMNS "\n"
    "FROM marquee_ticket_update($1, $2, $3, $4, $5, $6, $7, $8) r\n"
    "LEFT JOIN LATERAL (SELECT (r.t).*) t ON true",
    UPDATE_P_COUNT, 0
};

enum { SELLER_P_SELLER, SELLER_P_LIMIT, SELLER_P_OFFSET, SELLER_P_COUNT };

static const struct pg_stmt of_seller = {
    "tickets_of_seller",
    "SELECT " TICKET_COLUMNS ", e.name, " MARKET_SESSION_COLUMNS "\n"
    "FROM tickets t\n"
    "JOIN events e ON e.id = t.event_id\n"
    "JOIN event_sessions s ON s.id = t.session_id\n"
    "WHERE t.seller_id = $1\n"
    "ORDER BY t.created_at DESC, t.id DESC\n"
    "LIMIT $2 OFFSET $3",
    SELLER_P_COUNT, PG_READONLY
};

static const struct pg_stmt of_seller_count = {
    "tickets_of_seller_count",
    "SELECT count(*) FROM tickets t WHERE t.seller_id = $1",
    1, PG_READONLY
};

static const struct pg_stmt withdraw = {
    "tickets_withdraw",
    "SELECT result FROM marquee_ticket_withdraw($1, $2)",
    2, 0
};

/* The ticket's session, how many of its tickets are available now (a
 * lapsed hold counts as available, as everywhere), how many are held, and
 * in how many seconds the first hold ends. */
enum { STOCK_P_TICKET, STOCK_NPARAMS };
enum { STOCK_SESSION, STOCK_AVAILABLE, STOCK_HELD, STOCK_FIRST_END };
static const struct pg_stmt session_stock = {
    "tickets_session_stock",
    "SELECT s.session_id,\n"
    "       count(*) FILTER (WHERE marquee_ticket_status(x.status, x.held_until) = 'available'),\n"
    "       count(*) FILTER (WHERE marquee_ticket_status(x.status, x.held_until) = 'reserved'),\n"
    "       coalesce(ceil(extract(epoch FROM min(x.held_until) FILTER (\n"
    "           WHERE x.status = 'reserved' AND x.held_until > now()) - now())), 0)::int8\n"
    "FROM tickets s\n"
    "JOIN tickets x ON x.session_id = s.session_id\n"
    "WHERE s.id = $1\n"
    "GROUP BY s.session_id",
    STOCK_NPARAMS, PG_READONLY
};
/* clang-format on */

enum status tickets_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out)
{
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &get, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status tickets_list(struct pg *db, struct arena *a, const struct tickets_filter *f,
                         struct pg_result **rows, int64_t *total)
{
    const char *params[] = {
        [LIST_P_EVENT] = f->event_id,
        [LIST_P_SESSION] = f->session_id,
        [LIST_P_SELLER] = f->seller_id,
        [LIST_P_STATUS] = f->status,
        [LIST_P_LIMIT] = market_i64(a, f->limit),
        [LIST_P_OFFSET] = market_i64(a, f->offset),
    };
    struct pg_result *n;
    enum status st = pg_exec(db, a, f->by_price ? &list_by_price : &list_by_date, params, rows);
    if (st == ST_OK)
        st = pg_exec(db, a, &count, params, &n);
    if (st == ST_OK)
        *total = pg_get_i64(n, 0, 0);
    return st;
}

enum status tickets_cheapest_per_session(struct pg *db, struct arena *a, const char *event_id,
                                         int64_t per_session, struct pg_result **out)
{
    const char *params[] = {
        [CHEAPEST_P_EVENT] = event_id,
        [CHEAPEST_P_PER_SESSION] = market_i64(a, per_session),
    };
    return pg_exec(db, a, &cheapest_per_session, params, out);
}

enum status tickets_session_stock(struct pg *db, struct arena *a, const char *ticket,
                                  struct session_stock *out)
{
    const char *params[STOCK_NPARAMS] = { [STOCK_P_TICKET] = ticket };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &session_stock, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    out->session = pg_get(r, 0, STOCK_SESSION);
    out->available = pg_get_i64(r, 0, STOCK_AVAILABLE);
    out->held = pg_get_i64(r, 0, STOCK_HELD);
    out->first_end_s = pg_get_i64(r, 0, STOCK_FIRST_END);
    return ST_OK;
}

enum status tickets_of_seller(struct pg *db, struct arena *a, const char *seller, int64_t limit,
                              int64_t offset, struct pg_result **rows, int64_t *total)
{
    const char *params[] = {
        [SELLER_P_SELLER] = seller,
        [SELLER_P_LIMIT] = market_i64(a, limit),
        [SELLER_P_OFFSET] = market_i64(a, offset),
    };
    struct pg_result *n;
    enum status st = pg_exec(db, a, &of_seller, params, rows);
    if (st == ST_OK)
        st = pg_exec(db, a, &of_seller_count, params, &n);
    if (st == ST_OK)
        *total = pg_get_i64(n, 0, 0);
    return st;
}

enum status tickets_create(struct pg *db, struct arena *a, const char *seller,
                           const struct ticket_input *in, const char **result,
                           struct pg_result **row)
{
    const char *params[] = {
        [CREATE_P_SELLER] = seller,
        [CREATE_P_SESSION] = in->session_id,
        [CREATE_P_PRICE] = market_i64(a, in->price_cents),
        [CREATE_P_CURRENCY] = in->currency,
        [CREATE_P_TITLE] = in->title,
        [CREATE_P_SECTION] = in->section,
        [CREATE_P_ROW] = in->row,
        [CREATE_P_SEAT] = in->seat,
    };
    return market_change(db, a, &create, params, result, row);
}

enum status tickets_update(struct pg *db, struct arena *a, const char *id, const char *seller,
                           const struct ticket_input *in, const char **result,
                           struct pg_result **row)
{
    const char *params[] = {
        [UPDATE_P_TICKET] = id,
        [UPDATE_P_SELLER] = seller,
        [UPDATE_P_VERSION] = in->if_match >= 0 ? market_i64(a, in->if_match) : NULL,
        [UPDATE_P_PRICE] = in->has_price ? market_i64(a, in->price_cents) : NULL,
        [UPDATE_P_TITLE] = in->title,
        [UPDATE_P_SECTION] = in->section,
        [UPDATE_P_ROW] = in->row,
        [UPDATE_P_SEAT] = in->seat,
    };
    return market_change(db, a, &update, params, result, row);
}

enum status tickets_withdraw(struct pg *db, struct arena *a, const char *id, const char *seller,
                             const char **result)
{
    const char *params[] = { id, seller };
    struct pg_result *r;
    return market_change(db, a, &withdraw, params, result, &r);
}

bool tickets_text_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
    }
    return true;
}
